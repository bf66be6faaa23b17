/**
 * Conversations: the derived half (upserted when mail arrives; never touches the owner's decisions)
 * and reads by id, alias and participants. Decisions live in decisions-repo.ts, lists in
 * conversation-queries.ts.
 */
import type Database from 'better-sqlite3';
import type { ConversationRecord, ConversationState } from '../../../core/domain/conversation.js';
import {
  recordParticipants,
  rowToRecord,
  rowToState,
  type ConversationMessage,
  type ConversationRow,
  type ConversationSummaryRow,
  type NoteRow,
  type ParticipantRow,
} from './map-conversation.js';

const summaryColumns = [
  'customer', 'subject', 'base_subject', 'first_at', 'last_at', 'last_inbound_at', 'last_unseen_inbound_at', 'last_outbound_at',
  'waiting_since', 'last_is_outbound', 'has_attachments', 'message_count', 'automated_only', 'automated_kinds', 'bounced_at',
] as const;

export function conversationsRepo(db: Database.Database) {
  const upsert = db.prepare(
    `INSERT INTO conversations(id, ${summaryColumns.join(', ')}, created_seq, created_rev, rev)
     VALUES (@id, ${summaryColumns.map((c) => '@' + c).join(', ')}, @created_seq, @rev, @rev)
     ON CONFLICT(id) DO UPDATE SET ${summaryColumns.map((c) => `${c} = excluded.${c}`).join(', ')}, rev = excluded.rev`,
  );
  const clearParticipants = db.prepare('DELETE FROM conversation_participants WHERE conversation_id = ?');
  const addParticipant = db.prepare('INSERT OR IGNORE INTO conversation_participants(conversation_id, kind, text) VALUES (?, ?, ?)');
  const aliasOf = db.prepare('SELECT survivor FROM conversation_aliases WHERE id = ?').pluck();
  const addAlias = db.prepare('INSERT INTO conversation_aliases(id, survivor) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET survivor = excluded.survivor');
  // Aliases that pointed at the merged conversation now point at the survivor: one hop, always.
  const repointAliases = db.prepare('UPDATE conversation_aliases SET survivor = ? WHERE survivor = ?');
  const byId = db.prepare('SELECT * FROM conversations WHERE id = ?');
  const byPrefix = db.prepare("SELECT id FROM conversations WHERE id >= ? AND id < ? || char(0x10FFFF) ORDER BY id LIMIT 5").pluck();
  const messagesOf = db.prepare('SELECT rowid, date, direction, seen_on_arrival FROM messages WHERE conversation_id = ?');
  const participantsOf = db.prepare('SELECT kind, text FROM conversation_participants WHERE conversation_id = ?');
  const tagsOf = db.prepare('SELECT tag FROM conversation_tags WHERE conversation_id = ? ORDER BY tag').pluck();
  const notesOf = db.prepare('SELECT * FROM notes WHERE conversation_id = ? ORDER BY at, id');
  const remove = db.prepare('DELETE FROM conversations WHERE id = ?');

  return {
    /** Writes the derived half of a conversation (a new one, or one whose mail changed). Inside a revision transaction. */
    upsert(rev: number, summary: ConversationSummaryRow, participants: ParticipantRow[]): void {
      upsert.run({ ...summary, rev });
      clearParticipants.run(summary.id);
      for (const p of participants) addParticipant.run(summary.id, p.kind, p.text);
    },
    /** Records that `merged` now lives on as `survivor` (its row is removed by the caller after moving messages and decisions). */
    alias(merged: string, survivor: string): void {
      repointAliases.run(survivor, merged);
      addAlias.run(merged, survivor);
      remove.run(merged);
    },
    /** The conversation an id names now: itself, or the survivor it was merged into. */
    resolve(id: string): string | undefined {
      if (byId.get(id)) return id;
      return aliasOf.get(id) as string | undefined;
    },
    /** Up to 5 ids starting with `prefix`, for short-id resolution (more than one is ambiguous). */
    withPrefix(prefix: string): string[] {
      return byPrefix.all(prefix, prefix) as string[];
    },
    row(id: string): ConversationRow | undefined {
      return byId.get(id) as ConversationRow | undefined;
    },
    record(id: string): { record: ConversationRecord; state: ConversationState } | undefined {
      const row = byId.get(id) as ConversationRow | undefined;
      if (!row) return undefined;
      const messages = messagesOf.all(id) as ConversationMessage[];
      return {
        record: rowToRecord(row, messages, participantsOf.all(id) as ParticipantRow[]),
        state: rowToState(row, tagsOf.all(id) as string[], notesOf.all(id) as NoteRow[], messages),
      };
    },
  };
}

export { recordParticipants };
