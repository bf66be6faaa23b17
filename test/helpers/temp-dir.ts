import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach } from 'vitest';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh folder removed after the current test. */
export function tempDir(prefix = 'h2h-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

const kept: string[] = [];
afterAll(() => {
  for (const dir of kept.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh folder kept until the test file ends: for a fixture set up once in beforeAll. */
export function suiteDir(prefix = 'h2h-suite-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  kept.push(dir);
  return dir;
}
