/**
 * `npm run bench`: h2h's store at 10,000 and 100,000 generated messages (bench/generate-mailbox.ts),
 * and notmuch on the same messages where it is installed; then the IMAP sync benchmark
 * (bench/sync-bench.ts, h2h vs mbsync) and the TUI benchmark. Prints a table of measured figures for each.
 * One of them: `npm run bench -- import [sizes…]` (or just sizes: `npm run bench -- 10000 50000`),
 * `npm run bench -- sync [count]` (= `npm run bench:sync`), `npm run bench -- tui [conversations]`
 * (bench/tui-bench.ts: first frame and key latency at 50,000 conversations), `npm run bench -- startup [messages]`
 * (bench/startup-bench.ts: whole-process commands against `node -e 0`), `npm run bench -- store [N] [--fresh]`
 * (bench/store-bench.ts: issue 14's target table on realistic mail, default 100,000 messages),
 * `npm run bench -- live [N] [--rounds R]` (bench/tui-live-bench.ts: TUI key-to-frame while the live sync takes in mail),
 * `npm run bench -- attach [MB] [--rounds R]` (bench/attach-bench.ts: a reply with an attachment, end to end),
 * `npm run bench -- scale [N]` (bench/scale-bench.ts: the same CLI commands at N, default 1,000,000, against 100,000).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateMessages, shop, writeMbox } from './generate-mailbox.js';
import { runSyncBench } from './sync-bench.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const work = join(here, '.work');
const args = process.argv.slice(2);
let only: string | undefined; // undefined: both benchmarks
if (['import', 'sync', 'tui', 'live', 'attach', 'export', 'startup', 'store', 'scale'].includes(args[0])) only = args.shift();
else if (args.length > 0) only = 'import'; // bare sizes, as before the sync benchmark existed
const roundsAt = args.indexOf('--rounds');
const liveRounds = roundsAt >= 0 ? Number(args.splice(roundsAt, 2)[1]) : undefined;
const numbers = args.map(Number).filter((n) => n > 0);
const fresh = args.includes('--fresh');
const queries = ['waterproof', 'refund tracking', 'Kengät'];

type Row = { label: string; values: string[]; target?: string };

function probe(args: string[]): Record<string, number> {
  const r = spawnSync(process.execPath, ['--expose-gc', join(here, 'probe.mjs'), ...args], { encoding: 'utf8', maxBuffer: 1e8 });
  if (r.status !== 0) throw new Error(`probe ${args[0]} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

function wall(cmd: string, args: string[], env: Record<string, string> = {}): number {
  const t = performance.now();
  const r = spawnSync(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 1e9 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return performance.now() - t;
}

function medianOf(n: number, f: () => number): number {
  const xs = Array.from({ length: n }, f).sort((a, b) => a - b);
  return xs[Math.floor(n / 2)];
}

function duSize(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.size;
  return readdirSync(path).reduce((sum, name) => sum + duSize(join(path, name)), 0);
}

const ms = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x < 10 ? x.toFixed(1) : Math.round(x)} ms`);
const hasNotmuch = spawnSync('notmuch', ['--version']).status === 0;

async function measure(size: number) {
  const dir = join(work, String(size));
  mkdirSync(dir, { recursive: true });
  const mbox = join(dir, 'mail.mbox');
  if (!existsSync(mbox)) await writeMbox(mbox, size, 1);
  const configFile = join(dir, 'config.json');
  writeFileSync(configFile, JSON.stringify({ agent: shop }), { mode: 0o600 });
  const dataDir = join(dir, 'h2h');
  rmSync(dataDir, { recursive: true, force: true });
  const imported = probe(['import', configFile, dataDir, mbox]);
  const runs = [0, 1, 2].map(() => probe(['measure', configFile, dataDir, ...queries]));
  const med = (key: string) => runs.map((r) => r[key]).sort((a, b) => a - b)[1];
  const env = { H2H_CONFIG: configFile, H2H_DATA_DIR: dataDir };
  const cliList = medianOf(3, () => wall(process.execPath, [join(root, 'bin/h2h.js'), 'list', '--json', 'status:open'], env));
  const firstId = JSON.parse(execFileSync(process.execPath, [join(root, 'bin/h2h.js'), 'list', '--json', '--limit', '1'], { env: { ...process.env, ...env }, maxBuffer: 1e8 }).toString())[0].id;
  const cliTag = medianOf(3, () => wall(process.execPath, [join(root, 'bin/h2h.js'), 'tag', firstId, '+bench'], env));
  const cliText = medianOf(3, () => wall(process.execPath, [join(root, 'bin/h2h.js'), 'list', '--json', queries[0]], env));
  const result: Record<string, string> = {
    import: `${ms(imported.importMs)} (${Math.round((imported.added / imported.importMs) * 1000)} msg/s)`,
    importRss: `${imported.maxRssMB} MB`,
    storeSize: `${Math.round(duSize(dataDir) / 1e6)} MB (mbox ${Math.round(statSync(mbox).size / 1e6)} MB)`,
    conversations: String(imported.conversations),
    coldLoad: ms(med('coldLoadMs')),
    listOpen: `${ms(med('listOpenMs'))} (${runs[0].openCount} open)`,
    structured: ms(med('structuredQueryMs')),
    tagWrite: `${ms(med('tagWriteMedianMs'))} / ${ms(med('tagWriteP95Ms'))}`,
    firstText: ms(med('firstTextQueryMs')),
    warmText: `${ms(med('textQueryMedianMs'))} / ${ms(med('textQueryP95Ms'))}`,
    rss: `${med('rssMB')} MB (peak ${med('maxRssMB')} MB)`,
    cliList: ms(cliList),
    cliTag: ms(cliTag),
    cliText: ms(cliText),
  };
  if (hasNotmuch) Object.assign(result, notmuch(dir, size));
  return result;
}

/** The same messages in a maildir, indexed and queried by notmuch. */
function notmuch(dir: string, size: number): Record<string, string> {
  const maildir = join(dir, 'maildir');
  rmSync(maildir, { recursive: true, force: true });
  for (const sub of ['cur', 'new', 'tmp']) mkdirSync(join(maildir, sub), { recursive: true });
  let i = 0;
  for (const m of generateMessages(size, 1)) writeFileSync(join(maildir, 'cur', `${i++}.bench:2,S`), m.raw);
  const config = join(dir, 'notmuch-config');
  writeFileSync(config, `[database]\npath=${maildir}\n[user]\nname=${shop.name}\nprimary_email=${shop.email}\n[new]\ntags=unread;inbox\n[search]\nexclude_tags=\n`);
  const env = { NOTMUCH_CONFIG: config };
  const index = wall('notmuch', ['new', '--quiet'], env);
  const search = medianOf(5, () => wall('notmuch', ['search', '--output=threads', queries[0]], env));
  const list = medianOf(3, () => wall('notmuch', ['search', '--format=json', '--output=summary', 'tag:inbox'], env));
  const thread = execFileSync('notmuch', ['search', '--output=threads', '--limit=1', '*'], { env: { ...process.env, ...env } }).toString().trim();
  const tag = medianOf(5, () => wall('notmuch', ['tag', '+bench', '--', thread], env));
  return {
    nmIndex: `${ms(index)} (${Math.round((size / index) * 1000)} msg/s)`,
    nmSize: `${Math.round(duSize(join(maildir, '.notmuch')) / 1e6)} MB index + ${Math.round((duSize(maildir) - duSize(join(maildir, '.notmuch'))) / 1e6)} MB maildir`,
    nmList: ms(list),
    nmSearch: ms(search),
    nmTag: ms(tag),
  };
}

// Issue 14's target table first: every figure of it from one run on the same realistic mail.
if (only === undefined || only === 'store') {
  const { runStoreBench } = await import('./store-bench.js');
  await runStoreBench(only === 'store' ? numbers[0] : undefined, fresh);
}
if (only === 'live') {
  const { runTuiLiveBench } = await import('./tui-live-bench.js');
  await runTuiLiveBench(numbers[0], liveRounds);
}
if (only === 'attach') {
  const { runAttachBench } = await import('./attach-bench.js');
  await runAttachBench(numbers[0], liveRounds);
}
if (only === 'scale') {
  const { runScaleBench } = await import('./scale-bench.js');
  await runScaleBench(numbers[0], fresh);
}
if (only === undefined || only === 'import') await importBench(only === 'import' && numbers.length > 0 ? numbers : [10_000, 100_000]);
if (only === undefined || only === 'startup') {
  const { runStartupBench } = await import('./startup-bench.js');
  await runStartupBench(only === 'startup' ? numbers[0] : undefined);
}
if (only === undefined || only === 'sync') await runSyncBench(only === 'sync' ? numbers[0] : undefined);
if (only === undefined || only === 'export') {
  const { runTriageExportBench } = await import('./triage-export-bench.js');
  await runTriageExportBench(only === 'export' ? numbers[0] : undefined);
}
if (only === undefined || only === 'tui') {
  // React as h2h's bundle runs it (built with NODE_ENV=production): React reads this when first loaded.
  process.env.NODE_ENV ??= 'production';
  const { runTuiBench } = await import('./tui-bench.js');
  await runTuiBench(only === 'tui' ? numbers[0] : undefined);
}

async function importBench(sizes: number[]) {
  const results: Record<string, string>[] = [];
  for (const size of sizes) {
    process.stderr.write(`measuring ${size.toLocaleString('en')} messages…\n`);
    results.push(await measure(size));
  }

  const rows: Row[] = [
    { label: 'import (parse, thread, index, fsync)', values: results.map((r) => r.import) },
    { label: 'import peak RSS', values: results.map((r) => r.importRss) },
    { label: 'store on disk', values: results.map((r) => r.storeSize) },
    { label: 'conversations', values: results.map((r) => r.conversations) },
    { label: 'cold load (open store, fresh process)', values: results.map((r) => r.coldLoad), target: '< 1 s' },
    { label: 'list status:open (loaded store)', values: results.map((r) => r.listOpen) },
    { label: 'query tag:refund from:anna status:open', values: results.map((r) => r.structured), target: '< 100 ms' },
    { label: 'tag write, median / p95 (lock, fsync)', values: results.map((r) => r.tagWrite), target: '< 50 ms' },
    { label: 'free-text query, first (loads index)', values: results.map((r) => r.firstText) },
    { label: 'free-text query, warm median / p95', values: results.map((r) => r.warmText), target: '< 100 ms' },
    { label: 'RSS after load and queries', values: results.map((r) => r.rss), target: '< 400 MB' },
    { label: '`h2h list status:open --json` end to end', values: results.map((r) => r.cliList) },
    { label: '`h2h tag <id> +bench` end to end', values: results.map((r) => r.cliTag) },
    { label: '`h2h list --json waterproof` end to end', values: results.map((r) => r.cliText) },
  ];
  if (hasNotmuch) {
    rows.push(
      { label: 'notmuch new (index the same mail)', values: results.map((r) => r.nmIndex) },
      { label: 'notmuch on disk', values: results.map((r) => r.nmSize) },
      { label: 'notmuch search tag:inbox (summary, json)', values: results.map((r) => r.nmList) },
      { label: 'notmuch search waterproof', values: results.map((r) => r.nmSearch) },
      { label: 'notmuch tag +bench thread', values: results.map((r) => r.nmTag) },
    );
  }

  const headers = ['', ...sizes.map((s) => `${s.toLocaleString('en')} messages`), 'target at 100,000'];
  const table = [headers, ...rows.map((r) => [r.label, ...r.values, r.target ?? ''])];
  const widths = headers.map((_, i) => Math.max(...table.map((row) => row[i].length)));
  const line = (row: string[]) => `| ${row.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
  console.log(`\nh2h ${JSON.parse(execFileSync('node', ['-p', 'JSON.stringify(require("./package.json").version)'], { cwd: root }).toString())}, Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'})${hasNotmuch ? `, ${execFileSync('notmuch', ['--version']).toString().trim()}` : ', notmuch not installed (apt-get install notmuch to compare)'}\n`);
  console.log(line(headers));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of table.slice(1)) console.log(line(row));
}
