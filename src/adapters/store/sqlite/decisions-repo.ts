/**
 * The owner's decisions: status, tags, read marks, notes. Each call is one small IMMEDIATE
 * transaction that bumps the revision and touches only the rows it changes: a tag is one row, a
 * status one UPDATE. Decisions are dated by the conversation's newest message when they were made
 * (`status_at`, `read_at`), so mail dated later is news and mail dated earlier, imported late, is not.
 */
import type Database from 'better-sqlite3';
import type { ConversationStatus, Note } from '../../../core/domain/conversation.js';
import { epochMs } from './map-message.js';
import type { Revisions } from './revision.js';

export type NoteTarget = { conversationId: string } | { customer: string };

export function decisionsRepo(db: Database.Database, revs: Revisions) {
  const setStatus = db.prepare(
    'UPDATE conversations SET status = @status, status_at = last_at, status_changed_at = @changed_at, snoozed_until = @snoozed_until, state_rev = @rev WHERE id = @id',
  );
  const addTag = db.prepare('INSERT OR IGNORE INTO conversation_tags(conversation_id, tag) VALUES (?, ?)');
  const removeTag = db.prepare('DELETE FROM conversation_tags WHERE conversation_id = ? AND tag = ?');
  const touch = db.prepare('UPDATE conversations SET state_rev = ? WHERE id = ?');
  const markRead = db.prepare('UPDATE conversations SET read_at = last_at, marked_unread = 0, state_rev = ? WHERE id = ?');
  const markUnread = db.prepare('UPDATE conversations SET marked_unread = 1, state_rev = ? WHERE id = ?');
  const insertNote = db.prepare('INSERT INTO notes(id, conversation_id, customer, text, at, author) VALUES (?, ?, ?, ?, ?, ?)');
  const deleteNote = db.prepare('DELETE FROM notes WHERE id = ?');
  const setFirstName = db.prepare(
    "INSERT INTO customers(email, first_name) VALUES (?, ?) ON CONFLICT(email) DO UPDATE SET first_name = excluded.first_name",
  );

  /** Runs `apply` for each id in one transaction; returns how many rows it changed. */
  const each = (ids: string[], apply: (id: string, rev: number) => number) =>
    revs.write((rev) => ids.reduce((changed, id) => changed + apply(id, rev), 0));

  return {
    /** `changedAt`: when the owner decided, by the clock (NULL: unknown). */
    setStatus(ids: string[], status: ConversationStatus, snoozedUntil?: string, changedAt?: string): number {
      const snoozed_until = status === 'snoozed' && snoozedUntil ? epochMs(snoozedUntil) : null;
      const changed_at = changedAt ? epochMs(changedAt) : null;
      return each(ids, (id, rev) => setStatus.run({ id, status, snoozed_until, changed_at, rev }).changes);
    },
    /** Tags are lower case. Only conversations whose tags changed get a new state revision. */
    changeTags(ids: string[], add: string[], remove: string[]): number {
      return each(ids, (id, rev) => {
        let changes = 0;
        for (const t of add) changes += addTag.run(id, t.toLowerCase()).changes;
        for (const t of remove) changes += removeTag.run(id, t.toLowerCase()).changes;
        if (changes) touch.run(rev, id);
        return changes ? 1 : 0;
      });
    },
    markRead(ids: string[]): number {
      return each(ids, (id, rev) => markRead.run(rev, id).changes);
    },
    markUnread(ids: string[]): number {
      return each(ids, (id, rev) => markUnread.run(rev, id).changes);
    },
    addNote(target: NoteTarget, note: Note): void {
      revs.write((rev) => {
        const conversationId = 'conversationId' in target ? target.conversationId : null;
        insertNote.run(note.id, conversationId, 'customer' in target ? target.customer : null, note.text, epochMs(note.at), note.author ?? null);
        if (conversationId) touch.run(rev, conversationId);
      });
    },
    removeNote(id: string): number {
      return revs.write(() => deleteNote.run(id).changes);
    },
    setFirstName(email: string, firstName: string | null): void {
      revs.write(() => setFirstName.run(email, firstName));
    },
  };
}
