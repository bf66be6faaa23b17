/**
 * IMAP sync positions: each folder's UIDVALIDITY / UIDNEXT / HIGHESTMODSEQ, the UID → message map
 * with the flags already applied, and the messages too large to fetch. Sync reads the UIDs from N
 * (the part of the folder a resync compares) and records one flag change as one row. Rows written
 * by sync carry the transaction's revision (`rev`), so flag push can ask what was recorded since.
 */
import type Database from 'better-sqlite3';
import type { FolderSync } from '../../../core/ports/store/v1-documents.js';
import { flagsToText, rowsToFolderSync, textToFlags, type FolderRow, type FolderUidRow, type TooLargeRow } from './map-folder.js';
import type { Revisions } from './revision.js';

export type FolderPosition = { uidValidity: string; uidNext: number; highestModseq?: string; pushedRev?: number };

export function foldersRepo(db: Database.Database, revs: Revisions) {
  const folder = db.prepare('SELECT * FROM folders WHERE path = ?');
  const paths = db.prepare('SELECT path FROM folders ORDER BY path').pluck();
  const upsertFolder = db.prepare(
    `INSERT INTO folders(path, uid_validity, uid_next, highest_modseq) VALUES (@path, @uid_validity, @uid_next, @highest_modseq)
     ON CONFLICT(path) DO UPDATE SET uid_validity = excluded.uid_validity, uid_next = excluded.uid_next, highest_modseq = excluded.highest_modseq`,
  );
  const clearUids = db.prepare('DELETE FROM folder_uids WHERE path = ?');
  const clearTooLarge = db.prepare('DELETE FROM folder_too_large WHERE path = ?');
  const uidsFrom = db.prepare('SELECT uid, message_rowid, flags FROM folder_uids WHERE path = ? AND uid >= ? ORDER BY uid');
  const putUid = db.prepare(
    'INSERT INTO folder_uids(path, uid, message_rowid, flags) VALUES (?, ?, ?, ?) ON CONFLICT(path, uid) DO UPDATE SET message_rowid = excluded.message_rowid, flags = excluded.flags',
  );
  const setFlags = db.prepare('UPDATE folder_uids SET flags = ? WHERE path = ? AND uid = ?');
  const dropUid = db.prepare('DELETE FROM folder_uids WHERE path = ? AND uid = ?');
  const tooLargeOf = db.prepare('SELECT uid, size FROM folder_too_large WHERE path = ? ORDER BY uid');
  const putTooLarge = db.prepare('INSERT OR REPLACE INTO folder_too_large(path, uid, size) VALUES (?, ?, ?)');
  const deleteFolder = db.prepare('DELETE FROM folders WHERE path = ?');
  const deleteAll = db.prepare('DELETE FROM folders');
  const setPushed = db.prepare('UPDATE folders SET pushed_rev = ? WHERE path = ?');
  const putUidAt = db.prepare(
    'INSERT INTO folder_uids(path, uid, message_rowid, flags, rev) VALUES (?, ?, ?, ?, ?) ON CONFLICT(path, uid) DO UPDATE SET message_rowid = excluded.message_rowid, flags = excluded.flags, rev = excluded.rev',
  );
  const setFlagsAt = db.prepare('UPDATE folder_uids SET flags = ?, rev = ? WHERE path = ? AND uid = ?');
  const dropUidReturning = db.prepare('DELETE FROM folder_uids WHERE path = ? AND uid = ? RETURNING message_rowid').pluck();
  const knownFrom = db.prepare('SELECT uid FROM folder_uids WHERE path = @path AND uid >= @from UNION SELECT uid FROM folder_too_large WHERE path = @path AND uid >= @from ORDER BY uid').pluck();
  const countBelow = db
    .prepare('SELECT (SELECT COUNT(*) FROM folder_uids WHERE path = @path AND uid < @below) + (SELECT COUNT(*) FROM folder_too_large WHERE path = @path AND uid < @below)')
    .pluck();
  const highest = db.prepare('SELECT MAX(uid) FROM folder_uids WHERE path = ?').pluck();

  const position = (path: string): FolderPosition | undefined => {
    const row = folder.get(path) as FolderRow | undefined;
    if (!row) return undefined;
    return {
      uidValidity: row.uid_validity,
      uidNext: row.uid_next,
      ...(row.highest_modseq === null ? {} : { highestModseq: row.highest_modseq }),
      ...(row.pushed_rev === null || row.pushed_rev === undefined ? {} : { pushedRev: row.pushed_rev }),
    };
  };
  const setPosition = (path: string, pos: FolderPosition): void => {
    const before = position(path);
    const reset = !!before && before.uidValidity !== pos.uidValidity;
    if (reset) {
      clearUids.run(path);
      clearTooLarge.run(path);
    }
    upsertFolder.run({ path, uid_validity: pos.uidValidity, uid_next: pos.uidNext, highest_modseq: pos.highestModseq ?? null });
    // A new UIDVALIDITY: every UID is new, and so is every push.
    if (pos.pushedRev !== undefined || reset) setPushed.run(reset ? null : pos.pushedRev, path);
  };

  return {
    paths: () => paths.all() as string[],
    position,
    /** UIDs at or above `from`, with the message each holds and the flags recorded for it. */
    uidsFrom(path: string, from = 1): { uid: number; rowid: number; flags: string[] }[] {
      return (uidsFrom.all(path, from) as FolderUidRow[]).map((r) => ({ uid: r.uid, rowid: r.message_rowid, flags: textToFlags(r.flags) }));
    },
    /** The whole folder as the JSON store's FolderSync (for the migration and the port bridge). */
    folderSync(path: string): FolderSync | undefined {
      const row = folder.get(path) as FolderRow | undefined;
      return row && rowsToFolderSync(row, uidsFrom.all(path, 0) as FolderUidRow[], tooLargeOf.all(path) as TooLargeRow[]);
    },
    /**
     * Sets a folder's position; a new UIDVALIDITY forgets the old UID map (those UIDs name other
     * messages now). Inside a revision transaction, with the messages the position covers.
     */
    setPosition,
    setPushedRev(path: string, rev: number): void {
      setPushed.run(rev, path);
    },
    /** Forgets every folder (positions belong to one account); the UID maps go with them. */
    removeAll(): void {
      deleteAll.run();
    },
    /** Starts a folder afresh under a new UIDVALIDITY: no UIDs, nothing too large, next UID 1, never pushed. */
    reset(path: string, uidValidity: string): void {
      clearUids.run(path);
      clearTooLarge.run(path);
      upsertFolder.run({ path, uid_validity: uidValidity, uid_next: 1, highest_modseq: null });
      setPushed.run(null, path);
    },
    /** UIDs at or above `from` the folder has recorded, stored or too large, ascending. */
    knownUidsFrom: (path: string, from: number): number[] => knownFrom.all({ path, from }) as number[],
    /** Stored and too-large UIDs below `below`. */
    countBelow: (path: string, below: number): number => countBelow.get({ path, below }) as number,
    highestUid: (path: string): number | undefined => (highest.get(path) as number | null) ?? undefined,
    /** Records a UID (new, or holding another message now) with its flags, stamped with `rev`. */
    putUidAt(rev: number, path: string, uid: number, rowid: number, flags: readonly string[]): void {
      putUidAt.run(path, uid, rowid, flagsToText(flags), rev);
    },
    /** Records a UID's applied flags, stamped with `rev` (even when unchanged: flag push looks at it again). */
    setFlagsAt(rev: number, path: string, uid: number, flags: readonly string[]): number {
      return setFlagsAt.run(flagsToText(flags), rev, path, uid).changes;
    },
    /** Forgets a UID; returns the message it held. */
    takeUid(path: string, uid: number): number | undefined {
      return dropUidReturning.get(path, uid) as number | undefined;
    },
    putUid(path: string, uid: number, rowid: number, flags: readonly string[]): void {
      putUid.run(path, uid, rowid, flagsToText(flags));
    },
    dropUid(path: string, uid: number): void {
      dropUid.run(path, uid);
    },
    putTooLarge(path: string, uid: number, size: number): void {
      putTooLarge.run(path, uid, size);
    },
    /** Records the flags applied for one UID: one row, one small transaction. */
    recordFlags(path: string, uid: number, flags: readonly string[]): number {
      return revs.write(() => setFlags.run(flagsToText(flags), path, uid).changes);
    },
    removeFolder(path: string): void {
      deleteFolder.run(path);
    },
  };
}
