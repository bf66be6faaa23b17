/**
 * Turns the paths given to `h2h import` into a stream of raw messages: an mbox file, a single
 * message file (.eml), a maildir (cur/ and new/), or a folder of any of these (walked recursively;
 * files that do not look like mail are skipped and reported).
 */
import { open, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../../core/errors.js';
import { readMbox } from './mbox-reader.js';
import type { RawInput } from './raw-input.js';
import { mailSeenFromHeaders, maildirSeen } from './seen-flags.js';

export type SourceKind = 'mbox' | 'message' | 'other';

/** Looks at the first bytes: an mbox starts with "From ", a message with a header line. */
export async function sniff(path: string): Promise<SourceKind> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    let head = buffer.subarray(0, bytesRead).toString('latin1');
    if (head.startsWith('\xef\xbb\xbf')) head = head.slice(3);
    if (head.startsWith('From ')) return 'mbox';
    // A header line: field names in real mail are letters, digits and hyphens (JSON's "key": is not one).
    if (/^[A-Za-z][A-Za-z0-9-]*:/.test(head)) return 'message';
    return 'other';
  } finally {
    await handle.close();
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
};

export function readSources(paths: string[]): SourceWalk {
  const skipped: string[] = [];
  async function* fromFile(path: string, named: boolean): AsyncGenerator<RawInput> {
    const kind = await sniff(path);
    if (kind === 'mbox') yield* readMbox(path);
    else if (kind === 'message') {
      const raw = await readFile(path);
      yield { raw, source: path, seen: mailSeenFromHeaders(raw) };
    } else if (named) throw new UsageError(`${path}: not a mail message, mbox or maildir`);
    else skipped.push(path);
  }
  async function* fromMaildir(dir: string): AsyncGenerator<RawInput> {
    for (const sub of ['cur', 'new']) {
      const names = (await readdir(join(dir, sub))).filter((n) => !n.startsWith('.')).sort();
      for (const name of names) {
        const path = join(dir, sub, name);
        yield { raw: await readFile(path), source: path, seen: sub === 'cur' && maildirSeen(name) };
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
      else if (entry.isFile()) yield* fromFile(path, false);
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
  return { inputs: all(), skipped };
}
