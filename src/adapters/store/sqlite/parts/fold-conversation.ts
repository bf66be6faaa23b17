/**
 * Merging one conversation into another when mail links them (import's grouping), in the caller's
 * transaction: the messages move, the owner's decisions about the merged conversation are folded
 * into the survivor's (mergeStates decides the status and read marks, tags are united, notes move),
 * and its id lives on as an alias. Nothing the owner decided is lost with the merged row.
 */
import type Database from 'better-sqlite3';
import { mergeStates, type ConversationState, type ConversationStatus } from '../../../../core/domain/conversation.js';
import { epochMs, isoOf } from '../map-message.js';

type DecisionRow = { status: ConversationStatus | null; status_at: number | null; snoozed_until: number | null; read_at: number | null; marked_unread: number; state_rev: number | null };

const statements = new WeakMap<Database.Database, ReturnType<typeof prepare>>();

function prepare(db: Database.Database) {
  return {
    decisions: db.prepare('SELECT status, status_at, snoozed_until, read_at, marked_unread, state_rev FROM conversations WHERE id = ?'),
    tagCount: db.prepare('SELECT count(*) FROM conversation_tags WHERE conversation_id = ?').pluck(),
    noteCount: db.prepare('SELECT count(*) FROM notes WHERE conversation_id = ?').pluck(),
    moveMessages: db.prepare('UPDATE messages SET conversation_id = @survivor, rev = @rev WHERE conversation_id = @merged'),
    copyTags: db.prepare('INSERT OR IGNORE INTO conversation_tags(conversation_id, tag) SELECT @survivor, tag FROM conversation_tags WHERE conversation_id = @merged'),
    dropTags: db.prepare('DELETE FROM conversation_tags WHERE conversation_id = ?'),
    moveNotes: db.prepare('UPDATE notes SET conversation_id = @survivor WHERE conversation_id = @merged'),
    dropParticipants: db.prepare('DELETE FROM conversation_participants WHERE conversation_id = ?'),
    setDecisions: db.prepare(
      `UPDATE conversations SET status = @status, status_at = @status_at, snoozed_until = @snoozed_until, read_at = @read_at,
         marked_unread = @marked_unread, state_rev = @rev WHERE id = @id`,
    ),
    touch: db.prepare('UPDATE conversations SET state_rev = ? WHERE id = ?'),
    repointAliases: db.prepare('UPDATE conversation_aliases SET survivor = @survivor WHERE survivor = @merged'),
    addAlias: db.prepare('INSERT INTO conversation_aliases(id, survivor) VALUES (@merged, @survivor) ON CONFLICT(id) DO UPDATE SET survivor = excluded.survivor'),
    remove: db.prepare('DELETE FROM conversations WHERE id = ?'),
  };
}

const decided = (row: DecisionRow) => row.status !== null || row.read_at !== null || row.marked_unread === 1;

function toState(row: DecisionRow): ConversationState {
  const state: ConversationState = {};
  if (row.status !== null) {
    state.status = row.status;
    if (row.status_at !== null) state.statusAt = isoOf(row.status_at);
    if (row.snoozed_until !== null) state.snoozedUntil = isoOf(row.snoozed_until);
  }
  if (row.read_at !== null) state.readAt = isoOf(row.read_at);
  if (row.marked_unread === 1) state.markedUnread = true;
  return state;
}

/** Merges `merged` into `survivor` (whose row exists). */
export function foldConversation(db: Database.Database, rev: number, merged: string, survivor: string): void {
  let s = statements.get(db);
  if (!s) statements.set(db, (s = prepare(db)));
  const ids = { merged, survivor, rev };
  s.moveMessages.run(ids);
  const gone = s.decisions.get(merged) as DecisionRow | undefined;
  const kept = s.decisions.get(survivor) as DecisionRow | undefined;
  if (!kept) throw new Error(`merge into conversation ${survivor}, which is not stored`);
  if (gone) {
    if (decided(gone)) {
      // mergeStates lets the last state with a status win: the more recent decision (by state revision) goes last.
      const ordered = [gone, kept].sort((a, b) => (a.state_rev ?? -1) - (b.state_rev ?? -1));
      const state = mergeStates(ordered.map(toState));
      s.setDecisions.run({
        id: survivor,
        status: state.status ?? null,
        status_at: state.statusAt === undefined ? null : epochMs(state.statusAt),
        snoozed_until: state.snoozedUntil === undefined ? null : epochMs(state.snoozedUntil),
        read_at: state.readAt === undefined ? null : epochMs(state.readAt),
        marked_unread: state.markedUnread ? 1 : 0,
        rev,
      });
    } else if ((s.tagCount.get(merged) as number) > 0 || (s.noteCount.get(merged) as number) > 0) {
      s.touch.run(rev, survivor);
    }
    s.copyTags.run(ids);
    s.dropTags.run(merged);
    s.moveNotes.run(ids);
    s.dropParticipants.run(merged);
    s.remove.run(merged);
  }
  // Scripts and notes may hold the old id (or ids merged into it before): they keep resolving, in one hop.
  s.repointAliases.run(ids);
  s.addAlias.run(ids);
}
