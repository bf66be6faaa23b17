/**
 * A conversation as the lines the conversation screen shows, wrapped to the terminal's width:
 * who the customer is, their other conversations and notes, then every message. Pure; every
 * string that comes from mail is made terminal-safe here, before any styling is added.
 */
import { promiseLine } from '../../cli/output/promise-flag.js';
import { bounceSentenceOf } from '../../core/domain/bounce.js';
import { formatSize } from '../../cli/output/format-size.js';
import type { ConversationDetail } from '../../core/services/conversation-service.js';
import { baseSubjectKey } from '../../core/domain/subject.js';
import { formatAge, localTime, ordinal, waitedAge } from '../../cli/output/format-age.js';
import { hasLink, linkedLines } from './link-lines.js';
import { wrapText, type Line, type Span } from './wrap-text.js';

export { wrapText, type Line, type Span } from './wrap-text.js';
import { safeLine, safeText } from '../../cli/output/terminal-text.js';
import { displayWidth, fitWidth } from '../../cli/output/terminal-width.js';
import { nameWarningLine, replyToLine, showAddress, showAddresses } from '../../cli/output/address-line.js';

/**
 * `collapseBefore`: messages before this index show as one line each (a long thread opens at its
 * first unread message), except those in `expanded`; `current`: the message n/p are on (marked).
 */
export type LinesOptions = {
  width: number; showQuotes: boolean; showHistory: boolean; now: number; collapseBefore?: number; expanded?: ReadonlySet<number>; current?: number;
  /** The keys of the history pane, from the keymap ("H hides, 1-9 opens"). */
  historyKeys?: string;
  /** The key that merges a suggested address into the person ("M"), from the keymap. */
  mergeKey?: string;
  /** Lines after the last message (replies that did not go: reply-trouble-lines.ts). */
  trailer?: Line[];
  /** Links in mail as OSC 8 hyperlinks (config `tui.hyperlinks`). */
  links?: boolean;
};

/** The lines, and where each message starts (its header line, or its one line when collapsed). */
export type ConversationLayout = { lines: Line[]; starts: number[] };


const plain = (text: string, style: Omit<Span, 'text'> = {}): Line => [{ text, ...style }];

export function conversationLines(detail: ConversationDetail, options: LinesOptions): Line[] {
  return conversationLayout(detail, options).lines;
}

export function conversationLayout(detail: ConversationDetail, options: LinesOptions): ConversationLayout {
  const { width, now } = options;
  const starts: number[] = [];
  const c = detail.conversation;
  const customer = detail.customer;
  const lines: Line[] = [];
  const wrapped = (text: string, style: Omit<Span, 'text'> = {}, indent = '') => {
    for (const part of wrapText(text, width - indent.length)) lines.push(plain(indent + part, style));
  };

  const position = customer.conversationIds.indexOf(c.id) + 1;
  const since = customer.firstContactAt ? `, customer since ${customer.firstContactAt.slice(0, 4)}` : '';
  const nth = `  ${position > 0 ? ordinal(position) : 'a'} conversation${since}`;
  // The address is whole on every screen: the name is what gets cut (then the line's end, by Ink).
  lines.push([
    { text: showAddress(customer, width - displayWidth(nth)), bold: true, color: 'cyan' },
    { text: nth, dim: true },
  ]);
  const waited = c.waitingSince && c.status !== 'closed' ? ` · waiting ${waitedAge(c.waitingSince, now, detail.awayPeriods, true)}` : '';
  const snoozed = c.snoozedUntil ? ` until ${localTime(c.snoozedUntil)}` : '';
  lines.push([
    { text: `${c.status}${snoozed}`, color: statusColor(c.status) },
    { text: waited, color: 'yellow' },
    { text: c.tags.length ? `  ${c.tags.map((t) => `+${safeLine(t)}`).join(' ')}` : '', color: 'blue' },
    { text: `  ${c.messageCount} message${c.messageCount === 1 ? '' : 's'} · ${c.id}`, dim: true },
  ]);
  // A new address wrote in the thread: maybe the same person (issue 19). Said, never done by itself.
  if (detail.suggestedMerge) wrapped(`⚭ ${safeLine(detail.suggestedMerge.address)} wrote in this conversation${options.mergeKey ? `: ${options.mergeKey} makes them one person with ${safeLine(detail.suggestedMerge.person)}` : ''}`, { color: 'yellow' });
  if (c.promise) wrapped(promiseLine(c.promise), { color: c.promise.due ? 'red' : 'magenta', bold: c.promise.due });
  for (const n of customer.notes) wrapped(`★ about ${safeLine(customer.name || customer.email)} (${n.at.slice(0, 10)}): ${safeLine(n.text)}`, { color: 'yellow' });
  for (const n of c.notes) wrapped(`✎ note (${n.at.slice(0, 10)}): ${safeLine(n.text)}`, { color: 'yellow' });
  if (options.showHistory && detail.otherConversations.length > 0) {
    wrapped(`Other conversations with ${showAddress(customer, width - 50)}${options.historyKeys ? ` (${options.historyKeys})` : ''}:`, { dim: true });
    detail.otherConversations.forEach((o, i) => {
      const key = i < 9 ? `${i + 1}` : ' ';
      wrapped(`${key}  ${o.firstMessageAt.slice(0, 10)}  ${o.status.padEnd(7)}  ${safeLine(o.subject || '(no subject)')}${o.tags.length ? `  +${o.tags.map(safeLine).join(' +')}` : ''}`, { dim: i >= 9 }, '  ');
    });
  }

  let previousTo = '';
  let previousCc = '';
  let previousSubject = baseSubjectKey(c.subject);
  // Attachments numbered across the conversation (v, W, | and `h2h attachments` take these numbers).
  let attachmentNumber = 0;
  const metas = detail.messages.map((m) => m.meta);
  detail.messages.forEach(({ meta, body, deletedOnServer, isUnread, thirdParty }, index) => {
    const isOwn = meta.direction === 'out';
    // The courier or supplier a message was forwarded to, and their answer: with the conversation, not the customer.
    // Machine mail (an out-of-office, a newsletter, a bounce) says what it is, and its text is dimmed.
    const machine = !isOwn ? meta.automated : undefined;
    const label = isOwn ? (thirdParty ? ' (you, to a third party)' : ' (you)') : thirdParty ? ' (third party)' : machine ? ` (${machine.kind}: ${fitWidth(safeLine(machine.by), 32)})` : '';
    const tone = isOwn ? 'magenta' : thirdParty ? 'yellow' : machine ? 'gray' : 'green';
    const isCurrent = index === options.current;
    const arrow = { text: `${isCurrent ? '›' : ' '}${isOwn ? '→ ' : '← '}`, color: tone, bold: true, inverse: isCurrent };
    const to = meta.to.map((a) => a.email).join(',');
    const subject = baseSubjectKey(meta.subject ?? '');
    if (index < (options.collapseBefore ?? 0) && !options.expanded?.has(index)) {
      // Read before: one line (who, when, how it starts); Enter opens it.
      starts.push(lines.length);
      const who = meta.from ? showAddress(meta.from, Math.max(10, Math.floor(width / 3))) : '(no sender)';
      const head = `${who}  ${localTime(meta.date)}  `;
      const first = safeLine(body.fragments.find((f) => f.kind === 'text' && f.text.trim())?.text.trim().split('\n')[0] ?? '');
      const clip = meta.attachments.length ? `📎${meta.attachments.length} ` : '';
      attachmentNumber += meta.attachments.length;
      lines.push([arrow, { text: head, dim: !isCurrent }, { text: clip, color: 'cyan' }, { text: fitWidth(first, Math.max(0, width - 3 - displayWidth(head) - displayWidth(clip))), dim: true }]);
      previousTo = to;
      previousSubject = subject || previousSubject;
      return;
    }
    lines.push([]);
    starts.push(lines.length);
    const when = `  ${localTime(meta.date)} (${formatAge(Date.parse(meta.date), now)} ago)`;
    const from = meta.from ? showAddress(meta.from, width - 3 - displayWidth(label) - displayWidth(when) - (isUnread ? 5 : 0)) : '(no sender)';
    lines.push([
      arrow,
      { text: from, bold: true, color: tone },
      { text: label, color: tone },
      { text: when, dim: true },
      { text: isUnread ? '  new' : '', color: 'yellow', bold: true },
    ]);
    // To and Subject only where they change: a thread's every message need not repeat them.
    if (meta.to.length && to !== previousTo) wrapped(`To: ${showAddresses(meta.to, width - 6)}`, { dim: true }, '  ');
    previousTo = to;
    // Cc too (the husband kept in the loop), where it changes.
    const cc = meta.cc.map((a) => a.email).join(',');
    if (meta.cc.length && cc !== previousCc) wrapped(`Cc: ${showAddresses(meta.cc, width - 6)}`, { dim: true }, '  ');
    previousCc = cc;
    const bounced = bounceSentenceOf(meta, metas);
    if (bounced) wrapped(`⚠ ${safeLine(bounced)}`, { color: meta.bounce?.failed ? 'red' : 'yellow', bold: true }, '  ');
    const replyTo = replyToLine(meta, width - 12);
    if (replyTo) wrapped(replyTo, { color: 'yellow' }, '  ');
    const flagged = nameWarningLine([meta.from, ...meta.to, ...meta.replyTo]);
    if (flagged) wrapped(flagged, { color: 'yellow' }, '  ');
    if (meta.subject && subject && subject !== previousSubject) wrapped(`Subject: ${safeLine(meta.subject)}`, { dim: true }, '  ');
    previousSubject = subject || previousSubject;
    for (const a of meta.attachments) wrapped(`📎 ${++attachmentNumber}  ${safeLine(a.name || '(unnamed)')}  ${safeLine(a.type)}  ${formatSize(a.size)}`, { color: 'cyan' }, '    ');
    if (deletedOnServer) lines.push(plain('  (deleted on the mail server; kept here)', { color: 'yellow' }));
    for (const w of body.warnings) wrapped(`warning: ${safeLine(w)}`, { color: 'red' }, '  ');
    for (const f of body.fragments) {
      const text = safeText(f.text).replace(/\t/g, '    ').trimEnd();
      if (f.kind === 'quote' && !options.showQuotes) {
        const count = text.split('\n').length;
        lines.push(plain(`  [… ${count} quoted line${count === 1 ? '' : 's'}: T shows them]`, { dim: true }));
        continue;
      }
      for (const raw of text.split('\n')) {
        const style = f.kind === 'text' && !machine ? {} : { dim: true };
        // A URL is never broken among other words: it starts a line, and one longer than the line
        // takes lines of its own; a link to click only with tui.hyperlinks.
        if (hasLink(raw)) for (const l of linkedLines(raw, width - 2)) lines.push([{ text: '  ' }, ...l.map(({ link, ...s }) => ({ ...style, ...s, ...(options.links && link ? { link } : {}) }))]);
        else wrapped(raw, style, '  ');
      }
    }
  });
  if (options.trailer?.length) lines.push([], ...options.trailer);
  return { lines, starts };
}

export function statusColor(status: string): string {
  return { open: 'green', waiting: 'yellow', snoozed: 'blue', closed: 'gray' }[status] ?? 'white';
}
