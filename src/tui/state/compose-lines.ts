/**
 * The reply as the composer shows it, wrapped to the terminal's width: From, To (with Reply-To and
 * name warnings), Cc and Bcc when there are any, Subject, the text (with the cursor while editing) and, when added, the quote.
 * Pure; what came from mail is made terminal-safe here. The review scrolls over these lines.
 */
import { safeLine, safeText } from '../../cli/output/terminal-text.js';
import { fitWidth } from '../../cli/output/terminal-width.js';
import { formatSize } from '../../cli/output/format-size.js';
import { nameWarningLine, otherDomainMark, showAddress, showAddresses } from '../../cli/output/address-line.js';
import type { ComposeAbout, ComposeForwarding, ComposeScreen } from './app-state.js';
import { firstGrapheme } from './line-editor.js';
import { wrapText, type Line } from './conversation-lines.js';

/** Stands for the cursor while the text is wrapped: a private-use character, one column wide. */
const cursorMark = '\uE000';

/** Which language the greeting is in and why ("fi, from their mail"), and the warning when the sender may not be a person. */
function greetingLines(g: NonNullable<ComposeScreen['greeting']>, width: number): Line[] {
  const why = { setting: 'your setting for them', mail: 'from their mail', chosen: 'chosen for this mail', unknown: 'not known: English' }[g.languageFrom];
  // The customer's own register ("formal, as you write to them"); the shop's goes unsaid.
  const register = g.registerFrom === 'customer' ? `, ${g.register} as you write to them` : '';
  const lines: Line[] = [[{ text: 'Greet:   ', dim: true }, { text: fitWidth(`${g.language ?? 'en'} (${why})${register}`, Math.max(10, width - 9)), dim: true }]];
  if (g.warning) for (const part of wrapText(`⚠ ${safeLine(g.warning)}`, width - 9)) lines.push([{ text: '         ' }, { text: part, color: 'yellow', bold: true }]);
  return lines;
}

/** The reply's header fields, its text (with the cursor while editing) and, when added, the quote; wrapped to the width. */
export function composeLines(screen: ComposeScreen, width: number): { lines: Line[]; cursorLine: number } {
  const lines: Line[] = [[{ text: 'From:    ', dim: true }, { text: showAddress(screen.from, width - 9) }]];
  // Every recipient whole (wrapped, never cut), and where the answered message's Reply-To sent them.
  for (const part of wrapText(showAddresses(screen.to, width - 9), width - 9)) lines.push([{ text: lines.length === 1 ? 'To:      ' : '         ', dim: true }, { text: part, bold: true }]);
  const replyTo = screen.replyTo;
  if (replyTo?.differs) {
    const said = "↳ the message's Reply-To; the sender is ";
    const sender = replyTo.sender ? showAddress(replyTo.sender, width - 9 - said.length) : 'unknown';
    for (const part of wrapText(`${said}${sender}`, width - 9)) lines.push([{ text: '         ' }, { text: part, color: 'yellow' }]);
    if (replyTo.otherDomain.length) lines.push([{ text: '         ' }, { text: otherDomainMark, color: 'red', bold: true }]);
  }
  for (const [label, list] of [['Cc:      ', screen.cc ?? []], ['Bcc:     ', screen.bcc ?? []]] as const) {
    if (list.length === 0) continue;
    wrapText(showAddresses(list, width - 9), width - 9).forEach((part, i) => lines.push([{ text: i === 0 ? label : '         ', dim: true }, { text: part, bold: true }]));
  }
  const flagged = nameWarningLine([...screen.to, ...(screen.cc ?? []), ...(screen.bcc ?? [])]);
  if (flagged) for (const part of wrapText(flagged, width - 9)) lines.push([{ text: '         ' }, { text: part, color: 'red', bold: true }]);
  lines.push([{ text: 'Subject: ', dim: true }, { text: safeLine(screen.subject), bold: true }]);
  if (screen.greeting) lines.push(...greetingLines(screen.greeting, width));
  if (screen.facts) for (const [i, part] of wrapText(safeLine(screen.facts), width - 9).entries()) lines.push([{ text: i === 0 ? 'Facts:   ' : '         ', dim: true }, { text: part, color: 'cyan' }]);
  // What goes with it, numbered for D, and how much it weighs together.
  const files = screen.attachments ?? [];
  files.forEach((a, i) => lines.push([{ text: i === 0 ? 'Attach:  ' : '         ', dim: true }, { text: fitWidth(`${i + 1} ${safeLine(a.name)}`, Math.max(10, width - 20)), color: 'cyan' }, { text: `  ${formatSize(a.size)}`, dim: true }]));
  if (files.length > 1) lines.push([{ text: '         ' }, { text: `${files.length} files, ${formatSize(files.reduce((n, a) => n + a.size, 0))}`, dim: true }]);
  if (screen.forwarding) lines.push(...forwardingLines(screen.forwarding, width));
  lines.push([{ text: '─'.repeat(Math.max(0, Math.min(width, 72))), dim: true }]);
  const editing = screen.stage === 'edit';
  const text = editing ? `${safeText(screen.text.slice(0, screen.cursor))}${cursorMark}${safeText(screen.text.slice(screen.cursor))}` : safeText(screen.text);
  let cursorLine = 0;
  for (const raw of text.split('\n')) {
    for (const part of wrapText(raw, width)) {
      const at = part.indexOf(cursorMark);
      if (at < 0) {
        lines.push([{ text: part }]);
        continue;
      }
      cursorLine = lines.length;
      const after = part.slice(at + 1);
      const onCursor = firstGrapheme(after);
      lines.push([{ text: part.slice(0, at) }, { text: onCursor || ' ', inverse: true }, { text: after.slice(onCursor.length) }]);
    }
  }
  if (screen.showQuote) {
    lines.push([]);
    for (const raw of safeText(screen.quote).split('\n')) for (const part of wrapText(raw, width)) lines.push([{ text: part, dim: true }]);
  } else if (screen.quote) lines.push([{ text: '[the quoted original is not included: Q adds it]', dim: true }]);
  if (screen.about) lines.push([], ...aboutLines(screen.about, width));
  return { lines, cursorLine };
}

/** Who new mail goes to, as the shop knows them: since when, their conversations (newest first), the notes kept. */
function aboutLines(about: ComposeAbout, width: number): Line[] {
  const who = safeLine(about.name ? `${about.name} <${about.email}>` : about.email);
  const since = about.since ? `, since ${shortDate(about.since)}` : '';
  const lines: Line[] = [[{ text: fitWidth(`${who}: ${about.conversations.length} earlier conversation${about.conversations.length === 1 ? '' : 's'}${since}`, width), bold: true }]];
  for (const c of [...about.conversations].reverse().slice(0, 5)) {
    lines.push([{ text: '  ' }, { text: fitWidth(safeLine(c.subject) || '(no subject)', Math.max(10, width - 24)) }, { text: `  ${c.status} · ${shortDate(c.lastAt)}`, dim: true }]);
  }
  if (about.conversations.length > 5) lines.push([{ text: `  … and ${about.conversations.length - 5} older`, dim: true }]);
  for (const note of about.notes) for (const part of wrapText(`note: ${safeLine(note)}`, width - 2)) lines.push([{ text: '  ' }, { text: part, color: 'yellow' }]);
  return lines;
}

const shortDate = (iso: string) => new Date(iso).toISOString().slice(0, 10);

/** What a forward carries: the customer's message (#N, as the conversation numbers it), how, and its own attachments. */
function forwardingLines(f: ComposeForwarding, width: number): Line[] {
  const who = f.from ? showAddress(f.from, Math.max(20, width - 40)) : '(no sender)';
  const how = f.as === 'attachment' ? 'attached whole' : 'below your text';
  const lines: Line[] = [[{ text: 'Forwards:', dim: true }, { text: fitWidth(` #${f.number} from ${who}, ${shortDate(f.date)} · ${how}`, width - 9), color: 'cyan' }]];
  if (f.as === 'inline') for (const a of f.carried) lines.push([{ text: '         ' }, { text: fitWidth(`with ${safeLine(a.name || '(unnamed)')}`, Math.max(10, width - 20)), color: 'cyan' }, { text: `  ${formatSize(a.size)}`, dim: true }]);
  return lines;
}
