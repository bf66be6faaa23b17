/**
 * Start-up loads only what a command uses (issue 14, point 7): the built CLI runs in a child process
 * with a hook that lists every module it loaded, and the esbuild metafile of the build says which
 * sources each loaded bundle file holds. Asserted on what was loaded, not on timings.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/corpus.js';
import { runCli } from '../helpers/run-cli.js';
import { h2hBin } from '../helpers/spawn-cli.js';
import { fixture, rawMessage, type Fixture } from '../helpers/store-fixture.js';
import { suiteDir } from '../helpers/temp-dir.js';

const recorder = join(repoRoot, 'test/helpers/record-loads.mjs');
type Meta = { outputs: Record<string, { inputs: Record<string, unknown> }> };

/** Runs `h2h args` and returns its stdout, the sources (package names, dist/ files) and the Node built-ins (node:…) it loaded. */
async function loadsOf(args: string[], f: Fixture, env = f.env): Promise<{ stdout: string; sources: string[]; builtins: string[] }> {
  const out = join(f.root, `loaded-${args.join('-') || 'none'}.txt`);
  const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', recorder, h2hBin, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent', ...env, H2H_LOADED_OUT: out },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  expect(stderr, args.join(' ')).not.toMatch(/h2h:/);
  expect(code).toBe(0);
  const meta = JSON.parse(readFileSync(join(repoRoot, 'dist/bundle-meta.json'), 'utf8')) as Meta;
  const urls = readFileSync(out, 'utf8').split('\n');
  const files = urls.filter((u) => u.startsWith('file:')).map((u) => relative(repoRoot, fileURLToPath(u)));
  const sources = new Set<string>();
  for (const file of files) {
    if (!file.startsWith('dist/bundle/')) {
      sources.add(file);
      continue;
    }
    expect(meta.outputs[file], `${file} is in the build's metafile`).toBeDefined();
    for (const input of Object.keys(meta.outputs[file].inputs)) {
      // node_modules/@scope/name/… and node_modules/name/… become the package's name.
      const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
      sources.add(pkg ? pkg[1] : input);
    }
  }
  return { stdout, sources: [...sources], builtins: urls.filter((u) => u.startsWith('node:')) };
}

const heavy = ['ink', 'react', 'react-reconciler', 'yoga-layout', 'imapflow', 'nodemailer', 'html-to-text', 'flexsearch'];
/**
 * What only importing, syncing and replying use: the MIME parser with its charset tables, the intake
 * threads, the IMAP and SMTP adapters, the services built on them. A triage command or a list opens
 * the store and the conversations, nothing of this.
 */
const notForTriage = (sources: string[], builtins: string[]) => [
  ...sources.filter((s) => ['postal-mime', '@exodus/bytes', 'html-to-text'].includes(s) || /^dist\/adapters\/(imap|smtp|mime\/(?!lazy-parser))/.test(s) || /^dist\/core\/services\/(import|sync|reply|sent-filing|forget|reindex|export)-service\.js$/.test(s) || s === 'dist/app/create-services.js'),
  ...builtins.filter((b) => b === 'node:worker_threads'),
];
const commandFiles = (sources: string[]) => sources.filter((s) => s.startsWith('dist/cli/commands/')).sort();

describe('what a command loads', () => {
  let f: Fixture;
  let id: string;
  beforeAll(async () => {
    f = fixture(undefined, suiteDir());
    const mail = join(f.root, 'mail.eml');
    writeFileSync(mail, rawMessage({ from: 'Anna <anna@example.com>', to: 'riitta@shop.example', subject: 'Where is my order?', id: '<a1@example.com>' }));
    expect((await runCli(['import', mail], { env: f.env })).exitCode).toBe(0);
    id = (JSON.parse((await runCli(['list', '--json'], { env: f.env })).stdout) as { id: string }[])[0].id;
  });

  it('answers --version from package.json without reading the bundle, and the bundle agrees', async () => {
    const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    const fast = await loadsOf(['--version'], f);
    expect(fast.stdout).toBe(`${version}\n`);
    expect(fast.sources.filter((s) => s.startsWith('dist/') || s.includes('node_modules'))).toEqual([]);
    // The program's own --version (reached with any other argument) prints the same number.
    expect((await runCli(['--version'])).stdout).toBe(`${version}\n`);
  });

  it('list --json loads the list command and no TUI, IMAP, SMTP, parser, intake, HTML or column-width code', async () => {
    const { stdout, sources, builtins } = await loadsOf(['list', '--json', 'status:open'], f);
    expect((JSON.parse(stdout) as { id: string }[]).map((c) => c.id)).toEqual([id]);
    expect(notForTriage(sources, builtins)).toEqual([]);
    expect(sources.filter((s) => heavy.includes(s) || s === 'string-width' || s === 'chalk' || s.startsWith('dist/tui/'))).toEqual([]);
    expect(commandFiles(sources)).toEqual(['dist/cli/commands/list.js']);
  });

  it('tag loads the tag command and no TUI, IMAP, SMTP, parser, intake or column-width code', async () => {
    const { sources, builtins } = await loadsOf(['tag', id, '+parcel'], f);
    expect(notForTriage(sources, builtins)).toEqual([]);
    expect(sources.filter((s) => heavy.includes(s) || s === 'string-width' || s.startsWith('dist/tui/'))).toEqual([]);
    expect(commandFiles(sources)).toEqual(['dist/cli/commands/tag.js', 'dist/cli/commands/triage.js']);
    const shown = JSON.parse((await runCli(['show', id, '--json'], { env: f.env })).stdout) as { tags: string[] };
    expect(shown.tags).toEqual(['parcel']);
  });

  it('show loads the show command and no TUI, IMAP or SMTP code', async () => {
    const { stdout, sources } = await loadsOf(['show', id], f);
    expect(stdout).toContain('Where is my order?');
    expect(sources.filter((s) => heavy.includes(s) || s.startsWith('dist/tui/'))).toEqual([]);
    expect(commandFiles(sources)).toEqual(['dist/cli/commands/show.js']);
  });

  it('h2h alone, piped, prints the list with only the list command loaded', async () => {
    const { stdout, sources } = await loadsOf([], f);
    expect(stdout).toContain('Where is my order?');
    expect(commandFiles(sources)).toEqual(['dist/cli/commands/list.js']);
  });

  it('--demo list, once the demo store exists, loads no nodemailer (which builds the demo mail)', async () => {
    const env = { XDG_DATA_HOME: join(f.root, 'xdg') };
    const first = await runCli(['--demo', 'list', '--json'], { env });
    const { stdout, sources } = await loadsOf(['--demo', 'list', '--json'], f, env);
    expect(stdout).toBe(first.stdout);
    expect(sources.filter((s) => heavy.includes(s) || s.startsWith('dist/demo/'))).toEqual([]);
  });

  it('--help still lists every command', async () => {
    const { stdout } = await loadsOf(['--help'], f);
    for (const name of ['init', 'import', 'list|ls', 'show', 'tag', 'close', 'snooze', 'export', 'reply', 'outbox', 'sync', 'demo']) expect(stdout).toContain(name);
  });
});
