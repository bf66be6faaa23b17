import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readMbox } from '../../src/adapters/sources/mbox-reader.js';
import { sniff } from '../../src/adapters/sources/read-sources.js';

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

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Every message in the MIME corpus (mbox files split into their messages), named by its path there. */
export async function corpusMessages(): Promise<{ name: string; raw: Buffer }[]> {
  const mimeDir = corpus('mime');
  const out: { name: string; raw: Buffer }[] = [];
  for (const path of filesUnder(mimeDir)) {
    const kind = await sniff(path);
    if (kind === 'mbox') for await (const m of readMbox(path)) out.push({ name: relative(mimeDir, m.source), raw: m.raw });
    // Everything else but the corpus's own notes, including a body without headers (CPython's msg_19.txt).
    else if (!/(INVENTORY\.json|SOURCES\.md)$/.test(path)) out.push({ name: relative(mimeDir, path), raw: readFileSync(path) });
  }
  return out;
}
