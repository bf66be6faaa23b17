/** Correcting stored mail's machine-or-person (ports/store/classify-store.ts): two columns of one message. */
import type { ClassifyReads, ClassifyWrites } from '../../../../core/ports/mail-store.js';
import { rowToMessage, type MessageRow } from '../map-message.js';
import type { StoreContext, StorePart } from './store-context.js';

export function classifyPart(ctx: StoreContext): StorePart<ClassifyReads, ClassifyWrites> {
  const { db } = ctx.index;
  // messages_from (schema 5) holds inbound mail only: what a sender's verdict can change.
  const from = db.prepare("SELECT * FROM messages WHERE from_addr = ? AND direction = 'in' ORDER BY date, rowid");
  const set = db.prepare('UPDATE messages SET automated = ?, automated_by = ?, rev = ? WHERE rowid = ?');
  return {
    reads: {
      inboundFrom: (email) => (from.all(email) as MessageRow[]).map((row) => ({ meta: rowToMessage(row), conversationId: row.conversation_id })),
    },
    writes: {
      setAutomated(seq, automated) {
        set.run(automated?.kind ?? null, automated?.by ?? null, ctx.rev(), seq);
      },
    },
  };
}
