/**
 * `npm run docs`: writes the generated pages (generated-docs.ts) into docs/ and removes pages of
 * commands that no longer exist. Run it after changing a command's options, descriptions or the
 * default keys, and commit the result: the drift test compares the committed pages with a fresh run.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatedDocs, generatedFolder } from './generated-docs.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const docs = await generatedDocs();
const wanted = new Set(docs.map((d) => d.path));
mkdirSync(join(repoRoot, generatedFolder), { recursive: true });
for (const name of readdirSync(join(repoRoot, generatedFolder))) {
  const path = `${generatedFolder}/${name}`;
  if (name.endsWith('.md') && !wanted.has(path)) rmSync(join(repoRoot, path));
}
for (const doc of docs) {
  mkdirSync(dirname(join(repoRoot, doc.path)), { recursive: true });
  writeFileSync(join(repoRoot, doc.path), doc.content);
}
process.stdout.write(`wrote ${docs.length} pages (${[...wanted].join(', ')})\n`);
