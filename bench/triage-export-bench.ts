/**
 * `npm run bench -- export [messages]`: bulk triage and export on the 100,000-message store of the
 * import benchmark (bench/.work/100000, imported first when missing). Times, through the CLI as a
 * script runs it:
 * - `h2h tag - +bench` with 10,000 conversation ids on stdin (target < 2 s);
 * - `h2h export --format mbox` and `--format jsonl` of every message, against `cat` of the raw
 *   files to one file (target: within 2x of cat), from disk (page cache dropped first; needs root)
 *   and from the page cache, with each run's peak RSS;
 * - flat memory: JSONL exports of none, a tenth, half and all of the store under one heap limit.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { shop, writeMbox } from './generate-mailbox.js';

const here = dirname(fileURLToPath(import.meta.url));
const h2hBin = join(here, '..', 'bin/h2h.js');
const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

type Run = { ms: number; rssMB: number | null; stdout: string; stderr: string };

function run(cmd: string, args: string[], env: Record<string, string>, options: { input?: string; work: string }): Run {
  const rssFile = join(options.work, 'time.out');
  const [file, argv] = gnuTime ? [gnuTime, ['-f', '%M', '-o', rssFile, cmd, ...args]] : [cmd, args];
  const t = performance.now();
  const r = spawnSync(file, argv, { env: { ...process.env, ...env }, input: options.input, encoding: 'utf8', maxBuffer: 1e9 });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}: ${r.stderr.slice(-1000)}`);
  const rssMB = gnuTime ? Number(readFileSyncSafe(rssFile).trim().split('\n').pop()) / 1024 : null;
  return { ms, rssMB, stdout: r.stdout, stderr: r.stderr };
}

function readFileSyncSafe(path: string): string {
  try {
    return spawnSync('cat', [path], { encoding: 'utf8' }).stdout;
  } catch {
    return '';
  }
}

const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);

function rawFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((sub) => readdirSync(join(dir, sub)).map((f) => join(dir, sub, f)));
}

export async function runTriageExportBench(size = 100_000): Promise<void> {
  const dir = join(here, '.work', String(size));
  const configFile = join(dir, 'config.json');
  const dataDir = join(dir, 'h2h');
  const work = join(here, '.work', `export-${size}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const env = { H2H_CONFIG: configFile, H2H_DATA_DIR: dataDir };
  // Made again unless it is a v2 store (index.sqlite): a v1 store (mail.json) would first be migrated, inside the timings.
  if (!existsSync(join(dataDir, 'index.sqlite'))) {
    rmSync(dataDir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    // Generated mail is dated up to two years back: kept open (not closed as history at import), as the figures have always been taken.
    writeFileSync(configFile, JSON.stringify({ agent: shop, history: { closeOlderThanDays: 0 } }), { mode: 0o600 });
    const mbox = join(dir, 'mail.mbox');
    if (!existsSync(mbox)) await writeMbox(mbox, size, 1);
    process.stderr.write(`importing ${size.toLocaleString('en')} messages once (kept in ${dir})…\n`);
    run(process.execPath, [h2hBin, 'import', mbox], env, { work });
  }

  // Bulk tagging: 10,000 ids from `h2h list --json`, read from stdin, as a pipeline would.
  const ids = (JSON.parse(run(process.execPath, [h2hBin, 'list', '--json', '--limit', '10000'], env, { work }).stdout) as { id: string }[]).map((c) => c.id);
  const tagRuns = [1, 2, 3].map((i) => run(process.execPath, [h2hBin, 'tag', '-', `+bench${i}`], env, { input: `${ids.join('\n')}\n`, work }));
  const tagMedian = tagRuns.map((r) => r.ms).sort((a, b) => a - b)[1];
  run(process.execPath, [h2hBin, 'undo'], env, { work });

  // Export against cat of the raw files (the same bytes, no quoting, no parsing), twice: from the disk
  // (page cache dropped before each run, which needs root) and from the page cache (after a warm-up).
  const files = rawFiles(join(dataDir, 'raw'));
  const listFile = join(work, 'files.txt');
  writeFileSync(listFile, files.join('\n'));
  const catRun = () => run('sh', ['-c', `xargs cat < "${listFile}" > "${join(work, 'cat.out')}"`], {}, { work });
  const exportRun = (format: string, query: string[] = [], node: string[] = []) => run(process.execPath, [...node, h2hBin, 'export', ...query, '--format', format, '--out', join(work, `all.${format}`)], env, { work });
  const dropCaches = () => {
    try {
      spawnSync('sync');
      writeFileSync('/proc/sys/vm/drop_caches', '3');
      return true;
    } catch {
      return false;
    }
  };
  const cold = dropCaches() ? { cat: catRun(), mbox: (dropCaches(), exportRun('mbox')), jsonl: (dropCaches(), exportRun('jsonl')) } : null;
  catRun();
  const warm = { cat: catRun(), mbox: exportRun('mbox'), jsonl: exportRun('jsonl') };
  // Flat memory: exporting none, a tenth, half and all of the store, each with V8's heap held to
  // what the store's index alone needs. Left to itself V8 lets garbage pile up while memory is free,
  // so peak RSS grows with any long run; a run that held on to what it exported would not finish here.
  const heapCapMB = 160;
  const scale = [['nothing', ['tag:no-such-tag']], ['before:2024-03-01', ['before:2024-03-01']], ['before:2025-01-01', ['before:2025-01-01']], ['everything', []]] as const;
  const memory = scale.map(([label, query]) => {
    const r = exportRun('jsonl', [...query], [`--max-old-space-size=${heapCapMB}`]);
    return { label, rssMB: r.rssMB ?? 0, messages: Number(/(\d+) messages?/.exec(r.stderr)?.[1] ?? 0) };
  });
  const size$ = (p: string) => `${Math.round(statSync(p).size / 1e6)} MB`;

  console.log(`\ntriage and export benchmark: Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'})`);
  console.log(`store: ${size.toLocaleString('en')} messages, ${files.length.toLocaleString('en')} raw files (${size$(join(work, 'cat.out'))})\n`);
  const ratio = (r: Run, cat: Run) => `${fmt(r.ms)} (${(r.ms / cat.ms).toFixed(1)}x cat)`;
  const rows = [
    ['', 'from disk', 'from page cache', 'peak RSS', 'target'],
    [`h2h tag - +tag, ${ids.length.toLocaleString('en')} conversations (median of 3)`, '', fmt(tagMedian), `${Math.round(tagRuns[1].rssMB ?? 0)} MB`, '< 2 s'],
    ['cat of every raw file', cold ? fmt(cold.cat.ms) : 'needs root', fmt(warm.cat.ms), `${Math.round(warm.cat.rssMB ?? 0)} MB`, ''],
    [`h2h export --format mbox (${size$(join(work, 'all.mbox'))})`, cold ? ratio(cold.mbox, cold.cat) : '', ratio(warm.mbox, warm.cat), `${Math.round(warm.mbox.rssMB ?? 0)} MB`, '≤ 2x cat'],
    [`h2h export --format jsonl (${size$(join(work, 'all.jsonl'))})`, cold ? ratio(cold.jsonl, cold.cat) : '', ratio(warm.jsonl, warm.cat), `${Math.round(warm.jsonl.rssMB ?? 0)} MB`, '≤ 2x cat'],
    ...memory.map((m) => [`jsonl, ${m.label} (${m.messages.toLocaleString('en')} messages), heap held to ${heapCapMB} MB`, '', '', `${Math.round(m.rssMB)} MB`, m === memory[0] ? '' : 'flat']),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(line(rows[0]));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows.slice(1)) console.log(line(r));
  rmSync(work, { recursive: true, force: true });
}
