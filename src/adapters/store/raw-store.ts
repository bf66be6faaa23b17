/** Raw messages as files named by their sha256: written once, atomically and durably, never rewritten. */
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { sha256Hex } from '../../core/domain/short-id.js';
import { fsyncDir, privateDirMode, writeFileOnce } from './atomic-file.js';

/** What a writer on another thread needs to put raw files into a RawStore (see WorkerIntake). */
export type RawFileTarget = {
  pathOf(hash: string): string;
  /** Records a file written (and fsynced) elsewhere; `madeDir` is the first folder created for it, if any. */
  written(hash: string, madeDir?: string): void;
  /** Writes on this thread, as MailStore.writeRaw. */
  write(raw: Uint8Array): Promise<string>;
};

export class RawStore implements RawFileTarget {
  private readonly madeDirs = new Set<string>();
  private readonly dirtyDirs = new Set<string>();

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
   * The file's folder entry becomes durable at the next flush. Also when the file was there already:
   * a process killed before its commit may have left it with its folder entry not yet on disk.
   */
  written(hash: string, madeDir?: string): void {
    const dir = dirname(this.pathOf(hash));
    this.madeDirs.add(dir);
    this.dirtyDirs.add(dir);
    // A new folder is itself an entry in its parent.
    if (madeDir) this.dirtyDirs.add(dirname(madeDir));
  }

  /** Makes the names of files written since the last flush durable; call before committing metadata that points at them. */
  async flush(): Promise<void> {
    const dirs = [...this.dirtyDirs];
    this.dirtyDirs.clear();
    await Promise.all(dirs.map(fsyncDir));
  }

  read(hash: string): Promise<Buffer> {
    if (!/^[0-9a-f]{64}$/.test(hash)) throw new Error(`not a message hash: ${hash}`);
    return readFile(this.pathOf(hash));
  }
}
