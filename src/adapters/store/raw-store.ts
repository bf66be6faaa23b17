/** Raw messages as files named by their sha256: written once, atomically and durably, never rewritten. */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, unlinkSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { sha256Hex } from '../../core/domain/short-id.js';
import { fsyncFile, privateDirMode, writeFileOnce } from './atomic-file.js';
import { syncFilesystem } from './sync-filesystem.js';

/** What a writer on another thread needs to put raw files into a RawStore (see WorkerIntake). */
export type RawFileTarget = {
  pathOf(hash: string): string;
  /**
   * Records a file written elsewhere with writeFileOnce (not fsynced); `madeDir` is the first
   * folder created for it, if any. The next flush makes it durable.
   */
  written(hash: string, madeDir?: string): void;
  /** Writes on this thread, as MailStore.writeRaw. */
  write(raw: Uint8Array): Promise<string>;
};

/**
 * From this many files written since the last flush, one syncfs instead of an fsync each (measured:
 * 10,000 files of 3 KB, 1.4 s fsynced one by one, 0.3–0.7 s with a syncfs per 2,000). Not below:
 * syncfs waits for everything dirty on the filesystem, other programs' writes too, so its cost is
 * not ours to bound (a sync taking in 100 new messages spent 286 ms in it after a large copy
 * elsewhere on the disk, where fsyncing its own 100 files costs about 15 ms).
 */
const syncfsFrom = 512;
/** fsyncs in flight at once when syncing file by file. */
const fsyncConcurrency = 16;

export class RawStore implements RawFileTarget {
  private readonly madeDirs = new Set<string>();
  private readonly dirtyDirs = new Set<string>();
  private readonly dirtyFiles = new Set<string>();

  constructor(private readonly root: string) {}

  pathOf(hash: string): string {
    return join(this.root, hash.slice(0, 2), `${hash}.eml`);
  }

  async write(raw: Uint8Array): Promise<string> {
    const hash = sha256Hex(raw);
    const dir = dirname(this.pathOf(hash));
    let madeDir: string | undefined;
    if (!this.madeDirs.has(dir)) madeDir = await mkdir(dir, { recursive: true, mode: privateDirMode });
    await writeFileOnce(this.pathOf(hash), raw);
    this.written(hash, madeDir);
    return hash;
  }

  /**
   * The file and its folder entry become durable at the next flush. Also when the file was there
   * already: a process killed before its commit may have left it not yet on disk.
   */
  written(hash: string, madeDir?: string): void {
    const file = this.pathOf(hash);
    const dir = dirname(file);
    this.madeDirs.add(dir);
    this.dirtyFiles.add(file);
    this.dirtyDirs.add(dir);
    // A new folder is itself an entry in its parent.
    if (madeDir) this.dirtyDirs.add(dirname(madeDir));
  }

  /**
   * Deletes raw files for good (`h2h forget`), durably (their folders are synced). Synchronous: it
   * runs under the store's write lock. A file already gone counts as deleted.
   */
  removeSync(hashes: string[]): void {
    const dirs = new Set<string>();
    for (const hash of hashes) {
      const file = this.pathOf(hash);
      try {
        unlinkSync(file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
      this.dirtyFiles.delete(file);
      dirs.add(dirname(file));
    }
    for (const dir of dirs) fsyncDirSync(dir);
  }

  /** Makes the files written since the last flush durable; call before committing metadata that points at them. */
  async flush(): Promise<void> {
    const files = [...this.dirtyFiles];
    const dirs = [...this.dirtyDirs];
    this.dirtyFiles.clear();
    this.dirtyDirs.clear();
    if (files.length === 0 && dirs.length === 0) return;
    try {
      if (files.length >= syncfsFrom && (await syncFilesystem(this.root))) return;
      await inBatches([...files, ...dirs], fsyncConcurrency, fsyncFile);
    } catch (error) {
      // Not known to be durable: the next flush tries again.
      for (const f of files) this.dirtyFiles.add(f);
      for (const d of dirs) this.dirtyDirs.add(d);
      throw error;
    }
  }

  /**
   * Synchronously, on purpose: a raw file is read whole, and through libuv's pool each read is four
   * round trips (open, stat, read, close) — an export of 100,000 messages spent most of its time in
   * them. Read from the page cache, a message takes microseconds.
   */
  /** Whether the file is here (one stat, nothing read). */
  has(hash: string): boolean {
    return /^[0-9a-f]{64}$/.test(hash) && existsSync(this.pathOf(hash));
  }

  read(hash: string): Promise<Buffer> {
    if (!/^[0-9a-f]{64}$/.test(hash)) return Promise.reject(new Error(`not a message hash: ${hash}`));
    try {
      return Promise.resolve(readFileSync(this.pathOf(hash)));
    } catch (error) {
      return Promise.reject(error);
    }
  }
}

async function inBatches<T>(items: T[], concurrency: number, f: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await f(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

function fsyncDirSync(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // A folder that is gone or cannot be synced: the unlink itself happened.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
