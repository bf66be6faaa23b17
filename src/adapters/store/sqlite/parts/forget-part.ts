/**
 * Erasing mail (ports/store/forget-store.ts). Deleting rows is not enough for "no byte left": SQLite
 * keeps deleted content in free pages and in the write-ahead log, and FTS5 keeps a deleted entry's
 * tokens in its segment until the segment is merged. So the index runs with `secure_delete` (freed
 * pages are zeroed, set at open), and `compact` merges the search index into fresh segments and
 * checkpoints the log back to nothing.
 */
import type { ForgetMaintenance, ForgetReads, ForgetWrites, ForgottenMail } from '../../../../core/ports/mail-store.js';
import type { StoreContext, StorePart } from './store-context.js';

const inJson = 'SELECT value FROM json_each(?)';

export function forgetPart(ctx: StoreContext): StorePart<ForgetReads, ForgetWrites> & { maintenance: ForgetMaintenance } {
  const { db } = ctx.index;
  const aliasesOf = db.prepare(`SELECT id FROM conversation_aliases WHERE survivor IN (${inJson})`).pluck();
  const existing = db.prepare(`SELECT id FROM conversations WHERE id IN (${inJson})`).pluck();
  const customersOf = db.prepare(`SELECT DISTINCT customer FROM conversations WHERE id IN (${inJson})`).pluck();
  const messagesOf = db.prepare(`SELECT rowid, hash FROM messages WHERE conversation_id IN (${inJson})`);
  const copiesOf = db.prepare(`SELECT hash FROM message_copies WHERE message_rowid IN (${inJson})`).pluck();
  const uidsOf = db.prepare(`SELECT path, uid FROM folder_uids WHERE message_rowid IN (${inJson}) ORDER BY path, uid`);
  const referenced = db.prepare(`SELECT hash FROM messages WHERE hash IN (${inJson}) UNION SELECT hash FROM message_copies WHERE hash IN (${inJson})`).pluck();
  const stillHasConversation = db.prepare('SELECT 1 FROM conversations WHERE customer = ? LIMIT 1').pluck();
  const deletes = [
    // Search entries first: a contentless FTS5 row is deleted by rowid (contentless_delete=1).
    db.prepare(`DELETE FROM message_fts WHERE rowid IN (${inJson})`),
    db.prepare(`DELETE FROM folder_uids WHERE message_rowid IN (${inJson})`),
    // message_refs, message_texts and message_copies go with their message (ON DELETE CASCADE).
    db.prepare(`DELETE FROM messages WHERE rowid IN (${inJson})`),
  ];
  const conversationDeletes = [
    db.prepare(`DELETE FROM conversation_tags WHERE conversation_id IN (${inJson})`),
    db.prepare(`DELETE FROM conversation_participants WHERE conversation_id IN (${inJson})`),
    db.prepare(`DELETE FROM notes WHERE conversation_id IN (${inJson})`),
    db.prepare('DELETE FROM conversation_aliases WHERE id IN (SELECT value FROM json_each(?1)) OR survivor IN (SELECT value FROM json_each(?1))'),
    db.prepare(`DELETE FROM conversations WHERE id IN (${inJson})`),
  ];
  const deleteCustomer = [db.prepare('DELETE FROM notes WHERE customer = ?'), db.prepare('DELETE FROM customers WHERE email = ?')];

  return {
    reads: {
      referencedHashes(hashes) {
        const json = JSON.stringify(hashes);
        return new Set(referenced.all(json, json) as string[]);
      },
    },
    writes: {
      forgetConversations(ids): ForgottenMail {
        ctx.rev(); // a write: only inside a transaction
        const live = existing.all(JSON.stringify(ids)) as string[];
        const json = JSON.stringify(live);
        const all = JSON.stringify([...live, ...(aliasesOf.all(json) as string[])]);
        const customers = customersOf.all(json) as string[];
        const messages = messagesOf.all(json) as { rowid: number; hash: string }[];
        const rowids = JSON.stringify(messages.map((m) => m.rowid));
        const hashes = [...new Set([...messages.map((m) => m.hash), ...(copiesOf.all(rowids) as string[])])];
        const serverCopies = uidsOf.all(rowids) as { path: string; uid: number }[];
        for (const d of deletes) d.run(rowids);
        for (const d of conversationDeletes) d.run(all);
        const goneCustomers = customers.filter((email) => !stillHasConversation.get(email));
        for (const email of goneCustomers) for (const d of deleteCustomer) d.run(email);
        const kept = new Set(referenced.all(JSON.stringify(hashes), JSON.stringify(hashes)) as string[]);
        return { conversations: live, messages: messages.length, customers: goneCustomers, unreferencedHashes: hashes.filter((h) => !kept.has(h)), serverCopies };
      },
    },
    maintenance: {
      compact() {
        // 'optimize' merges every segment into one: deleted entries' tokens are dropped, and the old
        // segments' pages are freed (and zeroed, with secure_delete).
        db.prepare("INSERT INTO message_fts(message_fts) VALUES ('optimize')").run();
        db.pragma('wal_checkpoint(TRUNCATE)');
      },
    },
  };
}
