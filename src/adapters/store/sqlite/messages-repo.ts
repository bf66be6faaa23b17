/**
 * Messages: insert (row, references, kept text, search tokens, all in the caller's transaction),
 * read back, and the lookups import's dedupe asks (known hashes, contents, Message-IDs): each one
 * indexed query over the batch at hand, never a scan of the mailbox.
 */
import type Database from 'better-sqlite3';
import type { MessageMeta, QuoteSplit } from '../../../core/domain/message.js';
import { ftsDocument } from './fts-text.js';
import { messageToRow, referencedIds, rowToMessage, type MessageRow } from './map-message.js';

export type IndexedMessage = {
  meta: Omit<MessageMeta, 'seq'>;
  conversationId: string | null;
  baseSubject: string;
  /** The text to index for search (messageSearchText). */
  searchText: string;
  /** The full text, when the message parsed (kept for exports and reindex). */
  text?: string;
  split?: QuoteSplit;
  /** The identity to keep (the v1 → v2 migration keeps each v1 seq as the rowid); absent: the next one. */
  rowid?: number;
};

export type MessageIdHit = { rowid: number; messageId: string; content: string | null; conversationId: string | null };

const columns = [
  'short_id', 'message_id', 'synthetic', 'hash', 'content', 'shares_id', 'size', 'date', 'from_addr', 'from_name', 'to_json', 'cc_json',
  'reply_to_json', 'subject', 'base_subject', 'references_json', 'in_reply_to_json', 'in_reply_to_ok', 'direction', 'customer',
  'attachments_json', 'snippet', 'seen_on_arrival', 'parse_error', 'automated', 'automated_by', 'bounce_json', 'source', 'conversation_id', 'subject_key',
] as const;

// A JSON array bound as one parameter: batch lookups with one prepared statement, whatever the batch size.
const inJson = 'SELECT value FROM json_each(?)';

export function messagesRepo(db: Database.Database) {
  // A NULL rowid is the next one (AUTOINCREMENT: above every rowid ever used, so never one a migrated seq had).
  const insertRow = db.prepare(`INSERT INTO messages(rowid, ${columns.join(', ')}, rev) VALUES (@rowid, ${columns.map((c) => '@' + c).join(', ')}, @rev)`);
  const insertRef = db.prepare('INSERT OR IGNORE INTO message_refs(message_rowid, ref) VALUES (?, ?)');
  const insertText = db.prepare('INSERT INTO message_texts(message_rowid, text, split_json) VALUES (?, ?, ?)');
  const insertFts = db.prepare('INSERT INTO message_fts(rowid, text) VALUES (?, ?)');
  const insertCopy = db.prepare('INSERT OR IGNORE INTO message_copies(message_rowid, hash) VALUES (?, ?)');
  const byRowids = db.prepare(`SELECT * FROM messages WHERE rowid IN (${inJson}) ORDER BY rowid`);
  const ofConversation = db.prepare('SELECT * FROM messages WHERE conversation_id = ? ORDER BY date, rowid');
  const textOf = db.prepare('SELECT text, split_json FROM message_texts WHERE message_rowid = ?');
  const knownHashes = db.prepare(`SELECT hash FROM messages WHERE hash IN (${inJson}) UNION SELECT hash FROM message_copies WHERE hash IN (${inJson})`).pluck();
  const knownContents = db.prepare(`SELECT DISTINCT content FROM messages WHERE content IN (${inJson})`).pluck();
  const byMessageIds = db.prepare(`SELECT rowid, message_id AS messageId, content, conversation_id AS conversationId FROM messages WHERE message_id IN (${inJson}) ORDER BY rowid`);
  const referring = db.prepare(`SELECT DISTINCT message_rowid FROM message_refs WHERE ref IN (${inJson})`).pluck();
  const setConversation = db.prepare('UPDATE messages SET conversation_id = ?, rev = ? WHERE rowid = ?');

  return {
    /** Inserts messages; returns their rowids (the stable identities) in order. Run inside a revision transaction. */
    insert(rev: number, batch: IndexedMessage[]): number[] {
      const rowids: number[] = [];
      for (const m of batch) {
        const rowid = Number(insertRow.run({ ...messageToRow(m.meta, m.conversationId, m.baseSubject), rowid: m.rowid ?? null, rev }).lastInsertRowid);
        for (const ref of referencedIds(m.meta)) insertRef.run(rowid, ref);
        if (m.text !== undefined || m.split !== undefined) insertText.run(rowid, m.text ?? null, m.split === undefined ? null : JSON.stringify(m.split));
        insertFts.run(rowid, ftsDocument(m.searchText));
        rowids.push(rowid);
      }
      return rowids;
    },
    addCopy(rowid: number, hash: string): void {
      insertCopy.run(rowid, hash);
    },
    moveToConversation(rev: number, rowid: number, conversationId: string): void {
      setConversation.run(conversationId, rev, rowid);
    },
    byRowids(rowids: number[]): MessageMeta[] {
      return (byRowids.all(JSON.stringify(rowids)) as MessageRow[]).map(rowToMessage);
    },
    ofConversation(id: string): MessageMeta[] {
      return (ofConversation.all(id) as MessageRow[]).map(rowToMessage);
    },
    text(rowid: number): { text?: string; split?: QuoteSplit } {
      const row = textOf.get(rowid) as { text: string | null; split_json: string | null } | undefined;
      const out: { text?: string; split?: QuoteSplit } = {};
      if (row?.text != null) out.text = row.text;
      if (row?.split_json != null) out.split = JSON.parse(row.split_json) as QuoteSplit;
      return out;
    },
    /** Which of these raw hashes the store holds (as a message or as an extra copy). */
    knownHashes(hashes: string[]): Set<string> {
      const json = JSON.stringify(hashes);
      return new Set(knownHashes.all(json, json) as string[]);
    },
    knownContents(contents: string[]): Set<string> {
      return new Set(knownContents.all(JSON.stringify(contents)) as string[]);
    },
    byMessageIds(ids: string[]): MessageIdHit[] {
      return byMessageIds.all(JSON.stringify(ids)) as MessageIdHit[];
    },
    /** Messages whose References / In-Reply-To name any of these ids (threading: replies stored before their parent). */
    referring(ids: string[]): number[] {
      return referring.all(JSON.stringify(ids)) as number[];
    },
  };
}
