/**
 * Turns the paths given to `h2h import` into a stream of raw messages: an mbox file, a single
 * message file (.eml), a maildir (cur/ and new/), or a folder of any of these (walked recursively;
 * files that do not look like mail are skipped and reported). Only regular files are read: inside
 * a folder, symlinks, FIFOs, devices and sockets are refused and reported (open-regular.ts); a
 * path the owner named may be a symlink, to a regular file or folder.
 */
import { readdir, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../../core/errors.js';
import { readMboxFrom } from './mbox-reader.js';
import { openRegular, readMessageFile, RefusedSource } from './open-regular.js';
import type { RawInput } from './raw-input.js';
import { mailSeenFromHeaders, maildirSeen } from './seen-flags.js';

export type SourceKind = 'mbox' | 'message' | 'other';

/** Looks at the first bytes: an mbox starts with "From ", a message with a header line. */
export async function sniff(path: string): Promise<SourceKind> {
  const { handle } = await openRegular(path, { followSymlink: true });
  try {
    return await sniffHandle(handle);
  } finally {
    await handle.close();
  }
}

async function sniffHandle(handle: FileHandle): Promise<SourceKind> {
  {
    const buffer = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    let head = buffer.subarray(0, bytesRead).toString('latin1');
    if (head.startsWith('\xef\xbb\xbf')) head = head.slice(3);
    if (head.startsWith('From ')) return 'mbox';
    // A header line: field names in real mail are letters, digits and hyphens (JSON's "key": is not one).
    if (/^[A-Za-z][A-Za-z0-9-]*:/.test(head)) return 'message';
    return 'other';
  }
}

async function isMaildir(dir: string): Promise<boolean> {
  const entries = new Set(await readdir(dir));
  return entries.has('cur') && entries.has('new');
}

export type SourceWalk = {
  inputs: AsyncGenerator<RawInput>;
  /** Files skipped because they are not mail; filled while `inputs` is consumed. */
  skipped: string[];
  /** Entries of folders not read (symlinks, FIFOs, devices, too large), as "path: reason". */
  refused: string[];
};

export function readSources(paths: string[]): SourceWalk {
  const skipped: string[] = [];
  const refused: string[] = [];
  /** A refusal inside a folder is reported and the walk goes on; for a path the owner named, it is the error. */
  const refuse = (error: unknown, named: boolean) => {
    if (!(error instanceof RefusedSource)) throw error;
    if (named) throw new UsageError(`${error.message}: h2h imports regular files only`);
    refused.push(error.message);
  };
  async function* fromFile(path: string, named: boolean): AsyncGenerator<RawInput> {
    let opened;
    try {
      opened = await openRegular(path, { followSymlink: named });
    } catch (error) {
      refuse(error, named);
      return;
    }
    const { handle } = opened;
    let kind: SourceKind;
    try {
      kind = await sniffHandle(handle);
    } catch (error) {
      await handle.close();
      throw error;
    }
    if (kind === 'mbox') {
      yield* readMboxFrom(handle, path); // closes the handle
      return;
    }
    await handle.close();
    if (kind === 'message') {
      let raw: Buffer;
      try {
        raw = await readMessageFile(path, { followSymlink: named });
      } catch (error) {
        refuse(error, named);
        return;
      }
      yield { raw, source: path, seen: mailSeenFromHeaders(raw) };
    } else if (named) throw new UsageError(`${path}: not a mail message, mbox or maildir`);
    else skipped.push(path);
  }
  async function* fromMaildir(dir: string): AsyncGenerator<RawInput> {
    for (const sub of ['cur', 'new']) {
      const names = (await readdir(join(dir, sub))).filter((n) => !n.startsWith('.')).sort();
      for (const name of names) {
        const path = join(dir, sub, name);
        let raw: Buffer;
        try {
          raw = await readMessageFile(path, { followSymlink: false });
        } catch (error) {
          refuse(error, false);
          continue;
        }
        yield { raw, source: path, seen: sub === 'cur' && maildirSeen(name) };
      }
    }
  }
  async function* fromDir(dir: string): AsyncGenerator<RawInput> {
    if (await isMaildir(dir)) {
      yield* fromMaildir(dir);
      return;
    }
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) yield* fromDir(path);
      // Symlinks and special files too: openRegular refuses them, so they are reported, not silently passed over.
      else yield* fromFile(path, false);
    }
  }
  async function* all(): AsyncGenerator<RawInput> {
    for (const path of paths) {
      let info;
      try {
        info = await stat(path);
      } catch {
        throw new UsageError(`${path}: no such file or folder`);
      }
      if (info.isDirectory()) yield* fromDir(path);
      else yield* fromFile(path, true);
    }
  }
  return { inputs: all(), skipped, refused };
}
