import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach } from 'vitest';

const perTest: string[] = [];
const perFile: string[] = [];
const removeAll = (dirs: string[]) => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
};
afterEach(() => removeAll(perTest));
afterAll(() => removeAll(perFile));

function fresh(prefix: string, list: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  list.push(dir);
  return dir;
}

/** A fresh folder removed after the current test. */
export const tempDir = (prefix = 'h2h-test-') => fresh(prefix, perTest);

/** A fresh folder kept until the test file ends: for a fixture set up once in beforeAll. */
export const suiteDir = (prefix = 'h2h-suite-') => fresh(prefix, perFile);
