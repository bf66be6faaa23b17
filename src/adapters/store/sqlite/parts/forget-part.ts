/**
 * Erasing mail (ports/store/forget-store.ts). Deleting rows is not enough for "no byte left": SQLite
 * keeps deleted content in free pages and in the write-ahead log, and FTS5 keeps a deleted entry's
 * tokens in its segment until the segment is merged. So the index runs with `secure_delete` (freed
 * pages are zeroed, set at open), and `finishErasing` merges the search index into fresh segments and
 * checkpoints the log back to nothing. Raw files are recorded as pending deletion in the transaction
 * that removes their rows, so a forget killed before it deleted them finishes on the next run.
 */
import { conversationDraftKeys } from '../../../../core/domain/shared-state/shared-drafts.js';
import type { ForgetMaintenance, ForgetReads, ForgetWrites, ForgottenMail } from '../../../../core/ports/mail-store.js';
import type { StoreContext, StorePart } from './store-context.js';

const inJson = 'SELECT value FROM json_each(?)';

export function forgetPart(ctx: StoreContext): StorePart<ForgetReads, ForgetWrites> & { maintenance: ForgetMaintenance } {
  const { db } = ctx.index;
  const aliasesOf = db.prepare(`SELECT id FROM conversation_aliases WHERE survivor IN (${inJson})`).pluck();
  const existing = db.prepare(`SELECT id FROM conversations WHERE id IN (${inJson})`).pluck();
  const customersOf = db.prepare(`SELECT DISTINCT customer FROM conversations WHERE id IN (${inJson})`).pluck();
  const messagesOf = db.prepare(`SELECT rowid, hash, message_id AS messageId FROM messages WHERE conversation_id IN (${inJson})`);
  // The shared decisions about what is forgotten go too (shared-part.ts): entries, and pending deltas.
  const dropShared = db.prepare(`DELETE FROM shared_entries WHERE kind = ? AND key IN (${inJson})`);
  const pendingShared = db.prepare('SELECT id, delta FROM shared_pending');
  const rewritePending = db.prepare('UPDATE shared_pending SET delta = ? WHERE id = ?');
  const dropPending = db.prepare('DELETE FROM shared_pending WHERE id = ?');
  const getMeta = db.prepare('SELECT value FROM meta WHERE key = ?').pluck();
  const setMeta = db.prepare('INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)');
  const forgetShared = (anchors: string[], emails: string[]) => {
    // A reply's or a forward's draft is shared under its conversation's anchor (draft-sharing.ts).
    const drafts = anchors.flatMap(conversationDraftKeys);
    dropShared.run('c', JSON.stringify(anchors));
    dropShared.run('u', JSON.stringify(emails));
    dropShared.run('s', JSON.stringify(emails));
    dropShared.run('d', JSON.stringify(drafts));
    for (const key of ['shared_drafts_here', 'shared_drafts_mirrored']) {
      const map = JSON.parse((getMeta.get(key) as string | undefined) ?? '{}') as Record<string, unknown>;
      if (drafts.some((d) => d in map)) setMeta.run(key, JSON.stringify(Object.fromEntries(Object.entries(map).filter(([k]) => !drafts.includes(k)))));
    }
    for (const row of pendingShared.all() as { id: number; delta: string }[]) {
      const delta = JSON.parse(row.delta) as { conversations: Record<string, unknown>; customers: Record<string, unknown>; senders: Record<string, unknown>; drafts?: Record<string, unknown> };
      for (const a of anchors) delete delta.conversations[a];
      for (const e of emails) {
        delete delta.customers[e];
        delete delta.senders[e];
      }
      for (const d of drafts) delete delta.drafts?.[d];
      const left = Object.keys(delta.conversations).length + Object.keys(delta.customers).length + Object.keys(delta.senders).length + Object.keys(delta.drafts ?? {}).length;
      if (left === 0) dropPending.run(row.id);
      else if (JSON.stringify(delta) !== row.delta) rewritePending.run(JSON.stringify(delta), row.id);
    }
  };
  const copiesOf = db.prepare(`SELECT hash FROM message_copies WHERE message_rowid IN (${inJson})`).pluck();
  const serverCopiesOf = db.prepare(
    `SELECT u.path, f.uid_validity AS uidValidity, u.uid FROM folder_uids u JOIN folders f ON f.path = u.path
     WHERE u.message_rowid IN (SELECT rowid FROM messages WHERE conversation_id IN (${inJson})) ORDER BY u.path, u.uid`,
  );
  const referenced = db.prepare(`SELECT hash FROM messages WHERE hash IN (${inJson}) UNION SELECT hash FROM message_copies WHERE hash IN (${inJson})`).pluck();
  const stillHasConversation = db.prepare('SELECT 1 FROM conversations WHERE customer = ? LIMIT 1').pluck();
  const markPending = db.prepare('INSERT OR IGNORE INTO pending_raw_deletes(hash) VALUES (?)');
  const pending = db.prepare('SELECT hash FROM pending_raw_deletes ORDER BY hash').pluck();
  const unmarkPending = db.prepare(`DELETE FROM pending_raw_deletes WHERE hash IN (${inJson})`);
  const messageDeletes = [
    // A contentless FTS5 row is deleted by rowid (contentless_delete=1).
    db.prepare(`DELETE FROM message_fts WHERE rowid IN (${inJson})`),
    db.prepare(`DELETE FROM folder_uids WHERE message_rowid IN (${inJson})`),
    // message_refs, message_texts and message_copies go with their message (ON DELETE CASCADE).
    db.prepare(`DELETE FROM messages WHERE rowid IN (${inJson})`),
  ];
  const conversationDeletes = [
    db.prepare(`DELETE FROM conversation_tags WHERE conversation_id IN (${inJson})`),
    db.prepare(`DELETE FROM conversation_participants WHERE conversation_id IN (${inJson})`),
    db.prepare(`DELETE FROM notes WHERE conversation_id IN (${inJson})`),
    db.prepare(`DELETE FROM conversation_aliases WHERE id IN (${inJson}) OR survivor IN (${inJson})`),
    db.prepare(`DELETE FROM conversations WHERE id IN (${inJson})`),
  ];
  // Lists kept current from what changed read themselves whole after a removal (conversation-part.ts).
  const markRemoved = db.prepare("INSERT OR REPLACE INTO meta(key, value) VALUES ('removed_rev', ?)");
  // A forgotten address is no one's other address any more, and the addresses merged into a forgotten person are their own again.
  const customerDeletes = [db.prepare('DELETE FROM notes WHERE customer = ?'), db.prepare('DELETE FROM customers WHERE email = ?'), db.prepare('DELETE FROM customer_addresses WHERE ? IN (address, person)')];

  return {
    reads: {
      serverCopiesOf(ids) {
        const byPath = new Map<string, { path: string; uidValidity: string; uids: number[] }>();
        for (const row of serverCopiesOf.all(JSON.stringify(ids)) as { path: string; uidValidity: string; uid: number }[]) {
          const folder = byPath.get(row.path) ?? byPath.set(row.path, { path: row.path, uidValidity: row.uidValidity, uids: [] }).get(row.path)!;
          folder.uids.push(row.uid);
        }
        return [...byPath.values()];
      },
    },
    writes: {
      forgetConversations(ids, alsoHashes = []): ForgottenMail {
        markRemoved.run(ctx.rev()); // a write: only inside a transaction
        const live = JSON.stringify(existing.all(JSON.stringify(ids)) as string[]);
        const conversations = JSON.parse(live) as string[];
        const withAliases = JSON.stringify([...conversations, ...(aliasesOf.all(live) as string[])]);
        const customers = customersOf.all(live) as string[];
        const messages = messagesOf.all(live) as { rowid: number; hash: string; messageId: string }[];
        const rowids = JSON.stringify(messages.map((m) => m.rowid));
        const hashes = [...new Set([...messages.map((m) => m.hash), ...(copiesOf.all(rowids) as string[]), ...alsoHashes])];
        for (const statement of messageDeletes) statement.run(rowids);
        // The alias statement names the ids twice (as alias and as survivor).
        for (const statement of conversationDeletes) statement.run(...Array(statement.source.split('json_each(?)').length - 1).fill(withAliases));
        const goneCustomers = customers.filter((email) => !stillHasConversation.get(email));
        for (const email of goneCustomers) for (const statement of customerDeletes) statement.run(email);
        forgetShared(messages.map((m) => m.messageId), goneCustomers);
        const kept = new Set(referenced.all(JSON.stringify(hashes), JSON.stringify(hashes)) as string[]);
        const unreferenced = hashes.filter((h) => !kept.has(h));
        for (const hash of unreferenced) markPending.run(hash);
        return { conversations, messages: messages.length, customers: goneCustomers, rawFiles: unreferenced.length };
      },
      releaseRawFiles(hashes) {
        if (hashes.length === 0) return;
        const kept = new Set(referenced.all(JSON.stringify(hashes), JSON.stringify(hashes)) as string[]);
        for (const hash of hashes) if (!kept.has(hash)) markPending.run(hash);
      },
      keepRawFiles(hashes) {
        if (hashes.length) unmarkPending.run(JSON.stringify(hashes));
      },
    },
    maintenance: {
      async finishErasing() {
        // Under the write lock, so no import commits a message with one of these files meanwhile;
        // one that arrived since the forget keeps its file.
        const removed = ctx.index.revisions.write(() => {
          const hashes = pending.all() as string[];
          const used = new Set(referenced.all(JSON.stringify(hashes), JSON.stringify(hashes)) as string[]);
          const gone = hashes.filter((h) => !used.has(h));
          ctx.raw.removeSync(gone);
          unmarkPending.run(JSON.stringify(hashes));
          return gone.length;
        });
        if (removed === 0) return 0;
        // 'optimize' merges every segment into one: deleted entries' tokens are dropped, and the old
        // segments' pages are freed (and zeroed, with secure_delete).
        ctx.index.revisions.write(() => db.prepare("INSERT INTO message_fts(message_fts) VALUES ('optimize')").run());
        db.pragma('wal_checkpoint(TRUNCATE)');
        return removed;
      },
    },
  };
}
