/** Correcting stored mail's machine-or-person (ports/store/classify-store.ts): two columns of one message. */
import type { Automation } from '../../../../core/domain/automated.js';
import type { ClassifyReads, ClassifyWrites } from '../../../../core/ports/mail-store.js';
import { rowToMessage, type MessageRow } from '../map-message.js';
import type { StoreContext, StorePart } from './store-context.js';

export function classifyPart(ctx: StoreContext): StorePart<ClassifyReads, ClassifyWrites> {
  const { db } = ctx.index;
  // messages_from (schema 5) holds inbound mail only: what a sender's verdict can change.
  const from = db.prepare("SELECT * FROM messages WHERE from_addr = ? AND direction = 'in' ORDER BY date, rowid");
  const bySeq = db.prepare('SELECT rowid, automated, automated_by, conversation_id FROM messages WHERE rowid IN (SELECT value FROM json_each(?))');
  const set = db.prepare('UPDATE messages SET automated = ?, automated_by = ?, rev = ? WHERE rowid = ?');
  return {
    reads: {
      classified: (seqs) =>
        (bySeq.all(JSON.stringify(seqs)) as { rowid: number; automated: string | null; automated_by: string | null; conversation_id: string | null }[]).map((r) => ({
          seq: r.rowid,
          automated: r.automated === null ? null : ({ kind: r.automated, by: r.automated_by ?? '' } as Automation),
          conversationId: r.conversation_id,
        })),
      inboundFrom: (email) => (from.all(email) as MessageRow[]).map((row) => ({ meta: rowToMessage(row), conversationId: row.conversation_id })),
    },
    writes: {
      setAutomated(seq, automated) {
        set.run(automated?.kind ?? null, automated?.by ?? null, ctx.rev(), seq);
      },
    },
  };
}
