/** Conversations' derived records written again after some of their stored mail changed meaning. */
import { summariseConversation } from '../domain/conversation-summary.js';
import type { AutomatedChange, StoreTx } from '../ports/mail-store.js';

/** Summarises each (existing) conversation from its messages as stored now and writes the records; decisions stay. */
export function rewriteRecords(tx: StoreTx, ids: Iterable<string>): void {
  const records = [];
  for (const id of new Set(ids)) {
    const entry = tx.conversation(id);
    if (entry) records.push(summariseConversation(id, entry.record.createdSeq, tx.conversationMessages(id)));
  }
  if (records.length) tx.writeConversations(records);
}

/**
 * Takes back what a rule said of messages (undo): each gets its `before` again where it is still
 * what the rule made it (the owner's word on the sender since is kept). Returns how many did.
 */
export function restoreAutomated(tx: StoreTx, changes: AutomatedChange[]): number {
  const want = new Map(changes.map((c) => [c.seq, c]));
  const touched: string[] = [];
  for (const now of tx.classified([...want.keys()])) {
    const change = want.get(now.seq)!;
    if (JSON.stringify(now.automated) !== JSON.stringify(change.after)) continue;
    tx.setAutomated(now.seq, change.before);
    if (now.conversationId) touched.push(now.conversationId);
  }
  rewriteRecords(tx, touched);
  return touched.length;
}
