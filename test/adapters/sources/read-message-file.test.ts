/** Reading a single-message file: exactly its bytes whatever its size (the buffer is sized by fstat, not zero-filled). */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readMessageFile } from '../../../src/adapters/sources/open-regular.js';
import { tempDir } from '../../helpers/temp-dir.js';

describe('readMessageFile', () => {
  it.each([0, 1, 4095, 4096, 8193, 1_572_865])('returns exactly the %i bytes of the file', async (size) => {
    const path = join(tempDir(), 'm.eml');
    const bytes = randomBytes(size);
    writeFileSync(path, bytes);
    const read = await readMessageFile(path, { followSymlink: false });
    expect(read.length).toBe(size);
    expect(read.equals(bytes)).toBe(true);
  });
});
