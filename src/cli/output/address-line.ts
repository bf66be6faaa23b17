/**
 * Addresses on the terminal: core/domain/address-text.ts's rule (the bare address always whole,
 * the name cut first, a name holding an address flagged) with this terminal's filter and widths.
 * The TUI and every CLI text output show senders and recipients through these.
 */
import type { Address } from '../../core/domain/address.js';
import { addressListText, addressParts, addressText, nameWarning, type TextOps } from '../../core/domain/address-text.js';
import { checkReplyTo, type ReplyToMessage } from '../../core/domain/reply-to.js';
import { safeLine } from './terminal-text.js';
import { displayWidth, fitWidth } from './terminal-width.js';

const terminalOps: TextOps = { clean: safeLine, width: displayWidth, fit: fitWidth };

/** "Name <addr>" (flagged when the name holds an address), at most `maxWidth` columns unless the address alone is wider. */
export function showAddress(a: Address, maxWidth?: number): string {
  return addressText(a, terminalOps, maxWidth);
}

export function showAddresses(list: Address[], maxWidthEach?: number): string {
  return addressListText(list, terminalOps, maxWidthEach);
}

export const otherDomainMark = "⚠ not the sender's domain";

/** "Reply-To: …" for a message whose Reply-To differs from its sender (marked when on another domain), else undefined. */
export function replyToLine(m: ReplyToMessage, maxWidthEach?: number): string | undefined {
  const check = checkReplyTo(m);
  if (!check.differs) return undefined;
  return `Reply-To: ${showAddresses(m.replyTo, maxWidthEach)}${check.otherDomain.length ? `  ${otherDomainMark}` : ''}`;
}

/**
 * A sender column's width for lists: room for the longest address shown (never cut) and some of a
 * name, between `base` and 45% of the line. A row whose address is wider still shows it whole.
 */
export function senderColumnWidth(emails: string[], columns: number, base: number): number {
  const longest = emails.reduce((n, e) => Math.max(n, displayWidth(safeLine(e))), 0);
  return Math.max(base, Math.min(longest + 12, Math.floor(columns * 0.45)));
}

/** `text` padded with spaces to `width` columns (never cut: an address wider than its column pushes the line). */
export function padTo(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/**
 * The flag in words, on a line of its own under addresses whose line had room only for "⚠": said
 * once for the list, undefined when no name there holds an address.
 */
export function nameWarningLine(list: (Address | null)[]): string | undefined {
  const flagged = list.filter((a): a is Address => !!a && !!addressParts(a).warning);
  if (flagged.length === 0) return undefined;
  return `⚠ ${nameWarning}: mail goes to ${flagged.map((a) => safeLine(a.email)).join(', ')}`;
}
