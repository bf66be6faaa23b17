/**
 * The v1 → v2 migration, run by the open path before the store opens (docs/store-v2.md, "Migration
 * from v1"). A data folder holding a v1 store (mail.json, state.json, messages/ …) and no
 * index.sqlite is copied into a new index built in `.v2-migration/`, which is renamed into place
 * as `index.sqlite` when complete: that rename is the migration's commit. Until then the v1 files
 * are the store, untouched; a migration killed before it leaves `.v2-migration/` behind and the next
 * open starts again from the beginning. After it, the v1 files move to `v1-backup/` (kept, never
 * deleted: the owner removes them when satisfied); a kill in the middle of that move is finished by
 * the next open. Raw files stay where they are: v2 reads the same `raw/`.
 *
 * The whole migration holds v1's write lock (write.lock, proper-lockfile, as the released v1 takes
 * it): a v1 process still running waits or is waited for, and two v2 processes opening the same
 * store at once migrate it once (the second finds index.sqlite when it gets the lock).
 */
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { StoreBusyError } from '../../../core/errors.js';
import { fsyncDir, fsyncFile, privateDirMode } from '../atomic-file.js';
import { openDatabase } from '../sqlite/load-sqlite.js';
import { openMailIndex } from '../sqlite/mail-index.js';
import { indexFileName } from '../sqlite/open-index.js';
import { copyV1Rows, type CopyV1Options, type CopyV1Report } from './copy-v1-rows.js';
import { readV1Store } from './read-v1-store.js';
import { StoreLock } from './store-lock.js';
import { holdsUnmigratedV1, migrationDirName, topLevelNames, v1Leftovers } from './v1-presence.js';
import { ownerFileOf, writeV1OwnerDocuments } from './write-owner-documents.js';

export const v1BackupDirName = 'v1-backup';
export { migrationDirName };
/** Marks an index made by this migration (meta key): only then are v1 files beside it moved away. */
const migratedKey = 'migrated_from_v1';

export type MigrateV1Options = CopyV1Options & {
  /** How long to wait for another process holding v1's lock (a v1 writer, or a v2 process migrating). */
  lockWaitMs?: number;
  /** Called between steps ('copied', 'committed', 'moved'): tests kill the process here. */
  onStep?(step: 'copied' | 'committed' | 'moved'): void;
};

export type MigrationReport = CopyV1Report & { backupDir: string };

/**
 * Migrates a v1 store in `dataDir`, if there is one that was not migrated yet, and finishes moving
 * the v1 files of a migration that committed. Returns what was copied, or undefined when there was
 * nothing to migrate.
 */
export async function migrateV1Store(dataDir: string, options: MigrateV1Options): Promise<MigrationReport | undefined> {
  const names = topLevelNames(dataDir);
  if (names.has(indexFileName)) {
    if (v1Leftovers(names).length || names.has(migrationDirName)) await finishV1Backup(dataDir);
    return undefined;
  }
  if (!holdsUnmigratedV1(names)) return undefined;
  return new StoreLock(dataDir, { waitMs: options.lockWaitMs ?? 30_000 }).run(async (assertHeld) => {
    // Another process may have migrated it while this one waited for the lock.
    if (existsSync(join(dataDir, indexFileName))) return undefined;
    // Read first: a v1 store v1 itself would refuse (a damaged mail.json) is refused before anything is written.
    const v1 = await readV1Store(dataDir, { lockHeld: true });
    const work = join(dataDir, migrationDirName);
    await rm(work, { recursive: true, force: true });
    await mkdir(work, { mode: privateDirMode });
    const index = openMailIndex(work, { cacheKiB: 64 * 1024 });
    let report: CopyV1Report;
    try {
      // Nothing in this file is the store until it is renamed into place, and a crash or an error starts
      // over from nothing: no journal to roll back with, no fsync per batch (measured: half the time).
      index.db.pragma('journal_mode = OFF');
      index.db.pragma('synchronous = OFF');
      const copied = await copyV1Rows(v1, index, { ...options, onBatch: (n) => (assertHeld(), options.onBatch?.(n)) });
      report = copied.report;
      writeV1OwnerDocuments(work, index, v1, copied.undo);
      index.write(() => index.db.prepare('INSERT INTO meta(key, value) VALUES (?, ?)').run(migratedKey, new Date().toISOString()));
      // Folds the WAL into the file: one file to rename.
      index.db.pragma('journal_mode = DELETE');
    } finally {
      index.close();
    }
    options.onStep?.('copied');
    assertHeld();
    // v1 writers take the lock this process holds: a change here is a v1 that ignored it. Start again next time.
    if (!(await v1.unchanged())) throw new StoreBusyError(join(dataDir, 'write.lock'), 0);
    const built = join(work, indexFileName);
    await fsyncFile(built);
    // owner.json first: without index.sqlite beside it, it is a killed migration's, replaced by the next one.
    if (existsSync(ownerFileOf(work))) await rename(ownerFileOf(work), ownerFileOf(dataDir));
    await rename(built, join(dataDir, indexFileName));
    await fsyncDir(dataDir);
    options.onStep?.('committed');
    await moveV1Files(dataDir);
    options.onStep?.('moved');
    await rm(work, { recursive: true, force: true });
    return { ...report, backupDir: join(dataDir, v1BackupDirName) };
  });
}

/** After a migration that committed and was stopped before the v1 files were all moved: moves the rest. */
async function finishV1Backup(dataDir: string): Promise<void> {
  const db = openDatabase(join(dataDir, indexFileName), { readonly: true, fileMustExist: true });
  let migrated: boolean;
  try {
    migrated = !!db.prepare('SELECT 1 FROM meta WHERE key = ?').get(migratedKey);
  } catch {
    // Not an index this h2h can read (damaged, or not yet created): the store's open reports it.
    migrated = false;
  } finally {
    db.close();
  }
  if (!migrated) return;
  await moveV1Files(dataDir);
  await rm(join(dataDir, migrationDirName), { recursive: true, force: true });
}

/**
 * Moves the v1 files into v1-backup/, each by one rename; a name already in the backup stays where
 * it is (a file a v1 run made after the migration is not the migrated store's, and is not lost).
 */
async function moveV1Files(dataDir: string): Promise<void> {
  const backup = join(dataDir, v1BackupDirName);
  await mkdir(backup, { recursive: true, mode: privateDirMode });
  const inBackup = topLevelNames(backup);
  for (const name of v1Leftovers(topLevelNames(dataDir))) {
    if (inBackup.has(name)) continue;
    // ENOENT: another process opening the store moved it first.
    await rename(join(dataDir, name), join(backup, name)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }
  await fsyncDir(backup);
  await fsyncDir(dataDir);
}
