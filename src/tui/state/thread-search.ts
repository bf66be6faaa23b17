/**
 * `/` in a conversation: finds words in its messages, as less and mutt's pager do. Messages shown
 * as one line that hold the words are opened first, so the match is on screen, not in a fold; the
 * view moves to the next line holding them after the one at the top (round to the start at the
 * end); an empty `/` finds the same words again. Case does not matter.
 */
import type { AppState, ConversationScreen } from './app-state.js';
import type { Line } from './conversation-lines.js';
import { bodyHeight } from './layout.js';
import { say } from './reducer-kit.js';
import { conversationLineCount, currentConversationLines } from './selectors.js';

export function findInThread(state: AppState, typed: string): AppState {
  const screen = state.screen;
  if (screen.name !== 'conversation' || !state.detail) return state;
  const words = typed || screen.find || '';
  if (!words) return state;
  const needle = words.toLowerCase();
  // Open the folded messages that hold the words (their one line shows only how they start).
  const focus = screen.focus ?? 0;
  const holding = state.detail.messages.map((m, i) => (i < focus && m.body.text.toLowerCase().includes(needle) ? i : -1)).filter((i) => i >= 0);
  const expanded = [...new Set([...(screen.expanded ?? []), ...holding])];
  const opened: AppState = { ...state, screen: { ...screen, find: words, expanded } };
  const lines = currentConversationLines(opened);
  const at = nextMatch(lines, needle, screen.find === words ? screen.scroll + 1 : screen.scroll);
  if (at < 0) return say({ ...state, screen: { ...screen, find: undefined } }, `not found in this conversation: ${words}`, true);
  const page = bodyHeight(state.size);
  const scroll = Math.max(0, Math.min(at, conversationLineCount(opened) - page));
  const next: ConversationScreen = { ...(opened.screen as ConversationScreen), scroll };
  return say({ ...opened, screen: next }, `found "${words}" (/ and Enter: the next one)`);
}

/** The first line from `from` (then from the top) whose text holds `needle`; -1 when none does. */
function nextMatch(lines: Line[], needle: string, from: number): number {
  const holds = (i: number) => lines[i].map((s) => s.text).join('').toLowerCase().includes(needle);
  for (let i = from; i < lines.length; i++) if (holds(i)) return i;
  for (let i = 0; i < Math.min(from, lines.length); i++) if (holds(i)) return i;
  return -1;
}

/** The line with the found words marked: reversed, and `»` in its margin so it shows without colour (NO_COLOR). */
export function markFound(line: Line, find: string | undefined): Line {
  if (!find) return line;
  const needle = find.toLowerCase();
  const text = line.map((s) => s.text).join('');
  if (!text.toLowerCase().includes(needle)) return line;
  const out: Line = [];
  for (const span of line) {
    const lower = span.text.toLowerCase();
    let from = 0;
    for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, from)) {
      if (at > from) out.push({ ...span, text: span.text.slice(from, at) });
      out.push({ ...span, text: span.text.slice(at, at + needle.length), inverse: true });
      from = at + needle.length;
    }
    if (from < span.text.length) out.push({ ...span, text: span.text.slice(from) });
  }
  // The margin: conversation lines start with two spaces of indent (or a cursor mark).
  if (out[0]?.text.startsWith(' ')) out[0] = { ...out[0], text: `»${out[0].text.slice(1)}` };
  else out.unshift({ text: '»' });
  return out;
}
