/**
 * Conversation rows read back as the domain's ConversationEntry (record + the owner's decisions), and
 * decisions written as rows. Decisions are dates here (status_at, read_at; docs/store-v2.md): the
 * state handed out carries `statusAt`/`readAt`, never arrival seqs, so effectiveStatus and isUnread
 * decide by date exactly as the compiled SQL does (query-sql.ts).
 */
import type Database from 'better-sqlite3';
import type { ConversationRecord, ConversationState } from '../../../core/domain/conversation.js';
import { rowToNote, rowToPromise, rowToRecord, type ConversationMessage, type ConversationRow, type NoteRow, type ParticipantRow } from './map-conversation.js';
import { epochMs, isoOf } from './map-message.js';

export type Entry = { record: ConversationRecord; state: ConversationState };

/** The owner's decisions on a row. A status without a date (never written by v2) holds until the owner changes it, as the SQL reads it. */
export function rowToDatedState(row: ConversationRow, tags: string[], notes: NoteRow[]): ConversationState {
  const state: ConversationState = {};
  if (row.status !== null) {
    state.status = row.status;
    state.statusAt = isoOf(row.status_at ?? row.last_at);
    if (row.status_changed_at !== null) state.statusChangedAt = isoOf(row.status_changed_at);
    if (row.snoozed_until !== null) state.snoozedUntil = isoOf(row.snoozed_until);
  }
  if (tags.length) state.tags = [...tags].sort();
  if (notes.length) state.notes = notes.map(rowToNote);
  if (row.read_at !== null) state.readAt = isoOf(row.read_at);
  if (row.marked_unread === 1) state.markedUnread = true;
  const promise = rowToPromise(row);
  if (promise) state.promise = promise;
  return state;
}

export function conversationEntries(db: Database.Database) {
  const messagesOf = db.prepare('SELECT rowid, date, direction, seen_on_arrival FROM messages WHERE conversation_id = ?');
  const participantsOf = db.prepare('SELECT kind, text FROM conversation_participants WHERE conversation_id = ?');
  const tagsOf = db.prepare('SELECT tag FROM conversation_tags WHERE conversation_id = ? ORDER BY tag').pluck();
  const notesOf = db.prepare('SELECT * FROM notes WHERE conversation_id = ? ORDER BY at, id');
  const byId = db.prepare('SELECT * FROM conversations WHERE id = ?');
  // A page of conversations in four statements, not four per conversation (ids as one JSON array).
  const inJson = 'SELECT value FROM json_each(?)';
  const messagesOfMany = db.prepare(`SELECT conversation_id AS of, rowid, date, direction, seen_on_arrival FROM messages WHERE conversation_id IN (${inJson})`);
  const participantsOfMany = db.prepare(`SELECT conversation_id AS of, kind, text FROM conversation_participants WHERE conversation_id IN (${inJson})`);
  const tagsOfMany = db.prepare(`SELECT conversation_id AS of, tag FROM conversation_tags WHERE conversation_id IN (${inJson}) ORDER BY tag`);
  const notesOfMany = db.prepare(`SELECT conversation_id AS of, * FROM notes WHERE conversation_id IN (${inJson}) ORDER BY at, id`);

  const setState = db.prepare(
    `UPDATE conversations SET status = @status, status_at = @status_at, status_changed_at = @status_changed_at, snoozed_until = @snoozed_until, read_at = @read_at,
       marked_unread = @marked_unread, promise_by = @promise_by, promise_text = @promise_text, promise_at = @promise_at, state_rev = @rev WHERE id = @id`,
  );
  const clearTags = db.prepare('DELETE FROM conversation_tags WHERE conversation_id = ?');
  const addTag = db.prepare('INSERT OR IGNORE INTO conversation_tags(conversation_id, tag) VALUES (?, ?)');
  const clearNotes = db.prepare('DELETE FROM notes WHERE conversation_id = ?');
  const putNote = db.prepare('INSERT OR REPLACE INTO notes(id, conversation_id, customer, text, at, author) VALUES (?, ?, NULL, ?, ?, ?)');

  const entry = (row: ConversationRow): Entry => {
    const messages = messagesOf.all(row.id) as ConversationMessage[];
    return {
      record: rowToRecord(row, messages, participantsOf.all(row.id) as ParticipantRow[]),
      state: rowToDatedState(row, tagsOf.all(row.id) as string[], notesOf.all(row.id) as NoteRow[]),
    };
  };

  const grouped = <T extends { of: string }>(rows: T[]) => {
    const by = new Map<string, T[]>();
    for (const r of rows) (by.get(r.of) ?? by.set(r.of, []).get(r.of)!).push(r);
    return by;
  };

  return {
    entry,
    /** Entries of these rows, in their order. */
    entries(rows: ConversationRow[]): Entry[] {
      if (rows.length < 2) return rows.map(entry);
      const ids = JSON.stringify(rows.map((r) => r.id));
      const messages = grouped(messagesOfMany.all(ids) as (ConversationMessage & { of: string })[]);
      const participants = grouped(participantsOfMany.all(ids) as (ParticipantRow & { of: string })[]);
      const tags = grouped(tagsOfMany.all(ids) as { of: string; tag: string }[]);
      const notes = grouped(notesOfMany.all(ids) as (NoteRow & { of: string })[]);
      return rows.map((row) => ({
        record: rowToRecord(row, messages.get(row.id) ?? [], participants.get(row.id) ?? []),
        state: rowToDatedState(row, (tags.get(row.id) ?? []).map((t) => t.tag), notes.get(row.id) ?? []),
      }));
    },
    byId(id: string): Entry | undefined {
      const row = byId.get(id) as ConversationRow | undefined;
      return row && entry(row);
    },
    /** Replaces a conversation's decisions; false when there is no such conversation. Inside the caller's transaction. */
    writeState(rev: number, id: string, s: ConversationState): boolean {
      const status = s.status ?? null;
      const changed = setState.run({
        id,
        rev,
        status,
        // A decision's date: the conversation's newest message when it was made (the service sets it); else now-newest.
        status_at: status === null ? null : s.statusAt !== undefined ? epochMs(s.statusAt) : (byId.get(id) as ConversationRow | undefined)?.last_at ?? null,
        snoozed_until: status !== null && s.snoozedUntil !== undefined ? epochMs(s.snoozedUntil) : null,
        status_changed_at: status !== null && s.statusChangedAt !== undefined ? epochMs(s.statusChangedAt) : null,
        read_at: s.readAt !== undefined ? epochMs(s.readAt) : null,
        marked_unread: s.markedUnread ? 1 : 0,
        promise_by: s.promise ? epochMs(s.promise.by) : null,
        promise_text: s.promise ? s.promise.text : null,
        promise_at: s.promise ? epochMs(s.promise.at) : null,
      }).changes;
      if (changed === 0) return false;
      clearTags.run(id);
      for (const t of s.tags ?? []) addTag.run(id, t);
      clearNotes.run(id);
      for (const n of s.notes ?? []) putNote.run(n.id, id, n.text, epochMs(n.at), n.author ?? null);
      return true;
    },
  };
}
