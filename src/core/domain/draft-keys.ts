/**
 * Where drafts are kept: a reply under its conversation's id, new mail under "new-" and a random
 * part (it has no conversation until it is sent), a forward under "fwd-" and its conversation's id
 * (one forward being written per conversation, beside its reply). Conversation ids are short ids
 * of letters and digits (short-id.ts), so neither prefix can be one.
 */
import type { OutboxEntry } from '../ports/mail-store.js';

// node:crypto on first use, as in short-id.ts (commands that never write mail start sooner).
export const newDraftKey = (): string => `new-${process.getBuiltinModule('node:crypto').randomBytes(4).toString('hex')}`;

export const forwardDraftKey = (conversationId: string): string => `fwd-${conversationId}`;

export const isNewMailKey = (key: string): boolean => key.startsWith('new-');

export const isForwardKey = (key: string): boolean => key.startsWith('fwd-');

/** The conversation a draft belongs to (none for new mail). */
export function conversationOfDraftKey(key: string): string | null {
  if (isNewMailKey(key)) return null;
  return isForwardKey(key) ? key.slice(4) : key;
}

/** The draft an outbox entry goes back to (undo send, discard). */
export function draftKeyOf(entry: Pick<OutboxEntry, 'kind' | 'conversationId'>): string {
  return entry.kind === 'forward' ? forwardDraftKey(entry.conversationId) : entry.conversationId;
}
