/**
 * Files h2h writes where the owner points it (an export's --out file, its Markdown/HTML files,
 * whose names follow from mail): never through a symlink someone planted, never truncating a file
 * that was there. Each file is written to a fresh temp file in the same folder (created with
 * O_EXCL|O_NOFOLLOW, 0600) and renamed over the name when complete: rename replaces a planted
 * symlink itself, not what it points at, and a half-written export never takes a file's place.
 * A folder that others may write to (without the sticky bit that stops them renaming our files)
 * is refused: anyone there could swap the name between our check and our write.
 */
import { constants, type WriteStream } from 'node:fs';
import { open, rename, stat, unlink } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { UsageError } from '../../core/errors.js';

const tempFlags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
const tempNameFor = (path: string) => join(dirname(path), `.${basename(path).slice(0, 100)}.${randomBytes(6).toString('hex')}.tmp`);

/** Refuses `dir` when users other than its owner may create or replace names in it (a missing folder: stat's error). */
export async function checkOutputFolder(dir: string): Promise<void> {
  const st = await stat(dir);
  if (!st.isDirectory()) throw new UsageError(`cannot write into ${dir}: it is not a folder`);
  const othersMayWrite = (st.mode & 0o022) !== 0;
  const sticky = (st.mode & 0o1000) !== 0;
  if (othersMayWrite && !sticky) {
    throw new UsageError(`refusing to write into ${dir}: other users may write to that folder (mode ${(st.mode & 0o7777).toString(8)}); choose a folder only you can write to`);
  }
}

export type PendingFile = {
  /** The open temp file, as a stream (1 MB buffered). */
  stream: WriteStream;
  /** Closes the stream, then renames the temp file over the final name. */
  commit(): Promise<void>;
  /** Removes the temp file (after a failure); never throws. */
  abort(): Promise<void>;
};

/** Opens a private temp file next to `path`, to become `path` on commit. */
export async function openPending(path: string): Promise<PendingFile> {
  const temp = tempNameFor(path);
  const handle = await open(temp, tempFlags, 0o600);
  // 1 MB buffered: with the default 16 KB, an export spent a fifth of its time waiting for the disk.
  const stream = handle.createWriteStream({ highWaterMark: 1024 * 1024 });
  let done = false;
  return {
    stream,
    async commit() {
      await new Promise<void>((resolve, reject) => {
        stream.once('error', reject);
        stream.end(() => resolve());
      });
      done = true;
      try {
        await rename(temp, path);
      } catch (error) {
        await unlink(temp).catch(() => {});
        throw renameError(path, error);
      }
    },
    async abort() {
      if (done) return;
      done = true;
      stream.destroy();
      await unlink(temp).catch(() => {});
    },
  };
}

/** Writes `text` to `path` by temp file and rename (see the module comment). */
export async function writeFileSafely(path: string, text: string): Promise<void> {
  const pending = await openPending(path);
  try {
    pending.stream.write(text);
    await pending.commit();
  } catch (error) {
    await pending.abort();
    throw error;
  }
}

function renameError(path: string, error: unknown): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EISDIR' || code === 'ENOTEMPTY' || code === 'EEXIST') return new UsageError(`cannot write ${path}: a folder has that name`);
  if (code === 'EPERM' || code === 'EACCES') return new UsageError(`cannot write ${path}: a file of another user has that name`);
  return error as Error;
}
