/** The conversation part of the SQLite MailStore (ports/store/conversation-store.ts). */
import type { ConversationReads, ConversationWrites } from '../../../../core/ports/mail-store.js';
import type { StoreContext, StorePart } from './store-context.js';

export function conversationPart(ctx: StoreContext): StorePart<ConversationReads, ConversationWrites> {
  void ctx;
  throw new Error('not built yet');
}
