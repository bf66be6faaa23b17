/** Raw messages as files named by their sha256: written once, atomically and durably, never rewritten. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256Hex } from '../../core/domain/short-id.js';
import { ensurePrivateDir, fsyncDir, writeFileOnce } from './atomic-file.js';

export class RawStore {
  private readonly madeDirs = new Set<string>();
  private readonly dirtyDirs = new Set<string>();

  constructor(private readonly root: string) {}

  pathOf(hash: string): string {
    return join(this.root, hash.slice(0, 2), `${hash}.eml`);
  }

  async write(raw: Uint8Array): Promise<string> {
    const hash = sha256Hex(raw);
    const dir = join(this.root, hash.slice(0, 2));
    if (!this.madeDirs.has(dir)) {
      await ensurePrivateDir(dir);
      this.madeDirs.add(dir);
    }
    if (await writeFileOnce(this.pathOf(hash), raw)) this.dirtyDirs.add(dir);
    return hash;
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
