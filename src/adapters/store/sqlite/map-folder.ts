/** Rows of `folders`, `folder_uids`, `folder_too_large` and the domain's FolderSync. Pure. */
import type { FolderSync } from '../../../core/ports/store/v1-documents.js';

export type FolderRow = { path: string; uid_validity: string; uid_next: number; highest_modseq: string | null; pushed_rev?: number | null };
export type FolderUidRow = { uid: number; message_rowid: number; flags: string };
export type TooLargeRow = { uid: number; size: number };

/** Flags are kept as one space-separated string: IMAP flags never contain spaces. */
export const flagsToText = (flags: readonly string[]): string => [...flags].join(' ');
export const textToFlags = (text: string): string[] => (text === '' ? [] : text.split(' '));

export function rowsToFolderSync(folder: FolderRow, uids: FolderUidRow[], tooLarge: TooLargeRow[]): FolderSync {
  const sync: FolderSync = { uidValidity: folder.uid_validity, uidNext: folder.uid_next, uids: {} };
  if (folder.highest_modseq !== null) sync.highestModseq = folder.highest_modseq;
  for (const u of uids) sync.uids[String(u.uid)] = [u.message_rowid, ...textToFlags(u.flags)];
  if (tooLarge.length) sync.tooLarge = Object.fromEntries(tooLarge.map((t) => [String(t.uid), t.size]));
  return sync;
}

export function folderSyncToRows(path: string, sync: FolderSync): { folder: FolderRow; uids: FolderUidRow[]; tooLarge: TooLargeRow[] } {
  return {
    folder: { path, uid_validity: sync.uidValidity, uid_next: sync.uidNext, highest_modseq: sync.highestModseq ?? null },
    uids: Object.entries(sync.uids).map(([uid, [seq, ...flags]]) => ({ uid: Number(uid), message_rowid: seq, flags: flagsToText(flags) })),
    tooLarge: Object.entries(sync.tooLarge ?? {}).map(([uid, size]) => ({ uid: Number(uid), size })),
  };
}
