/**
 * The open conversation's replies that did not go, as lines at the end of the thread: what
 * happened, why (the server's words, made safe), and the keys that act on it, from the keymap.
 * Shown where the owner reads the conversation, so a reply that never left is not only a number
 * on the status line.
 */
import { localTime } from '../../cli/output/format-age.js';
import { safeLine } from '../../cli/output/terminal-text.js';
import { hintLine } from '../keys/keymap.js';
import type { OutboxEntry } from '../../core/ports/store/owner-store.js';
import type { AppState, ReplyTrouble } from './app-state.js';
import { wrapText, type Line } from './conversation-lines.js';

const said = { failed: 'did not go (retried by itself)', rejected: 'was refused by the server', unknown: 'may not have arrived (h2h stopped while sending it)' } as const;

export function replyTroubleLines(state: AppState, width: number): Line[] {
  if (state.troubles.length === 0) return [];
  const lines: Line[] = [];
  // Send later: when it goes, and the key that takes it back to edit (not a trouble: no red, no retry).
  for (const t of state.troubles.filter((x) => x.status === 'scheduled')) {
    const text = `⏲ your reply goes ${localTime(t.sendAt ?? t.queuedAt)}, unless they write first · ${hintLine(state.keymap, 'conversation', [['conversation.discard-reply', 'makes it your draft again']])}`;
    for (const part of wrapText(text, width - 2)) lines.push([{ text: `  ${part}`, color: 'magenta' }]);
  }
  const failed = state.troubles.filter((x) => x.status !== 'scheduled');
  if (failed.length === 0) return lines;
  const keys = hintLine(state.keymap, 'conversation', [['conversation.retry-reply', 'sends it again'], ['conversation.discard-reply', 'makes it your draft again']]);
  for (const t of failed) {
    const text = `✕ your reply of ${localTime(t.queuedAt)} ${said[t.status as keyof typeof said]}: ${safeLine(t.error)}`;
    for (const part of wrapText(text, width - 2)) lines.push([{ text: `  ${part}`, color: 'red', bold: true }]);
  }
  lines.push([{ text: `  ${keys}`, dim: true }]);
  return lines;
}

/** An outbox entry that did not go, as the conversation keeps it. */
export function troubleOf(e: OutboxEntry): ReplyTrouble {
  const scheduled = e.sendAt !== undefined && e.status === 'queued' && e.attempts === 0;
  return { entryId: e.id, status: scheduled ? 'scheduled' : (e.status as ReplyTrouble['status']), queuedAt: e.queuedAt, error: e.lastError ?? '', ...(e.sendAt ? { sendAt: e.sendAt } : {}) };
}
