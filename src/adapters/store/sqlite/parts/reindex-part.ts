/**
 * Re-deriving stored mail (ports/store/reindex-store.ts): a message's derived columns, references,
 * kept text and search entry replaced in place (its rowid, ids, raw file and conversation stay), and
 * conversations taken apart for regrouping.
 */
import type { ReindexWrites } from '../../../../core/ports/mail-store.js';
import { baseSubjectKey } from '../../../../core/domain/subject.js';
import { ftsDocument } from '../fts-text.js';
import { messageToRow, referencedIds } from '../map-message.js';
import type { StoreContext, StorePart } from './store-context.js';

/** Columns a re-derivation rewrites; identity (short and Message-ID, raw hash, content, size), origin and conversation stay. */
const derived = [
  'date', 'from_addr', 'from_name', 'to_json', 'cc_json', 'reply_to_json', 'subject', 'base_subject', 'references_json', 'in_reply_to_json',
  'in_reply_to_ok', 'direction', 'customer', 'attachments_json', 'snippet', 'seen_on_arrival', 'parse_error', 'automated', 'automated_by', 'bounce_json', 'subject_key',
] as const;

const inJson = 'SELECT value FROM json_each(?)';

export function reindexPart(ctx: StoreContext): StorePart<object, ReindexWrites> {
  const { db } = ctx.index;
  const update = db.prepare(`UPDATE messages SET ${derived.map((c) => `${c} = @${c}`).join(', ')}, rev = @rev WHERE rowid = @rowid`);
  const clearRefs = db.prepare('DELETE FROM message_refs WHERE message_rowid = ?');
  const addRef = db.prepare('INSERT OR IGNORE INTO message_refs(message_rowid, ref) VALUES (?, ?)');
  const putText = db.prepare('INSERT OR REPLACE INTO message_texts(message_rowid, text, split_json) VALUES (?, ?, ?)');
  const dropText = db.prepare('DELETE FROM message_texts WHERE message_rowid = ?');
  const dropFts = db.prepare('DELETE FROM message_fts WHERE rowid = ?');
  const addFts = db.prepare('INSERT INTO message_fts(rowid, text) VALUES (?, ?)');
  // Lists kept current from what changed read themselves whole after a removal (conversation-part.ts).
  const markRemoved = db.prepare("INSERT OR REPLACE INTO meta(key, value) VALUES ('removed_rev', ?)");
  const dissolve = [
    db.prepare(`UPDATE messages SET conversation_id = NULL WHERE conversation_id IN (${inJson})`),
    db.prepare(`DELETE FROM conversation_tags WHERE conversation_id IN (${inJson})`),
    db.prepare(`DELETE FROM conversation_participants WHERE conversation_id IN (${inJson})`),
    db.prepare(`DELETE FROM notes WHERE conversation_id IN (${inJson})`),
    db.prepare(`DELETE FROM conversations WHERE id IN (${inJson})`),
  ];

  return {
    reads: {},
    writes: {
      rederiveMessages(messages) {
        const rev = ctx.rev();
        for (const m of messages) {
          const row = messageToRow(m.meta, null, baseSubjectKey(m.meta.subject)) as unknown as Record<string, unknown>;
          update.run({ ...Object.fromEntries(derived.map((c) => [c, row[c]])), rev, rowid: m.meta.seq });
          clearRefs.run(m.meta.seq);
          for (const ref of referencedIds(m.meta)) addRef.run(m.meta.seq, ref);
          if (m.text !== undefined || m.split !== undefined) putText.run(m.meta.seq, m.text ?? null, m.split === undefined ? null : JSON.stringify(m.split));
          else dropText.run(m.meta.seq);
          dropFts.run(m.meta.seq);
          addFts.run(m.meta.seq, ftsDocument(m.searchText));
        }
      },
      dissolveConversations(ids) {
        markRemoved.run(ctx.rev());
        const json = JSON.stringify(ids);
        for (const statement of dissolve) statement.run(json);
      },
      aliasConversation(id, survivor) {
        ctx.rev();
        if (id !== survivor) ctx.index.conversations.alias(id, survivor);
      },
    },
  };
}
