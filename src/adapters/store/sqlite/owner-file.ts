/**
 * `owner.json`: the owner's small documents (drafts, the outbox, the undo record) as one versioned
 * JSON document, read and written through lowdb's LowSync with this synchronous adapter. The
 * adapter is synchronous because the store writes it inside SQLite's write transaction (which is
 * synchronous, better-sqlite3), just before the commit: SQLite's write lock is the lock of this file
 * too.
 *
 * Writes are durable and atomic (temp file 0600 in the same folder, fsync, rename, fsync the folder):
 * a reader sees the old document or the new one. A file that exists but cannot be read as a version-1
 * document is an error (StoreCorruptError), never taken for an empty one: that would throw away the
 * owner's drafts and the replies waiting in the outbox.
 */
import { closeSync, constants, fsyncSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SyncAdapter } from 'lowdb';
import { StoreCorruptError } from '../../../core/errors.js';
import type { Draft, OutboxEntry, SenderVerdict, UndoRecord } from '../../../core/ports/mail-store.js';
import type { AwayPeriod, AwayState } from '../../../core/domain/away.js';
import { privateFileMode, tempPathFor } from '../atomic-file.js';

export const ownerFileName = 'owner.json';
export const ownerDocumentVersion = 1;

/** Drafts by conversation id, outbox entries by entry id. */
export type OwnerDocument = {
  version: typeof ownerDocumentVersion;
  drafts: Record<string, Draft>;
  outbox: Record<string, OutboxEntry>;
  /** The newest undoable change (what `h2h undo` takes back first; the only one older releases read). */
  undo: UndoRecord | null;
  /** The changes before it, oldest first, at most `undoDepth - 1` (absent in files of older releases). */
  undoEarlier: UndoRecord[];
  /** The owner's word on senders, by address (absent in files of older releases). */
  senders: Record<string, SenderVerdict>;
  /** The owner's absence now or last, and the earlier ones (absent in files of older releases). */
  away: AwayState | null;
  awayEarlier: AwayPeriod[];
};

/** How many changes can be taken back one after another. */
export const undoDepth = 20;

export function emptyOwnerDocument(): OwnerDocument {
  return { version: ownerDocumentVersion, drafts: {}, outbox: {}, undo: null, undoEarlier: [], senders: {}, away: null, awayEarlier: [] };
}

/** What identifies one version of the file: a write renames a new inode into place. `missing` when there is none. */
export type FileStamp = string;

export class OwnerFile implements SyncAdapter<OwnerDocument> {
  constructor(readonly file: string) {}

  stamp(): FileStamp {
    try {
      const s = statSync(this.file, { bigint: true });
      return `${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
      throw error;
    }
  }

  /** The document, or an empty one when there is no file yet. Never null: lowdb would keep stale data. */
  read(): OwnerDocument {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyOwnerDocument();
      throw error;
    }
    return parseOwnerDocument(this.file, text);
  }

  write(doc: OwnerDocument): void {
    writeFileAtomicSync(this.file, JSON.stringify(doc, null, 1) + '\n');
  }
}

export function parseOwnerDocument(file: string, text: string): OwnerDocument {
  const corrupt = (detail: string) => new StoreCorruptError(file, detail);
  if (text.trim() === '') throw corrupt('the file is empty');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw corrupt(`not valid JSON, ${(error as Error).message}; ${text.length} bytes`);
  }
  if (!isObject(doc) || typeof doc.version !== 'number') throw corrupt('no version: not an h2h owner file');
  if (doc.version !== ownerDocumentVersion) {
    throw corrupt(doc.version > ownerDocumentVersion ? `version ${doc.version}, written by a newer h2h` : `unknown version ${doc.version}`);
  }
  if (!isObject(doc.drafts)) throw corrupt('drafts is not an object');
  if (!isObject(doc.outbox)) throw corrupt('outbox is not an object');
  if (doc.undo !== null && doc.undo !== undefined && !isObject(doc.undo)) throw corrupt('undo is not an object');
  const earlier = doc.undoEarlier ?? [];
  if (!Array.isArray(earlier) || !earlier.every(isObject)) throw corrupt('undoEarlier is not a list of changes');
  for (const [id, entry] of Object.entries(doc.outbox)) {
    if (!isObject(entry) || entry.id !== id || typeof entry.status !== 'string') throw corrupt(`outbox entry ${id} is damaged`);
  }
  for (const [id, draft] of Object.entries(doc.drafts)) {
    if (!isObject(draft) || draft.conversationId !== id || typeof draft.text !== 'string') throw corrupt(`draft ${id} is damaged`);
  }
  const senders = doc.senders ?? {};
  if (!isObject(senders)) throw corrupt('senders is not an object');
  for (const [email, verdict] of Object.entries(senders)) {
    if (!isObject(verdict) || !['person', 'automated', 'blocked'].includes(verdict.as as string)) throw corrupt(`the verdict on sender ${JSON.stringify(email)} is damaged`);
  }
  const away = doc.away ?? null;
  if (away !== null && !(isObject(away) && typeof away.from === 'string' && typeof away.until === 'string' && Array.isArray(away.noticed))) throw corrupt('away is damaged');
  const awayEarlier = doc.awayEarlier ?? [];
  if (!Array.isArray(awayEarlier) || !awayEarlier.every((p) => isObject(p) && typeof p.from === 'string' && typeof p.until === 'string')) throw corrupt('awayEarlier is not a list of absences');
  return {
    version: ownerDocumentVersion,
    away: away as AwayState | null,
    awayEarlier: awayEarlier as AwayPeriod[],
    drafts: doc.drafts as OwnerDocument['drafts'],
    outbox: doc.outbox as OwnerDocument['outbox'],
    undo: (doc.undo ?? null) as UndoRecord | null,
    undoEarlier: earlier as unknown as UndoRecord[],
    senders: senders as OwnerDocument['senders'],
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** writeFileAtomic (atomic-file.ts), synchronous: temp 0600, fsync, rename, fsync the folder. */
export function writeFileAtomicSync(target: string, data: string): void {
  const temp = tempPathFor(target);
  const fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, privateFileMode);
  try {
    const bytes = Buffer.from(data, 'utf8');
    for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    unlinkQuietly(temp);
    throw error;
  }
  closeSync(fd);
  try {
    renameSync(temp, target);
  } catch (error) {
    unlinkQuietly(temp);
    throw error;
  }
  const dir = openSync(dirname(target), constants.O_RDONLY);
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}

function unlinkQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Already gone, or the folder is unwritable: the error that brought us here is the one to report.
  }
}
