/**
 * A file the owner attaches to a reply, read whole: a regular file only (a FIFO would hang, a
 * device never end), and not read at all when it is already over the limit. The name sent is the
 * file's own name (without its folder).
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { UsageError } from '../../core/errors.js';
import { megabytesTenths } from '../../core/domain/message-size.js';

export async function readFileToAttach(path: string, maxBytes: number): Promise<{ name: string; content: Uint8Array }> {
  const full = resolve(path);
  let handle;
  try {
    // Non-blocking: opening a FIFO waits for a writer otherwise (a regular file reads as usual).
    handle = await open(full, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new UsageError(`cannot attach ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : ((error as NodeJS.ErrnoException).code ?? (error as Error).message)}`);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new UsageError(`cannot attach ${path}: not a regular file`);
    if (stat.size > maxBytes) throw new UsageError(`cannot attach ${path}: ${megabytesTenths(stat.size)} is over the limit of ${megabytesTenths(maxBytes)} (account.maxAttachmentMb in the config)`);
    return { name: basename(full), content: await handle.readFile() };
  } finally {
    await handle.close();
  }
}
