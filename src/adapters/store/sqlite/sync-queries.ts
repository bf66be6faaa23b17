/**
 * What sync asks across folders, messages and conversations: recorded UIDs with their message's
 * conversation and date (for flag pull and push), the UIDs flag push must look at since a revision,
 * where messages are on the server, off-server marks, and stored messages by Message-ID. Each is
 * one indexed query over the UIDs or messages at hand; none reads a whole folder unless asked to.
 */
import type Database from 'better-sqlite3';
import { isoOf } from './map-message.js';
import { textToFlags } from './map-folder.js';

export type UidRecordRow = { uid: number; seq: number; flags: string[]; conversationId: string | null; date: string; recordedRev: number };

type RawRecord = { uid: number; seq: number; flags: string; conversation_id: string | null; date: number | null; rev: number };

// A JSON array bound as one parameter: one prepared statement whatever the number of UIDs or seqs.
const inJson = 'SELECT value FROM json_each(?)';

const recordColumns = 'fu.uid AS uid, fu.message_rowid AS seq, fu.flags AS flags, fu.rev AS rev, m.conversation_id AS conversation_id, m.date AS date';
const withMessage = 'folder_uids fu LEFT JOIN messages m ON m.rowid = fu.message_rowid';
/**
 * Only a UID of a conversation with decisions, or carrying a keyword, can have flags to push: with
 * no tags and no read mark the owner wants nothing set, and only keywords could be taken off.
 */
const mayPush = `(fu.flags <> '' AND fu.flags <> '\\Seen') OR EXISTS (SELECT 1 FROM conversations c WHERE c.id = m.conversation_id AND c.state_rev IS NOT NULL)`;

/**
 * The UIDs flag push looks at after revision @since, by indexed ways in: UIDs recorded since, and
 * the UIDs of messages of conversations decided about (state_rev) or whose mail changed (rev, such
 * as a merge) since, each in proportion to what changed. CROSS JOIN and INDEXED BY fix the plan: left to
 * itself (no statistics), the planner walks the whole folder by its path or scans the conversations. Exported for the test of its query plan.
 */
export const changedCandidatesSql = `WITH changed(id) AS (
    SELECT id FROM conversations INDEXED BY conversations_state_rev WHERE state_rev > @since
    UNION SELECT id FROM conversations INDEXED BY conversations_rev WHERE rev > @since
  ),
  touched(uid) AS (
    SELECT uid FROM folder_uids INDEXED BY folder_uids_rev WHERE path = @path AND rev > @since
    UNION SELECT t.uid FROM changed CROSS JOIN messages tm ON tm.conversation_id = changed.id
      CROSS JOIN folder_uids t INDEXED BY folder_uids_message ON t.message_rowid = tm.rowid WHERE +t.path = @path
  )
  SELECT ${recordColumns} FROM touched CROSS JOIN folder_uids fu ON fu.path = @path AND fu.uid = touched.uid
    LEFT JOIN messages m ON m.rowid = fu.message_rowid
  WHERE ${mayPush} ORDER BY fu.uid`;

export function syncQueries(db: Database.Database) {
  const range = db.prepare(`SELECT ${recordColumns} FROM ${withMessage} WHERE fu.path = ? AND fu.uid >= ? AND fu.uid < ? ORDER BY fu.uid`);
  const ofUids = db.prepare(`SELECT ${recordColumns} FROM ${withMessage} WHERE fu.path = ? AND fu.uid IN (${inJson}) ORDER BY fu.uid`);
  const everyCandidate = db.prepare(`SELECT ${recordColumns} FROM ${withMessage} WHERE fu.path = @path AND (${mayPush}) ORDER BY fu.uid`);
  const changedCandidates = db.prepare(changedCandidatesSql);
  const pushChanges = db
    .prepare(
      `SELECT EXISTS (SELECT 1 FROM folder_uids INDEXED BY folder_uids_rev WHERE path = @path AND rev > @since)
          OR EXISTS (SELECT 1 FROM conversations INDEXED BY conversations_state_rev WHERE state_rev > @since)
          OR EXISTS (SELECT 1 FROM conversations INDEXED BY conversations_rev WHERE rev > @since)`,
    )
    .pluck();
  const locations = db.prepare(`SELECT message_rowid AS seq, path, uid FROM folder_uids WHERE message_rowid IN (${inJson}) ORDER BY message_rowid, path, uid`);
  const spam = db.prepare(
    `SELECT fu.message_rowid AS seq, fu.path, fu.uid FROM folder_uids fu JOIN messages m ON m.rowid = fu.message_rowid
     JOIN conversation_tags t ON t.conversation_id = m.conversation_id AND t.tag = 'spam'
     WHERE m.direction = 'in' AND fu.path NOT IN (${inJson}) ORDER BY fu.path, fu.uid`,
  );
  const offServer = db.prepare(`SELECT rowid FROM messages WHERE rowid IN (${inJson}) AND off_server = 1`).pluck();
  const markOff = db
    .prepare(
      `UPDATE messages SET off_server = 1, rev = ? WHERE rowid IN (${inJson}) AND off_server = 0
       AND NOT EXISTS (SELECT 1 FROM folder_uids WHERE message_rowid = messages.rowid) RETURNING rowid`,
    )
    .pluck();
  const clearOff = db.prepare(`UPDATE messages SET off_server = 0, rev = ? WHERE rowid IN (${inJson}) AND off_server = 1`);
  const withIds = db.prepare(`SELECT rowid AS seq, message_id AS messageId, size FROM messages WHERE message_id IN (${inJson}) AND synthetic = 0 ORDER BY rowid`);

  const records = (rows: unknown[]): UidRecordRow[] =>
    (rows as RawRecord[]).map((r) => ({ uid: r.uid, seq: r.seq, flags: textToFlags(r.flags), conversationId: r.conversation_id, date: r.date === null ? '' : isoOf(r.date), recordedRev: r.rev }));
  const json = (values: readonly (number | string)[]) => JSON.stringify(values);

  return {
    uidRange: (path: string, from: number, below: number) => records(range.all(path, from, below)),
    uidRecords: (path: string, uids: readonly number[]) => (uids.length === 0 ? [] : records(ofUids.all(path, json(uids)))),
    pushCandidates: (path: string, since: number | undefined) =>
      records(since === undefined ? everyCandidate.all({ path }) : changedCandidates.all({ path, since })),
    hasPushChanges: (path: string, since: number) => pushChanges.get({ path, since }) === 1,
    locationsOf: (seqs: readonly number[]) => (seqs.length === 0 ? [] : (locations.all(json(seqs)) as { seq: number; path: string; uid: number }[])),
    spamLocations: (except: readonly string[]) => spam.all(json(except)) as { seq: number; path: string; uid: number }[],
    offServer: (seqs: readonly number[]) => new Set(seqs.length === 0 ? [] : (offServer.all(json(seqs)) as number[])),
    /** Marks messages no folder holds as gone from the server; returns those newly marked. */
    markOffServer: (rev: number, seqs: readonly number[]) => (seqs.length === 0 ? [] : (markOff.all(rev, json(seqs)) as number[])),
    clearOffServer(rev: number, seqs: readonly number[]): void {
      if (seqs.length) clearOff.run(rev, json(seqs));
    },
    messagesWithIds: (ids: readonly string[]) => (ids.length === 0 ? [] : (withIds.all(json(ids)) as { seq: number; messageId: string; size: number }[])),
  };
}
