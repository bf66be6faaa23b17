/** Conversation ids as the owner types them: exact, merged into another, or a unique prefix. */
import { AmbiguousIdError, NotFoundError } from '../errors.js';
import type { ConversationReads } from '../ports/mail-store.js';

const minPrefix = 3;

/** An exact id, an id merged into another, or a unique prefix of at least 3 characters; throws otherwise. */
export function resolveConversationId(reads: Pick<ConversationReads, 'conversation' | 'conversationIdsWithPrefix'>, input: string): string {
  const id = input.trim().toLowerCase();
  const exact = reads.conversation(id);
  if (exact) return exact.record.id;
  if (id.length >= minPrefix && /^[0-9a-z]+$/.test(id)) {
    const matches = reads.conversationIdsWithPrefix(id, 10);
    if (matches.length === 1) return matches[0];
    if (matches.length > 1) throw new AmbiguousIdError(input, matches);
  }
  throw new NotFoundError(`no conversation "${input}"`);
}
