import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The shared third-party mail corpus (not copied into this repo: some sets carry no licence).
 * Found via $H2H_CORPUS_DIR, next to the repo (../shared/corpus), or at /work/shared/corpus.
 * Missing corpus is an error, never a silent skip.
 */
export function corpusDir(): string {
  const candidates = [process.env.H2H_CORPUS_DIR, join(repo, '../shared/corpus'), '/work/shared/corpus'].filter((p): p is string => !!p);
  const found = candidates.find((p) => existsSync(join(p, 'README.md')));
  if (!found) throw new Error(`the shared mail corpus was not found (looked in ${candidates.join(', ')}); set H2H_CORPUS_DIR`);
  return found;
}

export const corpus = (...parts: string[]) => join(corpusDir(), ...parts);
export const repoRoot = repo;
