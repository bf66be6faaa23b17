/**
 * Which conversations a batch of new messages joins, starts or merges, and their records rebuilt:
 * a plan computed from the store's indexed reads alone (no writes), which the import then writes in
 * the same transaction. Grouping is ConversationGrouper's (order-independent: the same mail in any
 * order and batches gives the same conversations).
 */
import { ConversationGrouper } from '../domain/conversation-grouping.js';
import type { ConversationRecord } from '../domain/conversation.js';
import { summariseConversation } from '../domain/conversation-summary.js';
import type { MessageMeta } from '../domain/message.js';
import { uniqueShortId } from '../domain/short-id.js';
import type { IntakeReads } from '../ports/mail-store.js';
import { groupingMessage } from './message-records.js';

export type AssemblyReads = Pick<IntakeReads, 'groupingLookups' | 'conversationMessages' | 'conversationIdTaken'>;

export type Assembly = {
  /** Records of every conversation that gained messages or absorbed another, and whether it is new. */
  records: { record: ConversationRecord; created: boolean }[];
  /** Stored conversations merged into another (merged → survivor), survivors' records included above. */
  merges: [merged: string, survivor: string][];
  /** Conversation id → the new messages (seqs) it gets. */
  placements: Map<string, number[]>;
};

/** `fresh` are the batch's new messages, with their seqs, not yet in any conversation. */
export function assembleBatch(reads: AssemblyReads, fresh: MessageMeta[], subjectWindowMs: number): Assembly {
  const lookups = reads.groupingLookups();
  // Ids handed out in this batch are not stored yet: two conversations started by one Message-ID (two customers) must differ.
  const handedOut = new Set<string>();
  const grouper = new ConversationGrouper(lookups, {
    subjectWindowMs,
    newId: (m) => {
      const id = uniqueShortId(m.messageId, (taken) => handedOut.has(taken) || reads.conversationIdTaken(taken));
      handedOut.add(id);
      return id;
    },
  });
  for (const m of fresh) grouper.add(groupingMessage(m));
  const { assignments, merged } = grouper.result();

  const placements = new Map<string, number[]>();
  for (const [seq, id] of assignments) (placements.get(id) ?? placements.set(id, []).get(id)!).push(seq);
  // Stored conversations that were merged (one created and merged within this batch was never stored: nobody saw its id).
  const merges: [string, string][] = [];
  const absorbed = new Map<string, string[]>();
  for (const [id, survivor] of merged) {
    if (lookups.conversation(id) === undefined) continue;
    merges.push([id, survivor]);
    (absorbed.get(survivor) ?? absorbed.set(survivor, []).get(survivor)!).push(id);
  }

  const bySeq = new Map(fresh.map((m) => [m.seq, m]));
  const records: Assembly['records'] = [];
  for (const id of new Set([...placements.keys(), ...absorbed.keys()])) {
    const stored = lookups.conversation(id);
    // Read by conversation (an index range), the survivor's and each absorbed one's.
    const metas = [id, ...(absorbed.get(id) ?? [])].flatMap((c) => (stored || c !== id ? reads.conversationMessages(c) : []));
    const seqs = placements.get(id) ?? [];
    metas.push(...seqs.map((seq) => bySeq.get(seq)!));
    const createdSeq = stored?.createdSeq ?? Math.min(...metas.map((m) => m.seq));
    records.push({ record: summariseConversation(id, createdSeq, metas), created: stored === undefined });
  }
  return { records, merges, placements };
}
