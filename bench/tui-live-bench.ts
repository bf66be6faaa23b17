/**
 * `npm run bench -- live [N] [--rounds R]` (default 10,000 messages, 5 rounds): the TUI's key-to-frame
 * while its live sync takes in mail (issue 15), in two situations, interleaved round by round on
 * one throwaway Dovecot holding the realistic corpus (bench/realistic-mail.ts):
 *  - at start: the 100 held-back messages are on the server when the TUI opens; its catch-up takes
 *    them in while the owner already presses keys (the JIT and Ink still cold);
 *  - arriving: the TUI has caught up and is watching (IDLE) when the held-back INBOX messages are
 *    APPENDed, as mail comes in through a working day; the same process's presses just before are
 *    the idle figure.
 * Each round runs bench/tui-live-probe.ts (bundled as h2h is, run with plain node) on a fresh copy of one synced h2h store, and removes the
 * APPENDed messages from the server afterwards, so every round takes in the same mail.
 * H2H_BENCH_RAW=FILE also writes every probe's raw figures (each press in order) there as JSON.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { doveadm, reapStale, startDovecot, type Dovecot } from '../test/mail-harness/dovecot.js';
import { connectImap, uniqueUser, type MailUser } from '../test/mail-harness/mailbox.js';
import { bundleProbe } from './bundle-probe.js';
import { below, formatMs, percentile, renderTable, verdict } from './bench-table.js';
import { buildId, ensureCorpus, root, type Corpus } from './realistic-mail.js';
import { linkMailbox } from './realistic-sync.js';
import { H2h } from './sync-bench.js';

type ProbeResult = { firstFrameMs: number; syncMs: number; added: number; latencies: number[]; idle?: number[] };
type Mode = 'start' | 'arrive';

/** APPENDs the messages and returns a function that expunges exactly them again. */
async function append(dovecot: Dovecot, user: MailUser, messages: Corpus['incoming']): Promise<() => Promise<void>> {
  const client = await connectImap(dovecot, user);
  const uids: Record<string, number[]> = {};
  try {
    for (const m of messages) {
      const flags = m.folder === 'Sent' ? ['\\Seen'] : [];
      const r = await client.append(m.folder, readFileSync(m.file), flags, statSync(m.file).mtime);
      if (!r || !r.uid) throw new Error(`APPEND to ${m.folder} gave no UID (UIDPLUS)`);
      (uids[m.folder] ??= []).push(r.uid);
    }
  } finally {
    await client.logout();
  }
  return async () => {
    const c = await connectImap(dovecot, user);
    try {
      for (const [folder, list] of Object.entries(uids)) {
        const lock = await c.getMailboxLock(folder);
        try {
          await c.messageDelete(list.join(','), { uid: true });
        } finally {
          lock.release();
        }
      }
    } finally {
      await c.logout();
    }
  };
}

function runProbe(probe: string, copy: string, env: Record<string, string>, mode: Mode, expect: number, onReady: () => Promise<void>): Promise<ProbeResult> {
  const own = { ...env, HOME: join(copy, 'home'), XDG_CONFIG_HOME: join(copy, 'home', '.config'), XDG_DATA_HOME: join(copy, 'home', '.local/share'), H2H_CONFIG: join(copy, 'config.json'), H2H_DATA_DIR: join(copy, 'data'), NODE_ENV: 'production', H2H_PROBE_MODE: mode, H2H_PROBE_EXPECT: String(expect) };
  const child = spawn(process.execPath, [...(process.env.H2H_PROBE_NODE?.split(' ').filter(Boolean) ?? []), probe], { cwd: root, env: own, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let readied: Promise<void> = Promise.resolve();
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const before = out;
    out += chunk;
    if (!before.includes('ready\n') && out.includes('ready\n')) readied = onReady();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), 10 * 60_000);
  return new Promise((resolve, reject) => {
    child.on('close', async (code, signal) => {
      clearTimeout(timer);
      try {
        await readied;
      } catch (error) {
        return reject(error);
      }
      if (code !== 0) return reject(new Error(`tui-live-probe (${mode}) ended with ${code ?? signal}: ${err.trim().split('\n').slice(-12).join(' | ')}`));
      resolve(JSON.parse(out.trim().split('\n').pop()!) as ProbeResult);
    });
  });
}

export async function runTuiLiveBench(count = 10_000, rounds = 5): Promise<void> {
  const corpus = await ensureCorpus(count);
  reapStale();
  const work = mkdtempSync(join(tmpdir(), 'h2h-tui-live-'));
  const dovecot = await startDovecot({ ssl: false });
  const load = loadavg()[0];
  try {
    const user = await uniqueUser(dovecot, 'live');
    linkMailbox(dovecot, user, corpus);
    await doveadm(dovecot, ['index', '-u', user.address, '*']);
    process.stderr.write(`h2h: first sync of ${count.toLocaleString('en')} messages…\n`);
    const base = new H2h(join(work, 'base'), dovecot, user, corpus.shop);
    base.sync();
    const inbox = corpus.incoming.filter((m) => m.folder === 'INBOX');
    const results: Record<Mode, ProbeResult[]> = { start: [], arrive: [] };
    const probe = bundleProbe(root, 'tui-live-probe');
    for (let round = 1; round <= rounds; round++) {
      for (const mode of ['start', 'arrive'] as const) {
        process.stderr.write(`round ${round}/${rounds}: ${mode === 'start' ? 'mail on the server when the TUI opens' : 'mail arriving while the TUI watches'}…\n`);
        const copy = join(work, `live-${round}-${mode}`);
        if (spawnSync('cp', ['-a', base.work, copy]).status !== 0) throw new Error('copying the synced store failed');
        let expunge: (() => Promise<void>) | null = null;
        try {
          if (mode === 'start') expunge = await append(dovecot, user, corpus.incoming);
          const r = await runProbe(probe, copy, base.env, mode, inbox.length, async () => {
            expunge = await append(dovecot, user, inbox);
          });
          results[mode].push(r);
        } finally {
          await (expunge as (() => Promise<void>) | null)?.();
          rmSync(copy, { recursive: true, force: true });
        }
      }
    }
    if (process.env.H2H_BENCH_RAW) writeFileSync(process.env.H2H_BENCH_RAW, JSON.stringify(results));
    report(count, rounds, load, results, inbox.length, corpus.incoming.length);
  } finally {
    await dovecot.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

function report(count: number, rounds: number, load: number, results: Record<Mode, ProbeResult[]>, arriving: number, atStart: number): void {
  const all = (mode: Mode, key: 'latencies' | 'idle') => results[mode].flatMap((r) => r[key] ?? []);
  const cell = (xs: number[]) => `${formatMs(percentile(xs, 50))} / ${formatMs(percentile(xs, 95))} / ${formatMs(Math.max(...xs))}`;
  const target = below(16, '16 ms');
  const row = (label: string, xs: number[], note: string) => [label, String(xs.length), cell(xs), note, target.label, verdict(percentile(xs, 95), target)];
  const syncs = (mode: Mode) => results[mode].map((r) => formatMs(r.syncMs)).join(', ');
  console.log(`\nTUI key (j/k) to frame while the live sync takes in mail, ${rounds} rounds, ${count.toLocaleString('en')} messages of realistic mail`);
  console.log(`${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, h2h build ${buildId()}, Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), load average ${load.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after; 100x30, Ink's real output path\n`);
  console.log(
    renderTable(
      ['', 'presses', 'p50 / p95 / max', 'the mail taken in', 'target', 'met'],
      [
        row('idle, watching (before the mail arrives)', all('arrive', 'idle'), ''),
        row(`${arriving} new arriving while the TUI watches (IDLE)`, all('arrive', 'latencies'), `in ${syncs('arrive')}`),
        row(`${atStart} new on the server when the TUI opens (catch-up)`, all('start', 'latencies'), `in ${syncs('start')}`),
      ],
    ),
  );
}
