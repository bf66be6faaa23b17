/**
 * IMAP sync positions: each folder's UIDVALIDITY / UIDNEXT / HIGHESTMODSEQ, the UID → message map
 * with the flags already applied, and the messages too large to fetch. Sync reads the UIDs from N
 * (the part of the folder a resync compares) and records one flag change as one row.
 */
import type Database from 'better-sqlite3';
import type { FolderSync } from '../../../core/ports/store/v1-documents.js';
import { flagsToText, rowsToFolderSync, textToFlags, type FolderRow, type FolderUidRow, type TooLargeRow } from './map-folder.js';
import type { Revisions } from './revision.js';

export type FolderPosition = { uidValidity: string; uidNext: number; highestModseq?: string };

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

  const position = (path: string): FolderPosition | undefined => {
    const row = folder.get(path) as FolderRow | undefined;
    if (!row) return undefined;
    return { uidValidity: row.uid_validity, uidNext: row.uid_next, ...(row.highest_modseq === null ? {} : { highestModseq: row.highest_modseq }) };
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
    setPosition(path: string, pos: FolderPosition): void {
      const before = position(path);
      if (before && before.uidValidity !== pos.uidValidity) {
        clearUids.run(path);
        clearTooLarge.run(path);
      }
      upsertFolder.run({ path, uid_validity: pos.uidValidity, uid_next: pos.uidNext, highest_modseq: pos.highestModseq ?? null });
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
