/**
 * Opening an import source: regular files only. A FIFO would hang the import, /dev/zero or
 * /dev/urandom would never end, and a symlink inside a maildir or folder someone handed over can
 * point at any file the owner may read (~/.ssh/id_ed25519), which would then sit in the store and
 * go out in exports. So: opened non-blocking (a FIFO cannot stall the open), without following a
 * symlink unless the owner named the path itself, and checked with fstat on the open file (no race
 * between a check and the read). Files over the message size cap are refused before reading.
 */
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { maxMessageBytes, megabytes } from '../../core/domain/message-size.js';

/** Why a path was not read; `reason` is a few words for the report. */
export class RefusedSource extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
  }
}

const kindOf = (st: { isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean; isDirectory(): boolean }) =>
  st.isFIFO() ? 'a FIFO' : st.isCharacterDevice() || st.isBlockDevice() ? 'a device' : st.isSocket() ? 'a socket' : st.isDirectory() ? 'a folder' : 'not a regular file';

/**
 * Opens `path` for reading if it is a regular file. `followSymlink`: only for a path the owner
 * typed; anything found by walking a folder is refused when it is a symlink.
 */
export async function openRegular(path: string, options: { followSymlink: boolean }): Promise<{ handle: FileHandle; size: number }> {
  const flags = constants.O_RDONLY | constants.O_NONBLOCK | (options.followSymlink ? 0 : constants.O_NOFOLLOW);
  let handle: FileHandle;
  try {
    handle = await open(path, flags);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw new RefusedSource(path, 'a symlink (not followed)');
    if (code === 'ENXIO') throw new RefusedSource(path, 'a socket');
    throw error;
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) throw new RefusedSource(path, kindOf(st));
    return { handle, size: st.size };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

const tooLarge = (path: string) => new RefusedSource(path, `larger than ${megabytes(maxMessageBytes)}, the most a message may have`);

/** Reads a whole single-message file, refusing one over the cap (also one that grows while read). */
export async function readMessageFile(path: string, options: { followSymlink: boolean }): Promise<Buffer> {
  const { handle, size } = await openRegular(path, options);
  try {
    if (size > maxMessageBytes) throw tooLarge(path);
    // Sized by fstat, one byte over: a file that did not grow is read in one call and its end seen in the
    // next. (A fixed 1 MiB zero-filled chunk per read cost 2 MiB of memset per message: 5.5 s of a
    // 10,000-message import's main thread.) Not zero-filled: only the bytes read are handed out.
    let buffer = Buffer.allocUnsafe(Math.min(size, maxMessageBytes) + 1);
    let total = 0;
    for (;;) {
      if (total === buffer.length) {
        const grown = Buffer.allocUnsafe(Math.min(buffer.length * 2, maxMessageBytes + 1));
        buffer.copy(grown, 0, 0, total);
        buffer = grown;
      }
      const { bytesRead } = await handle.read(buffer, total, buffer.length - total, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > maxMessageBytes) throw tooLarge(path);
    }
    return buffer.subarray(0, total);
  } finally {
    await handle.close();
  }
}
