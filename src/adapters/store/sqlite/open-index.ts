/**
 * Opens (or creates) the mail index, `index.sqlite` in the data folder. The folder is 0700 and the
 * file 0600 (with its -wal and -shm companions): mail is private. WAL lets readers run while one
 * writer commits; `busy_timeout` makes a second writer wait for the first instead of failing;
 * `synchronous=NORMAL` is durable across a process crash in WAL mode (a power cut may lose the last
 * commits, never corrupt the file), which is the guarantee the JSON store gave with its fsyncs per batch.
 */
import type Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { StoreCorruptError, StoreTooNewError } from '../../../core/errors.js';
import { defaultBusyTimeoutMs } from './busy-timeout.js';
import { openDatabase } from './load-sqlite.js';
import { prepareOnFirstUse } from './lazy-statements.js';
import { migrations, schemaVersion } from './schema.js';
import { translateSqliteError } from './store-errors.js';

export const indexFileName = 'index.sqlite';
const privateDirMode = 0o700;
const privateFileMode = 0o600;

export type OpenIndexOptions = {
  /** How long a writer waits for another writer before SQLITE_BUSY (ms). */
  busyTimeoutMs?: number;
  readonly?: boolean;
  /** The page cache's upper bound (KiB). */
  cacheKiB?: number;
};

export type MailIndex = { db: Database.Database; file: string };

/** The schema version recorded in meta; 0 for a new, empty file. */
export function storedSchemaVersion(db: Database.Database): number {
  const hasMeta = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get();
  if (!hasMeta) return 0;
  const row = db.prepare("SELECT value FROM meta WHERE key = 'schema'").get() as { value: string } | undefined;
  return row ? Number(row.value) : 0;
}

/** Brings the schema to `target`, one transaction per version. */
export function migrate(db: Database.Database, file: string, target = schemaVersion, steps = migrations): void {
  // The common case, a current store, only reads: opening must not wait for (or block) another writer.
  const current = storedSchemaVersion(db);
  if (current > target) throw new StoreTooNewError(file, current, target);
  if (current === target) return;
  // IMMEDIATE: two processes opening a new store at once must not both create the tables.
  const run = db.transaction(() => {
    const found = storedSchemaVersion(db);
    if (found > target) throw new StoreTooNewError(file, found, target);
    for (let v = Math.max(found, 1) + 1; v <= target; v++) {
      const step = steps[v];
      if (!step) throw new StoreCorruptError(file, `no migration to schema version ${v}`);
      step(db);
      db.prepare("INSERT INTO meta(key, value) VALUES ('schema', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(String(v));
    }
  });
  run.immediate();
}

/**
 * Refuses an index.sqlite that is visibly damaged before SQLite opens it, where SQLite would not
 * notice (or not yet): cut short (smaller than its header says: SQLite reads the missing pages as
 * damage only when a query reaches them), or emptied in a folder that holds mail (SQLite takes an
 * empty file for a new database and would write an empty store over it). An empty file in a folder
 * without mail is a first open that was stopped before its first commit.
 */
function checkFile(dataDir: string, file: string, options: { whole: boolean }): void {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    return;
  }
  if (size === 0) {
    if (existsSync(join(dataDir, 'raw')) || existsSync(join(dataDir, 'owner.json'))) throw new StoreCorruptError(file, 'the file is empty, beside raw/ and owner.json');
    return;
  }
  const header = Buffer.alloc(100);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, header, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  // Not an SQLite header: SQLite itself reports it (SQLITE_NOTADB). Page size 1 means 65536; the page count is valid when bytes 92-95 equal 24-27.
  if (header.toString('latin1', 0, 16) !== 'SQLite format 3\u0000' || header.readUInt32BE(24) !== header.readUInt32BE(92)) return;
  const pageSize = header.readUInt16BE(16) === 1 ? 65536 : header.readUInt16BE(16);
  const expected = pageSize * header.readUInt32BE(28);
  if (options.whole && size < expected) throw new StoreCorruptError(file, `cut short: ${size} bytes where its header says ${expected}`);
}

/**
 * Whether the WAL beside the file holds frames. A process killed in the middle of a checkpoint
 * leaves the file shorter than its header says (page 1 is written first) with every missing page
 * still in the WAL: not damage, SQLite writes them back. The file is measured after that.
 */
function walHasFrames(file: string): boolean {
  try {
    return statSync(`${file}-wal`).size > 32;
  } catch {
    return false;
  }
}

export function openIndex(dataDir: string, options: OpenIndexOptions = {}): MailIndex {
  const file = join(dataDir, indexFileName);
  const wal = walHasFrames(file);
  checkFile(dataDir, file, { whole: !wal });
  if (!options.readonly) {
    mkdirSync(dataDir, { recursive: true, mode: privateDirMode });
    // Create the file 0600 ourselves: SQLite would create it with the umask's mode (often 0644).
    closeSync(openSync(file, 'a', privateFileMode));
    chmodSync(file, privateFileMode);
  }
  const db = openDatabase(file, { readonly: !!options.readonly, fileMustExist: !!options.readonly });
  prepareOnFirstUse(db);
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? defaultBusyTimeoutMs))}`);
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('foreign_keys = ON');
    // Freed pages are zeroed: mail erased with `h2h forget` must not linger in the file's free space.
    db.pragma('secure_delete = ON');
    // SQLite's default page cache (2 MB) thrashes on a bulk import: random-key indexes (hash, content,
    // Message-ID) touch pages all over the file. The cache is only as large as what was read or written.
    db.pragma(`cache_size = -${Math.max(2048, Math.floor(options.cacheKiB ?? 32_768))}`);
    if (!options.readonly) {
      if (wal) {
        // The WAL's pages written back (a checkpoint; none when readers hold them), the file must be whole.
        const [done] = db.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
        if (done.busy === 0 && done.log === done.checkpointed) checkFile(dataDir, file, { whole: true });
      }
      migrate(db, file);
      // The -wal and -shm files exist now; SQLite gives them the main file's mode, but a store copied in may differ.
      for (const suffix of ['-wal', '-shm']) {
        try {
          chmodSync(file + suffix, privateFileMode);
        } catch {
          // Not there (a checkpointed, closed WAL): nothing to protect.
        }
      }
    } else if (storedSchemaVersion(db) > schemaVersion) {
      throw new StoreTooNewError(file, storedSchemaVersion(db), schemaVersion);
    }
  } catch (error) {
    db.close();
    if ((error as { code?: string }).code === 'SQLITE_NOTADB') throw new StoreCorruptError(file, 'not an SQLite database');
    // Damage found while reading the schema, a disk that filled while the -wal or -shm file grew: one line naming the file.
    throw translateSqliteError(error, file);
  }
  return { db, file };
}
