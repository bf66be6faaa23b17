/** Conversations' derived records written again after some of their stored mail changed meaning. */
import { summariseConversation } from '../domain/conversation.js';
import type { StoreTx } from '../ports/mail-store.js';

/** Summarises each (existing) conversation from its messages as stored now and writes the records; decisions stay. */
export function rewriteRecords(tx: StoreTx, ids: Iterable<string>): void {
  const records = [];
  for (const id of new Set(ids)) {
    const entry = tx.conversation(id);
    if (entry) records.push(summariseConversation(id, entry.record.createdSeq, tx.conversationMessages(id)));
  }
  if (records.length) tx.writeConversations(records);
}
