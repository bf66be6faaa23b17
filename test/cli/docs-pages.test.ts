/**
 * The generated reference (docs/commands/, docs/keys.md) is committed; these tests hold the committed
 * pages to what the generator makes from today's commands and keymap, so a changed option or key
 * without `npm run docs` fails here instead of leaving the docs behind.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/corpus.js';
import { generatedDocs, generatedFolder } from '../../src/cli/docs/generated-docs.js';
import type { DocFile } from '../../src/cli/docs/command-pages.js';
import { runCli } from '../helpers/run-cli.js';
import { keyContexts } from '../../src/tui/keys/keymap.js';
import { defaultKeymap } from '../../src/tui/keys/keymap-defaults.js';

let docs: DocFile[] = [];
beforeAll(async () => {
  docs = await generatedDocs();
});

const committed = (path: string) => (existsSync(join(repoRoot, path)) ? readFileSync(join(repoRoot, path), 'utf8') : undefined);
/** The command names `h2h --help` lists. */
async function listedCommands(): Promise<string[]> {
  const help = (await runCli(['--help'])).stdout;
  return [...help.slice(help.indexOf('Commands:')).matchAll(/^ {2}([a-z][a-z-]*)[| ]/gm)].map((m) => m[1]);
}

const rerun = 'is out of date: run `npm run docs` and commit the result';

describe('the generated docs', () => {
  it('are committed as the generator makes them now', () => {
    for (const doc of docs) expect(committed(doc.path), `${doc.path} ${rerun}`).toBe(doc.content);
  });

  it('hold no page the generator no longer makes (a removed command)', () => {
    const pages = readdirSync(join(repoRoot, generatedFolder)).filter((n) => n.endsWith('.md')).map((n) => `${generatedFolder}/${n}`);
    expect(pages.sort(), `${generatedFolder} ${rerun}`).toEqual(docs.filter((d) => d.path.startsWith(`${generatedFolder}/`)).map((d) => d.path).sort());
  });
});

describe('docs/commands', () => {
  it('has a page for every command h2h --help lists, linked from the index', async () => {
    const listed = await listedCommands();
    expect(listed).toContain('outbox');
    expect(listed).toContain('completion');
    const index = committed(`${generatedFolder}/README.md`) ?? '';
    for (const name of listed) {
      expect(committed(`${generatedFolder}/${name}.md`), `no page for h2h ${name}`).toMatch(new RegExp(`^# h2h ${name}$`, 'm'));
      expect(index).toContain(`](${name}.md)`);
    }
  });

  it("gives each page the command's help as h2h help prints it", async () => {
    const page = committed(`${generatedFolder}/export.md`) ?? '';
    const help = (await runCli(['help', 'export'], { columns: 100 })).stdout;
    for (const line of ['Usage: h2h export [options] [query...]', '$ h2h export --format mbox --out shop-2026.mbox']) {
      expect(help).toContain(line);
      expect(page).toContain(line);
    }
    expect(page).toMatch(/^\| `--out <path>` \| /m);
  });
});

describe('docs/keys.md', () => {
  it('lists every action of every context with its default keys', () => {
    const page = committed('docs/keys.md') ?? '';
    for (const context of keyContexts) {
      expect(page).toContain(`(\`${context}\`)`);
      for (const b of defaultKeymap[context]) expect(page).toContain(`| \`${b.index === undefined ? b.action : `${b.action} ${b.index}`}\` |`);
    }
    expect(page).toMatch(/^\| `list\.next` \| `j` `↓` /m);
  });
});

describe('docs/json.md', () => {
  it('documents the shape of every command that has --json', async () => {
    const json = committed('docs/json.md') ?? '';
    const withJson: string[] = [];
    for (const name of await listedCommands()) if ((await runCli(['help', name])).stdout.includes('--json')) withJson.push(name);
    expect(withJson).toEqual(expect.arrayContaining(['list', 'show', 'outbox', 'sync', 'undo']));
    for (const name of withJson) expect(json, `docs/json.md says nothing of h2h ${name} --json`).toMatch(new RegExp(`\`h2h ${name}[ \`]`));
  });
});
