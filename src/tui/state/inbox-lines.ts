/**
 * The inbox as lines: the view bar and one line per visible conversation, fitted to the width with
 * CJK and emoji counted as two columns. Only the rows on screen are built (the list may hold 50,000).
 */
import { formatAge, waitedAge } from '../../cli/output/format-age.js';
import { safeLine } from '../../cli/output/terminal-text.js';
import { displayWidth, fitWidth, padWidth } from '../../cli/output/terminal-width.js';
import { padTo, senderColumnWidth, showAddress } from '../../cli/output/address-line.js';
import { views, type AppState, type Row } from './app-state.js';
import { promiseFlag } from '../../cli/output/promise-flag.js';
import type { Line, Span } from './conversation-lines.js';
import { bodyHeight, previewWidth } from './layout.js';

const viewLabels: Record<(typeof views)[number], string> = { open: 'Open', waiting: 'Waiting', snoozed: 'Snoozed', closed: 'Closed', all: 'All', other: 'Other' };

const shortLabels: Record<(typeof views)[number], string> = { open: 'Open', waiting: 'Wait', snoozed: 'Snz', closed: 'Clsd', all: 'All', other: 'Oth' };

export function inboxHeader(state: AppState): Line {
  const count = state.inbox.loaded ? `${state.inbox.rows.length.toLocaleString('en')} ${state.inbox.filter ? (state.inbox.rows.length === 1 ? 'match' : 'matches') : state.inbox.rows.length === 1 ? 'conversation' : 'conversations'}` : 'loading…';
  const tail: Span[] = [{ text: `  ${count}`, bold: true }];
  // Least important last: a narrow terminal cuts the end of the line.
  if (state.inbox.filter) tail.push({ text: ` · /${safeLine(state.inbox.filter)}`, color: 'cyan' });
  tail.push({ text: ` · ${state.inbox.sort === 'waiting' ? 'longest waiting first' : 'newest first'}`, dim: true });
  // The view tabs take what the count and filter leave: full names, else short ones, else numbers.
  const all = [...views, ...state.inbox.savedViews];
  // One column for the line's end, one for the ellipsis where what follows the count is cut.
  const budget = Math.max(20, state.size.columns - 2) - tail.slice(0, state.inbox.filter ? 2 : 1).reduce((n, s) => n + displayWidth(s.text), 0);
  const tabs = (label: (v: (typeof all)[number]) => string) =>
    all.map((v, i) => {
      const active = v === state.inbox.view;
      const inner = i < 9 ? `${i + 1}${label(v) ? ` ${label(v)}` : ''}` : label(v);
      // Brackets mark the active tab without colour too (NO_COLOR), in the same width.
      return { text: active ? `[${inner}]` : ` ${inner} `, inverse: active, bold: active } satisfies Span;
    });
  const width = (spans: Span[]) => spans.reduce((n, s) => n + displayWidth(s.text), 0);
  const fullLabel = (v: (typeof all)[number]) => (v.startsWith('@') ? safeLine(v) : viewLabels[v as (typeof views)[number]]);
  const shortLabel = (v: (typeof all)[number]) => (v.startsWith('@') ? safeLine(v).slice(0, 4) : shortLabels[v as (typeof views)[number]]);
  // Tighter and tighter: short labels, then saved searches by number only, then every tab but the
  // active one by number only.
  const candidates = [
    tabs(fullLabel),
    tabs(shortLabel),
    tabs((v) => (v.startsWith('@') && v !== state.inbox.view ? '' : shortLabel(v))),
  ];
  const chosen = candidates.find((c) => width(c) <= budget) ?? tabs((v) => (v === state.inbox.view ? fullLabel(v) : ''));
  return [...chosen, ...tail];
}

/** How long the customer has waited: "3h", "2d"; empty when the shop spoke last or it is closed. */
export function waited(row: Row, now: number): string {
  return row.waitingSince && row.status !== 'closed' ? waitedAge(row.waitingSince, now, row.paused) : '';
}

/**
 * The time column, what matters for the row's status: how long the customer has waited ("3h");
 * for a snoozed conversation when it wakes ("→2d", in two days); for one waiting on the customer
 * when you last replied ("↩2h"); for a closed one when it was closed ("✓3d"). The sign is left out
 * when it would not fit the column's four places ("11mo"). With `words` (the Waiting and Closed
 * views, when the list has the room: timeInWords), the last two are said: "replied 2h ago",
 * "closed 3 Dec".
 */
export function timeColumn(row: Row, now: number, words = false): { text: string; waiting: boolean } {
  const signed = (sign: string, age: string) => ({ text: age.length < shortTimeWidth ? `${sign}${age}` : age, waiting: false });
  if (row.status === 'snoozed' && row.snoozedUntil) return signed('→', formatAge(now, Date.parse(row.snoozedUntil)));
  if (row.status === 'waiting' && row.lastRepliedAt && !row.waitingSince) {
    const at = Date.parse(row.lastRepliedAt);
    return words ? { text: `replied ${saidWhen(at, now)}`, waiting: false } : signed('↩', formatAge(at, now));
  }
  if (row.status === 'closed' && row.statusChangedAt) {
    const at = Date.parse(row.statusChangedAt);
    return words ? { text: `closed ${saidWhen(at, now)}`, waiting: false } : signed('✓', formatAge(at, now));
  }
  return { text: waited(row, now), waiting: true };
}

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * When something happened, as said in a sentence: "just now", "2h ago", "6d ago" within the week;
 * before that the day, "3 Dec", or the month of another year, "Dec 2025" (the owner's time zone).
 */
export function saidWhen(at: number, now: number): string {
  if (now - at < 7 * 86_400_000) {
    const age = formatAge(at, now);
    return age === 'now' ? 'just now' : `${age} ago`;
  }
  const day = new Date(at);
  const month = months[day.getMonth()];
  return day.getFullYear() === new Date(now).getFullYear() ? `${day.getDate()} ${month}` : `${month} ${day.getFullYear()}`;
}

/** The time column's width, short ("25m", "→2d", "11mo") and in words ("replied just now", "closed Dec 2025"). */
const shortTimeWidth = 4;
const wordsTimeWidth = 16;

/**
 * Whether the rows say their time in words: in the Waiting and Closed views, where that time is
 * the point of the view, when the list is 76 columns or wider (an 80-column terminal); narrower,
 * the subject keeps the room and the time is signed ("↩2h").
 */
export function timeInWords(state: AppState): boolean {
  return (state.inbox.view === 'waiting' || state.inbox.view === 'closed') && rowWidth(state) >= 76;
}

/** The sender column's width for the rows on screen; a row whose address is wider gives its subject less room. */
export function senderWidth(rows: Row[], width: number): number {
  return senderColumnWidth(rows.map((r) => r.email), width, Math.max(8, Math.min(22, Math.floor(width * 0.22))));
}

/** `timeInWords`: the time column in words (see timeInWords). */
export function rowLine(row: Row, options: { width: number; now: number; isCursor: boolean; isMarked: boolean; senderWidth?: number; timeInWords?: boolean }): Line {
  const { width, now } = options;
  const column = options.senderWidth ?? senderWidth([row], width);
  const sender = showAddress({ name: row.name, email: row.email }, column);
  const nameWidth = Math.max(column, displayWidth(sender));
  const time = timeColumn(row, now, options.timeInWords);
  const timeWidth = options.timeInWords ? wordsTimeWidth : shortTimeWidth;
  const age = time.text;
  const count = row.messageCount > 1 ? String(row.messageCount) : '';
  // cursor, mark, unread dot, sender, subject+tags, count, waited, with a space between each.
  const fixed = 1 + 1 + 1 + 1 + nameWidth + 1 + 1 + 3 + 1 + timeWidth;
  const rest = Math.max(4, width - fixed);
  const tags = row.tags.length ? ` ${row.tags.map((t) => `+${safeLine(t)}`).join(' ')}` : '';
  const tagText = displayWidth(tags) > rest / 2 ? fitWidth(tags, Math.floor(rest / 2)) : tags;
  // A reply that did not go outweighs a draft: it is something the customer is waiting for.
  const draftMark = row.replyFailed ? '! ' : row.hasDraft ? '✎ ' : '';
  // A promise: ⚑ while it waits its day, said in words once due (then the row is first and open).
  const promiseMark = row.promise ? (row.promise.due ? `${promiseFlag(row.promise)} ` : '⚑ ') : '';
  const subject = padWidth(safeLine(row.subject || '(no subject)'), rest - displayWidth(tagText) - displayWidth(draftMark) - displayWidth(promiseMark));
  const bold = row.isUnread;
  const ageColor = !age ? undefined : !time.waiting ? 'cyan' : /[dwy]|mo/.test(age) ? 'red' : 'yellow';
  const spans: Span[] = [
    // The cursor shows without colour too (NO_COLOR, monochrome terminals), like mutt's arrow cursor.
    { text: options.isCursor ? '›' : ' ', bold: true },
    { text: options.isMarked ? '*' : ' ', color: 'magenta', bold: true },
    { text: row.isUnread ? '●' : ' ', color: 'yellow' },
    { text: ' ' },
    { text: padTo(sender, nameWidth), bold },
    { text: ' ' },
    { text: draftMark, color: row.replyFailed ? 'red' : 'magenta', bold: !!row.replyFailed },
    { text: promiseMark, color: row.promise?.due ? 'red' : 'magenta', bold: !!row.promise?.due },
    { text: subject, bold },
    { text: tagText, color: 'blue' },
    { text: ` ${count.padStart(3)}`, dim: true },
    { text: ` ${age.padStart(timeWidth)}`, color: ageColor },
  ];
  return options.isCursor ? spans.map((s) => ({ ...s, inverse: true })) : spans;
}

/** The rows on screen, from `top`, with what decides how each looks. */
export function visibleRows(state: AppState): { row: Row; isCursor: boolean; isMarked: boolean }[] {
  const height = bodyHeight(state.size);
  return state.inbox.rows.slice(state.inbox.top, state.inbox.top + height).map((row, i) => ({ row, isCursor: state.inbox.top + i === state.inbox.cursor, isMarked: state.inbox.marked.has(row.id) }));
}

/** The list's width: the frame's, less the preview pane on a wide terminal. */
export const rowWidth = (state: AppState) => Math.max(20, state.size.columns - 1 - previewWidth(state.size));
