/**
 * The intake part of the SQLite MailStore (ports/store/intake-store.ts): dedupe and grouping lookups
 * as indexed queries over the batch at hand (hash, Message-ID, reference, subject key, conversation
 * indexes), never a pass over the mailbox; and import's writes, in the caller's transaction.
 */
import type { ConversationRecord } from '../../../../core/domain/conversation.js';
import type { GroupingLookups } from '../../../../core/domain/conversation-grouping.js';
import type { MessageMeta } from '../../../../core/domain/message.js';
import { shortId } from '../../../../core/domain/short-id.js';
import { baseSubjectKey } from '../../../../core/domain/subject.js';
import type { IntakeReads, IntakeWrites, KeptCopies, KnownMessage } from '../../../../core/ports/mail-store.js';
import { recordParticipants, recordToRow } from '../map-conversation.js';
import { epochMs, isoOf } from '../map-message.js';
import { foldConversation } from './fold-conversation.js';
import type { StoreContext, StorePart } from './store-context.js';

// A JSON array bound as one parameter: one prepared statement answers a batch of any size.
const inJson = 'SELECT value FROM json_each(?)';

type KnownRow = { seq: number; message_id: string; synthetic: number; hash: string; content: string | null; size: number; customer: string; conversation_id: string | null };

export function intakePart(ctx: StoreContext): StorePart<IntakeReads, IntakeWrites> {
  const { db } = ctx.index;
  const repo = ctx.index.messages;
  const hashes = db.prepare(
    `SELECT hash, rowid AS seq FROM messages WHERE hash IN (${inJson})
     UNION ALL SELECT hash, message_rowid AS seq FROM message_copies WHERE hash IN (${inJson})`,
  );
  // Import asks for one hash per message read (to skip parsing what is stored): one plain index probe each.
  const oneHash = db.prepare('SELECT rowid FROM messages WHERE hash = ? UNION ALL SELECT message_rowid FROM message_copies WHERE hash = ? LIMIT 1').pluck();
  const byIds = db.prepare(
    `SELECT rowid AS seq, message_id, synthetic, hash, content, size, customer, conversation_id FROM messages WHERE message_id IN (${inJson}) ORDER BY rowid`,
  );
  const holders = db.prepare('SELECT customer, conversation_id AS conversation FROM messages WHERE message_id = ? AND conversation_id IS NOT NULL');
  // Every stored message naming an id is in one conversation (they are linked to each other): the first found answers.
  const namer = db
    .prepare('SELECT m.conversation_id FROM message_refs r JOIN messages m ON m.rowid = r.message_rowid WHERE r.ref = ? AND m.conversation_id IS NOT NULL LIMIT 1')
    .pluck();
  // As nearestInWindow: the nearest grouped message before the date, and the nearest at or after it.
  const subjectBefore = db
    .prepare('SELECT conversation_id FROM messages WHERE subject_key = ? AND date < ? AND date >= ? AND conversation_id IS NOT NULL ORDER BY date DESC LIMIT 1')
    .pluck();
  const subjectAfter = db
    .prepare('SELECT conversation_id FROM messages WHERE subject_key = ? AND date >= ? AND date <= ? AND conversation_id IS NOT NULL ORDER BY date LIMIT 1')
    .pluck();
  const createdSeq = db.prepare('SELECT created_seq, created_rev FROM conversations WHERE id = ?');
  const idTaken = db.prepare('SELECT 1 FROM conversations WHERE id = ? UNION ALL SELECT 1 FROM conversation_aliases WHERE id = ?').pluck();
  const metaValue = db.prepare('SELECT value FROM meta WHERE key = ?').pluck();
  const setMeta = db.prepare('INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  const copies = db.prepare('SELECT message_rowid AS seq, hash FROM message_copies ORDER BY message_rowid, hash');
  const removeCopy = db.prepare('DELETE FROM message_copies WHERE message_rowid = ? AND hash = ?');
  const setContent = db.prepare('UPDATE messages SET content = ? WHERE rowid = ? AND content IS NULL');
  const place = db.prepare('UPDATE messages SET conversation_id = ?, rev = ? WHERE rowid = ?');
  const dateOf = db.prepare('SELECT date FROM messages WHERE rowid = ?').pluck();
  const shortIdTaken = db.prepare('SELECT 1 FROM messages WHERE short_id = ?').pluck();

  const lookups: GroupingLookups = {
    holdersOf: (messageId) => holders.all(messageId) as { customer: string; conversation: string }[],
    namersOf: (messageId) => namer.all(messageId) as string[],
    subjectNeighbours(key, date, windowMs) {
      const out: string[] = [];
      const before = subjectBefore.get(key, date, date - windowMs) as string | undefined;
      const after = subjectAfter.get(key, date, date + windowMs) as string | undefined;
      if (before !== undefined) out.push(before);
      if (after !== undefined) out.push(after);
      return out;
    },
    conversation(id) {
      const row = createdSeq.get(id) as { created_seq: number | null; created_rev: number } | undefined;
      return row && { id, createdSeq: row.created_seq ?? row.created_rev };
    },
  };

  const reads: IntakeReads = {
    knownHashes(list) {
      if (list.length === 1) {
        const seq = oneHash.get(list[0], list[0]) as number | undefined;
        return seq === undefined ? new Map() : new Map([[list[0], seq]]);
      }
      const json = JSON.stringify(list);
      const out = new Map<string, number>();
      for (const row of hashes.all(json, json) as { hash: string; seq: number }[]) if (!out.has(row.hash)) out.set(row.hash, row.seq);
      return out;
    },
    messagesById(ids) {
      if (ids.length === 0) return [];
      return (byIds.all(JSON.stringify(ids)) as KnownRow[]).map(toKnown);
    },
    groupingLookups: () => lookups,
    conversationMessages: (id) => repo.ofConversation(id),
    conversationIdTaken: (id) => idTaken.get(id, id) !== undefined,
    // '1', as the v1 migration records a review the v1 store had done (copy-v1-rows.ts).
    copiesReviewed: () => metaValue.get('copies_reviewed') === '1',
    keptCopies() {
      const out: KeptCopies[] = [];
      for (const row of copies.all() as { seq: number; hash: string }[]) {
        const last = out.at(-1);
        if (last?.seq === row.seq) last.hashes.push(row.hash);
        else out.push({ seq: row.seq, hashes: [row.hash] });
      }
      return out;
    },
  };

  const writes: IntakeWrites = {
    addMessages(messages) {
      const rev = ctx.rev();
      return messages.map((m) => {
        // Short ids are 10 characters of a hash: a clash is unlikely but must not stop an import; a salted id is as stable.
        let id = m.meta.id;
        for (let salt = 1; shortIdTaken.get(id) !== undefined; salt++) id = shortId(`${m.meta.id}#${salt}`, m.meta.id.length);
        const meta: Omit<MessageMeta, 'seq'> = id === m.meta.id ? m.meta : { ...m.meta, id };
        const [seq] = repo.insert(rev, [{ meta, conversationId: null, baseSubject: baseSubjectKey(meta.subject), searchText: m.searchText, text: m.text, split: m.split }]);
        return seq;
      });
    },
    placeMessages(seqs, conversationId) {
      const rev = ctx.rev();
      for (const seq of seqs) place.run(conversationId, rev, seq);
    },
    setContent(seq, content) {
      setContent.run(content, seq);
    },
    addCopy: (seq, hash) => repo.addCopy(seq, hash),
    removeCopy(seq, hash) {
      removeCopy.run(seq, hash);
    },
    setCopiesReviewed() {
      setMeta.run('copies_reviewed', '1');
    },
    writeConversations(records: ConversationRecord[]) {
      const rev = ctx.rev();
      for (const record of records) {
        const row = recordToRow(record, (seq) => isoOf(dateOf.get(seq) as number));
        ctx.index.conversations.upsert(rev, row, recordParticipants(record));
      }
    },
    mergeConversation(merged, survivor) {
      foldConversation(db, ctx.rev(), merged, survivor);
    },
    seeCustomers(sightings) {
      for (const s of sightings) ctx.index.customers.seen(s.email, s.name, epochMs(s.at));
    },
  };

  return { reads, writes };
}

function toKnown(row: KnownRow): KnownMessage {
  const known: KnownMessage = { seq: row.seq, messageId: row.message_id, isSyntheticId: row.synthetic === 1, hash: row.hash, size: row.size, customer: row.customer };
  if (row.content !== null) known.content = row.content;
  if (row.conversation_id !== null) known.conversationId = row.conversation_id;
  return known;
}
