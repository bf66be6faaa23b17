/**
 * `npm run bench -- store [N] [--fresh]` (default N = 100,000): issue 14's target table, every figure
 * from this one run on the same realistic mail (bench/realistic-mail.ts): whole-process commands
 * against `node -e 0` and notmuch, the syncs against mbsync on one Dovecot, import against
 * `notmuch new`, peak RSS, the TUI. Works on whatever store the build writes: the h2h data folder is
 * made by `h2h import`.
 *
 * H2H_BENCH_ROUNDS (default 11): rounds of the commands; H2H_BENCH_SKIP=sync,tui leaves sections
 * out; H2H_BENCH_WORD (default parcel): the search word; --fresh redoes the timed imports.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { atLeast, atMost, below, combine, formatMs, formatRatio, formatSpread, median, percentile, renderTable, spread, verdict, type Target } from './bench-table.js';
import { buildId, ensureCorpus, ensureIndexes, h2hBin, root, type H2hStore, type NotmuchDb } from './realistic-mail.js';
import { measureSync, type SyncFigures, type ToolSync } from './realistic-sync.js';
import { cleanupTimeScratch, interleave, type ProcessRun, type TimedCommand } from './time-process.js';

export const rounds = Number(process.env.H2H_BENCH_ROUNDS ?? 11);
const skip = new Set((process.env.H2H_BENCH_SKIP ?? '').split(',').filter(Boolean));
export const word = process.env.H2H_BENCH_WORD ?? 'parcel';

/** The whole-process commands of the table; `tag` alternates +bench / -bench so every run changes something. */
export function cliCommands(store: H2hStore, id: string, suffix = ''): TimedCommand[] {
  const h2h = (key: string, args: string[] | ((round: number) => string[])): TimedCommand => ({
    key: key + suffix, cmd: process.execPath, env: store.env,
    args: typeof args === 'function' ? (round) => [h2hBin, ...args(round)] : [h2hBin, ...args],
  });
  return [
    h2h('tag', (round) => ['tag', id, round % 2 === 0 ? '+bench' : '-bench']),
    h2h('listOpen', ['list', 'status:open', '--json', '--limit', '50']),
    h2h('listWord', ['list', word, '--json', '--limit', '50']),
    h2h('version', ['--version']),
  ];
}

export function firstConversationId(store: H2hStore): string {
  const out = execFileSync(process.execPath, [h2hBin, 'list', '--json', '--limit', '1'], { env: store.env, maxBuffer: 1e8 }).toString();
  const rows = JSON.parse(out) as { id: string }[];
  if (!rows[0]) throw new Error('the benchmark store has no conversations');
  return rows[0].id;
}

export const nodeFloor = (env: Record<string, string>): TimedCommand => ({ key: 'node', cmd: process.execPath, args: ['-e', '0'], env });

type Row = [label: string, value: string, compared: string, target: string, met: string];

export function describeMachine(): string {
  const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).stdout.trim();
  const dirty = spawnSync('git', ['status', '--porcelain', 'src'], { cwd: root, encoding: 'utf8' }).stdout.trim() ? ' + uncommitted src changes' : '';
  return `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, h2h at ${commit}${dirty} (build ${buildId()}), Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'})`;
}

export async function runStoreBench(count = 100_000, fresh = false): Promise<void> {
  const loadBefore = loadavg()[0];
  const corpus = await ensureCorpus(count);
  const { h2h, notmuch } = ensureIndexes(corpus, fresh);
  const id = firstConversationId(h2h);

  process.stderr.write(`${rounds} rounds of the commands…\n`);
  const commands = [nodeFloor(h2h.env), ...cliCommands(h2h, id)];
  if (notmuch) commands.push({ key: 'nmSearch', cmd: 'notmuch', args: ['search', word], env: notmuch.env });
  const runs = interleave(commands, rounds);
  const matches = { h2h: (JSON.parse(runs.get('listWord')![0].stdout) as unknown[]).length, notmuch: notmuch ? runs.get('nmSearch')![0].stdout.trim().split('\n').filter(Boolean).length : null };

  const firstRounds = Number(process.env.H2H_BENCH_SYNC_ROUNDS ?? (count <= 20_000 ? 3 : 1));
  const sync = skip.has('sync') ? null : await measureSync(corpus, { firstRounds, noChangeRuns: 5 });
  const tui = skip.has('tui') ? null : measureTui(h2h);
  cleanupTimeScratch();
  saveRaw(join(dirname(corpus.dir), `results-${new Date().toISOString().replace(/[:.]/g, '-')}.json`), { count, runs: Object.fromEntries(runs), sync, tui, importRun: h2h.importRun, notmuchNew: notmuch?.newRun ?? null });

  const rows = [...commandRows(runs), ...syncRows(sync, count), ...importRows(corpus.count, h2h, notmuch), ...rssRows(runs, h2h, sync), ...tuiRows(tui, sync)];
  console.log(`\nIssue 14 targets, ${count.toLocaleString('en')} messages of realistic mail (${(corpus.bytes / 2 ** 20).toFixed(0)} MiB, bench-mail gen-corpus seed 7)`);
  console.log(describeMachine());
  console.log(`${notmuch?.version ?? 'notmuch not installed (apt-get install -y notmuch)'}; ${sync ? `${sync.mbsyncVersion ?? 'mbsync not installed'}; Dovecot ${sync.dovecotVersion}` : 'sync skipped'}; load average ${loadBefore.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after`);
  console.log(`search word "${word}": h2h lists ${matches.h2h} (limit 50)${matches.notmuch === null ? '' : `, notmuch search prints ${matches.notmuch} threads`}; tagged conversation ${id}\n`);
  console.log(renderTable(['', `median (IQR), ${rounds} rounds interleaved`, 'compared', 'target', 'met'], rows));
  const imported = h2h.importRun ? '' : '\nimport rows: the store came from the cache (not timed in this run); --fresh times h2h import and notmuch new again.';
  if (imported) console.log(imported);
}

function commandRows(runs: Map<string, ProcessRun[]>): Row[] {
  const ms = (key: string) => runs.get(key)?.map((r) => r.ms);
  const node = median(ms('node')!);
  const nm = ms('nmSearch');
  const row = (key: string, label: string, target?: Target): Row => {
    const s = spread(ms(key)!);
    const ratio = s.median / node;
    if (!target) return [label, formatSpread(s), `${formatRatio(ratio)} node`, '', ''];
    if (key !== 'listWord') return [label, formatSpread(s), `${formatRatio(ratio)} node`, target.label, verdict(ratio, target)];
    // The word search has two targets: against Node's start-up and against notmuch on the same mail.
    const vsNm = nm ? s.median / median(nm) : null;
    const nmTarget = atMost(0.5, '0.5x notmuch');
    return [label, formatSpread(s), `${formatRatio(ratio)} node, ${vsNm === null ? 'no notmuch' : `${formatRatio(vsNm)} notmuch`}`, `${target.label}, ${nmTarget.label}`, combine([verdict(ratio, target), verdict(vsNm, nmTarget)])];
  };
  const rows: Row[] = [
    row('node', '`node -e 0` (the floor)'),
    row('tag', '`h2h tag <id> +x` (alternating +x / -x)', atMost(1.6, '1.6x node')),
    row('listOpen', '`h2h list status:open --json --limit 50`', atMost(1.8, '1.8x node')),
    row('listWord', `\`h2h list ${word} --json --limit 50\``, atMost(2.0, '2.0x node')),
  ];
  if (nm) rows.push(row('nmSearch', `\`notmuch search ${word}\``));
  rows.push(row('version', '`h2h --version`', atMost(1.2, '1.2x node')));
  return rows;
}

function syncRows(sync: SyncFigures | null, count: number): Row[] {
  if (!sync) return [];
  const h = sync.h2h;
  const m = sync.mbsync instanceof Error || sync.mbsync === null ? null : sync.mbsync;
  if (h instanceof Error) return [['`h2h sync`', `failed: ${h.message.split('\n')[0]}`, '', '', 'missed']];
  const med = (runs: { ms: number }[]) => median(runs.map((r) => r.ms));
  const vsMbsync = (of: (t: ToolSync) => number) => (m ? `mbsync ${formatMs(of(m))}` : 'no mbsync');
  const noChange = spread(h.noChange.map((r) => r.ms));
  const first = med(h.first);
  const firstRatio = m ? first / med(m.first) : null;
  const firstTarget = atMost(0.7, '0.7x mbsync');
  const rate = (ms: number) => `${Math.round((count / ms) * 1000).toLocaleString('en')} msg/s`;
  return [
    ['no-change `h2h sync` (Dovecot, loopback)', formatSpread(noChange), vsMbsync((t) => med(t.noChange)), '<= 300 ms', verdict(noChange.median, atMost(300, ''))],
    [`\`h2h sync\` after ${h.addedAfterNew} new`, formatMs(h.afterNew.ms), vsMbsync((t) => t.afterNew.ms), '<= 600 ms', verdict(h.afterNew.ms, atMost(600, ''))],
    [`first sync, ${h.stored.toLocaleString('en')} stored (median of ${h.first.length})`, `${formatMs(first)} (${rate(first)})`, m ? `${formatRatio(firstRatio!)} mbsync (${formatMs(med(m.first))}, ${rate(med(m.first))})` : sync.mbsync instanceof Error ? `mbsync failed: ${sync.mbsync.message.split('\n')[0]}` : 'no mbsync', firstTarget.label, verdict(firstRatio, firstTarget)],
  ];
}

function importRows(count: number, h2h: H2hStore, notmuch: NotmuchDb | null): Row[] {
  if (!h2h.importRun) return [['`h2h import` (maildir)', 'cached store: not timed in this run', '', '>= 1.2x notmuch new', 'n/a']];
  const rate = (run: ProcessRun) => (count / run.ms) * 1000;
  const h = rate(h2h.importRun);
  const n = notmuch?.newRun ? rate(notmuch.newRun) : null;
  const target = atLeast(1.2, '1.2x notmuch new');
  return [[
    '`h2h import` rate (INBOX + Sent maildirs)', `${formatMs(h2h.importRun.ms)} (${Math.round(h).toLocaleString('en')} msg/s)`,
    n === null ? 'no notmuch' : `${formatRatio(h / n)} notmuch new (${formatMs(notmuch!.newRun!.ms)}, ${Math.round(n).toLocaleString('en')} msg/s)`,
    target.label, verdict(n === null ? null : h / n, target),
  ]];
}

function rssRows(runs: Map<string, ProcessRun[]>, h2h: H2hStore, sync: SyncFigures | null): Row[] {
  const target = atMost(120, '120 MB');
  const mb = (x: number) => `${Math.round(x)} MB`;
  const peakOf = (keys: string[]) => Math.max(...keys.flatMap((k) => runs.get(k)!.map((r) => r.rssMB)));
  const cli = peakOf(['tag', 'listOpen', 'listWord', 'version']);
  const nodeRss = peakOf(['node']);
  const rows: Row[] = [['CLI peak RSS (largest of the commands above)', mb(cli), `node -e 0: ${mb(nodeRss)}`, target.label, verdict(cli, target)]];
  if (h2h.importRun) rows.push(['peak RSS of `h2h import`', mb(h2h.importRun.rssMB), '', target.label, verdict(h2h.importRun.rssMB, target)]);
  if (sync && !(sync.h2h instanceof Error)) {
    const all = [...sync.h2h.first, ...sync.h2h.noChange, sync.h2h.afterNew];
    const peak = Math.max(...all.map((r) => r.rssMB ?? 0));
    const m = sync.mbsync instanceof Error || sync.mbsync === null ? null : sync.mbsync;
    const mPeak = m ? Math.max(...[...m.first, ...m.noChange, m.afterNew].map((r) => r.rssMB ?? 0)) : null;
    rows.push(['peak RSS of `h2h sync` (largest of its runs)', mb(peak), mPeak === null ? '' : `mbsync ${mb(mPeak)}`, target.label, verdict(peak, target)]);
  }
  return rows;
}

/** Every measurement of the run, as measured, next to the cached mail: the table is one reading of it. */
function saveRaw(file: string, raw: unknown): void {
  const strip = (_key: string, value: unknown) => (_key === 'stdout' ? undefined : value instanceof Error ? { error: value.message } : value);
  writeFileSync(file, JSON.stringify(raw, strip, 1));
  process.stderr.write(`raw figures: ${file}\n`);
}

type TuiFigures = { loadMs: number; firstFrames: number[]; latencies: number[] };

function measureTui(store: H2hStore): TuiFigures | Error {
  process.stderr.write('TUI: first frame and key to frame…\n');
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bench', 'tui-probe.ts')], { cwd: root, env: { ...store.env, NODE_ENV: 'production' }, encoding: 'utf8', maxBuffer: 1e8 });
  if (r.status !== 0) return new Error((r.stderr || `exit ${r.status}`).trim().split('\n').slice(-3).join(' '));
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as TuiFigures;
}

function tuiRows(tui: TuiFigures | Error | null, sync: SyncFigures | null): Row[] {
  const live = sync?.tuiLive;
  const liveRows: Row[] = !live ? [] : live instanceof Error ? [['TUI while live sync takes in new mail', `failed: ${live.message}`, '', '', 'missed']] : [[
    `TUI key to frame while live sync takes in ${live.added} new, p95 of ${live.latencies.length}`, formatMs(percentile(live.latencies, 95)),
    `p50 ${formatMs(median(live.latencies))}; catch-up ${formatMs(live.syncMs)}`, '< 16 ms', verdict(percentile(live.latencies, 95), below(16, '16 ms')),
  ]];
  if (!tui) return liveRows;
  if (tui instanceof Error) return [['TUI', `failed: ${tui.message}`, '', '', 'missed'], ...liveRows];
  const frame = median(tui.firstFrames);
  const p95 = percentile(tui.latencies, 95);
  return [
    [`TUI first frame: store open + first full frame (median of ${tui.firstFrames.length})`, formatMs(tui.loadMs + frame), `open ${formatMs(tui.loadMs)} + frame ${formatMs(frame)}`, '<= 500 ms', verdict(tui.loadMs + frame, atMost(500, ''))],
    [`TUI key (j/k) to frame, p95 of ${tui.latencies.length}, 100x30`, formatMs(p95), `p50 ${formatMs(median(tui.latencies))}`, '< 16 ms', verdict(p95, below(16, '16 ms'))],
    ...liveRows,
  ];
}
