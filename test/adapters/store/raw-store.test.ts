import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RawStore } from '../../../src/adapters/store/raw-store.js';
import { syncFilesystem } from '../../../src/adapters/store/sync-filesystem.js';
import { sha256Hex } from '../../../src/core/domain/short-id.js';
import { tempDir } from '../../helpers/temp-dir.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('raw message files', () => {
  it('replaces a file a killed write left short, and keeps a complete one', async () => {
    const root = join(tempDir(), 'raw');
    const store = new RawStore(root);
    const raw = bytes('Subject: hello\r\n\r\nthe whole message\r\n');
    const file = store.pathOf(sha256Hex(raw));
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, raw.slice(0, 10));
    await store.write(raw);
    await store.flush();
    expect(readFileSync(file)).toEqual(Buffer.from(raw));
    const inode = statSync(file).ino;
    await store.write(raw);
    expect(statSync(file).ino).toBe(inode);
  });

  it('reads every file back after a flush, for a few files and for many', async () => {
    const store = new RawStore(join(tempDir(), 'raw'));
    for (const count of [3, 600]) { // fsync each; syncfs (from 512)
      const raws = Array.from({ length: count }, (_, i) => bytes(`Subject: ${count}-${i}\r\n\r\nbody ${i}\r\n`));
      const hashes = await Promise.all(raws.map((r) => store.write(r)));
      await store.flush();
      for (const [i, hash] of hashes.entries()) expect((await store.read(hash)).equals(Buffer.from(raws[i]))).toBe(true);
    }
  });

  it('uses syncfs (coreutils sync -f) on Linux', async () => {
    expect(await syncFilesystem(tempDir())).toBe(process.platform === 'linux');
  });
});
