/**
 * Durable, atomic file replacement: write a temp file in the same folder, fsync it, rename it over
 * the target, fsync the folder. Readers see the old file or the new one, never a mix, and after a
 * power cut the rename is on disk. Files are created 0600: mail is private.
 */
import { constants } from 'node:fs';
import { link, lstat, mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export const privateFileMode = 0o600;
export const privateDirMode = 0o700;

export function fsyncDir(dir: string): Promise<void> {
  return fsyncFile(dir);
}

/** fsync through a new descriptor: POSIX fsync flushes the file, whichever descriptor wrote it. */
export async function fsyncFile(file: string): Promise<void> {
  const handle = await open(file, constants.O_RDONLY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function ensurePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: privateDirMode });
}

// Unique per process (pid, start time, a random part) and per call (counter): O_EXCL never meets a
// leftover of an earlier process with the same pid. Not node:crypto: loading it costs every command ~4 ms.
const tempPrefix = `${process.pid}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
let tempCounter = 0;

/** A fresh temp file name beside `target` (also used by owner-file.ts's synchronous write). */
export function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${tempPrefix}.${tempCounter++}.tmp`);
}

/** Replaces `target` atomically and durably with `data`. */
export async function writeFileAtomic(target: string, data: string | Uint8Array, options: { syncDir?: boolean } = {}): Promise<void> {
  const temp = tempPathFor(target);
  const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, privateFileMode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => {});
    await unlink(temp).catch(() => {});
    throw error;
  }
  await handle.close();
  try {
    await rename(temp, target);
  } catch (error) {
    await unlink(temp).catch(() => {});
    throw error;
  }
  if (options.syncDir !== false) await fsyncDir(dirname(target));
}

const createExclusive = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL;

/**
 * Writes `target` only if it does not exist yet (content-addressed files never change), created
 * with O_EXCL under its final name: two syscalls fewer per message than temp + link. Returns false
 * when it was already there (then fsynced: it may be a leftover of a killed process). A file left
 * short by a crash is noticed here (its bytes differ) and replaced atomically. Either way the caller
 * makes the file and its folder entry durable (RawStore.flush syncs a whole batch at once) and
 * commits nothing pointing at the file before that: a new file is not fsynced here.
 */
export async function writeFileOnce(target: string, data: Uint8Array): Promise<boolean> {
  let handle;
  try {
    handle = await open(target, createExclusive, privateFileMode);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return rewriteUnlessSame(target, data);
  }
  try {
    await handle.writeFile(data);
  } catch (error) {
    await handle.close().catch(() => {});
    await unlink(target).catch(() => {});
    throw error;
  }
  await handle.close();
  return true;
}

/** `target` exists: keep it if it holds `data` (fsynced, returns false), else replace it atomically (returns true). */
async function rewriteUnlessSame(target: string, data: Uint8Array): Promise<boolean> {
  const existing = await readFile(target).catch(() => undefined);
  if (existing && Buffer.compare(existing, data) === 0) {
    // Left by a process killed before it committed: the bytes may still be only in the page cache.
    await fsyncFile(target);
    return false;
  }
  await writeFileAtomic(target, data, { syncDir: false });
  return true;
}

/**
 * Keeps the current file as `<file>.bak` before it is replaced. The backup is a new 0600 file,
 * written atomically: a hard link would share the old file's inode, so a config the user once
 * left 0644 (with its password) stayed world-readable as the `.bak`, and a file someone else
 * had linked would keep that link. The one shortcut: a file h2h itself wrote (a regular file of
 * ours, 0600 or stricter, no other name) is linked, which costs no copy for the store's files and is
 * exactly as private as a copy.
 */
export async function keepBackup(file: string): Promise<void> {
  let info;
  try {
    info = await lstat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const backup = `${file}.bak`;
  const isOwnPrivateFile = info.isFile() && info.nlink === 1 && (info.mode & 0o077) === 0 && info.uid === process.getuid?.();
  if (!isOwnPrivateFile) {
    await writeFileAtomic(backup, await readFile(file), { syncDir: false });
    return;
  }
  const temp = tempPathFor(backup);
  try {
    await link(file, temp);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  await rename(temp, backup);
}
