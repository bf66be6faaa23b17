/**
 * kill -9 at random moments of import, tag writes, sending and sync, over many runs (seeded: a
 * failure names its seed and run). After every kill the store must open and hold together, and in
 * the end nothing is lost and nothing doubled, in the store and on the servers. The soak variant
 * (npm run test:soak) runs many more kills: H2H_CRASH_RUNS.
 */
import PostalMime from 'postal-mime';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { generateMessages, writeMbox } from '../../bench/generate-mailbox.js';
import { openMailIndex } from '../../src/adapters/store/sqlite/mail-index.js';
import { appendMessages, ensureFolder, fetchSources, withImap } from '../mail-harness/mailbox.js';
import { startSmtpSink, type SmtpSink } from '../mail-harness/smtp-sink.js';
import { h2hBin, spawnCli } from '../helpers/spawn-cli.js';
import { fixture, servicesFor, type Fixture } from '../helpers/store-fixture.js';
import { syncFixture } from '../helpers/sync-fixture.js';

const runs = Number(process.env.H2H_CRASH_RUNS ?? 6);
/** Import and sync kills cost a fresh store each and the 5 s a killed process's lock takes to go stale: fewer in npm test. */
const slowRuns = Number(process.env.H2H_CRASH_RUNS ?? 3);
const timeout = 60_000 + runs * 12_000;
const seed = Number(process.env.H2H_CRASH_SEED ?? 20261123);
/** Where each kill landed, printed for the soak run's figures. */
const outcomes: Record<string, string[]> = {};
const note = (what: string, outcome: string) => (outcomes[what] ??= []).push(outcome);
afterAll(() => {
  if (!process.env.H2H_CRASH_RUNS) return;
  for (const [what, list] of Object.entries(outcomes)) {
    const tally = Object.entries(list.reduce<Record<string, number>>((t, o) => ((t[o] = (t[o] ?? 0) + 1), t), {})).map(([o, n]) => `${o} ×${n}`);
    console.info(`${what}: ${list.length} kills — ${tally.join(', ')}`);
  }
});

/** mulberry32: a small seeded generator, so a failing kill point can be run again. */
function random(s: number) {
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Runs h2h and kills it with SIGKILL after `ms` (if it is still running then); resolves with its exit code (null: killed). */
function runAndKill(args: string[], env: Record<string, string>, ms: number, stdin = ''): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [h2hBin, ...args], { env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent', ...env }, stdio: ['pipe', 'pipe', 'ignore'] });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout });
    });
    child.stdin.end(stdin);
  });
}

/** How long a whole run takes: kills are spread over it (a kill after the end would test nothing). */
async function timed(run: () => Promise<{ code: number | null }>): Promise<number> {
  const started = performance.now();
  const r = await run();
  expect(r.code).toBe(0);
  return performance.now() - started;
}

/** The store opens, and holds together: each message once and in a conversation, every one with its metadata and its raw file. */
async function expectWhole(f: Fixture | { env: Record<string, string>; configFile: string; root: string; dataDir: string }) {
  const s = await servicesFor(f as Fixture);
  const seqs = (await s.conversations.list()).flatMap((c) => c.record.seqs);
  expect(new Set(seqs).size).toBe(seqs.length);
  // Every message row the index holds is in one of those conversations (none left outside by a kill).
  const index = openMailIndex(f.dataDir);
  try {
    expect(index.db.prepare('SELECT count(*) FROM messages').pluck().get()).toBe(seqs.length);
  } finally {
    index.close();
  }
  const metas = s.store.messages(seqs);
  expect(metas).toHaveLength(seqs.length);
  expect(new Set(metas.map((m) => m.messageId)).size).toBe(metas.length);
  for (const m of metas) expect((await s.store.readRaw(m.hash)).length).toBe(m.size);
  return { s, count: seqs.length };
}

describe(`kill -9 at random moments (seed ${seed})`, () => {
  it('import: every kill leaves a whole store; the import run again has every message once', async () => {
    const next = random(seed);
    const mbox = join(fixture().root, 'mail.mbox');
    await writeMbox(mbox, 500, 3);
    const whole = await timed(() => spawnCli(['import', '--batch-size', '50', mbox], { env: fixture().env }));
    for (let run = 0; run < slowRuns; run++) {
      const f = fixture();
      const r = await runAndKill(['import', '--batch-size', '50', mbox], f.env, next() * whole);
      const { count } = await expectWhole(f);
      note('import', r.code === null ? `killed with ${Math.floor(count / 100) * 100}+ of 500 stored` : `finished (exit ${r.code})`);
      const again = await spawnCli(['import', mbox], { env: f.env });
      expect(again.code, again.stderr).toBe(0);
      expect((await expectWhole(f)).count).toBe(500);
    }
  }, timeout);

  it('tag writes: each command lands whole or not at all, and every one that said so has landed', async () => {
    const next = random(seed + 1);
    const f = fixture();
    const mbox = join(f.root, 'mail.mbox');
    await writeMbox(mbox, 600, 4);
    expect((await spawnCli(['import', mbox], { env: f.env })).code).toBe(0);
    const ids = (JSON.parse((await spawnCli(['list', '--json'], { env: f.env })).stdout) as { id: string }[]).map((c) => c.id);
    const landed: string[] = [];
    const whole = await timed(() => spawnCli(['tag', '-', '+whole'], { env: f.env, stdin: `${ids.join('\n')}\n` }));
    for (let run = 0; run < runs * 2; run++) {
      const tag = `k${run}`;
      const r = await runAndKill(['tag', '-', `+${tag}`], f.env, next() * whole, `${ids.join('\n')}\n`);
      if (r.code === 0) landed.push(tag);
      else expect(r.code).toBe(null); // killed: no other failure
      note('tag', r.code === 0 ? 'finished' : 'killed');
      const { s } = await expectWhole(f);
      const tagged = new Set((await s.conversations.list(`tag:${tag}`)).map((c) => c.id));
      expect([0, ids.length], `${tag}: all or nothing`).toContain(tagged.size);
      for (const t of landed) expect((await s.conversations.list(`tag:${t}`)).length, `${t} said done`).toBe(ids.length);
    }
  }, timeout);
});

describe(`kill -9 while sending and syncing (seed ${seed})`, () => {
  const { dovecot } = inject('mail');
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await startSmtpSink({ lmtpPort: dovecot.lmtpPort });
  });
  afterAll(() => sink.stop());

  it('sending, with a 2 MB attachment: never two copies of a reply, sent or in Sent; each one sent and filed once in the end, whole, by retry or the owner’s word', async () => {
    const next = random(seed + 2);
    const f = await syncFixture(dovecot, { smtp: { host: '127.0.0.1', port: sink.port, user: 'shop', tls: 'none' } });
    await withImap(dovecot, f.user, (c) => ensureFolder(c, 'Sent'));
    const mbox = join(f.root, 'mail.mbox');
    await writeMbox(mbox, 40, 5);
    const env = { ...f.env, H2H_SMTP_PASSWORD: 'any' };
    expect((await spawnCli(['import', mbox], { env })).code).toBe(0);
    const [first, ...ids] = (JSON.parse((await spawnCli(['list', '--json', 'is:unanswered'], { env })).stdout) as { id: string }[]).map((c) => c.id).slice(0, runs + 1);
    writeFileSync(join(f.root, 'body.txt'), 'Thanks.\n');
    // A kill can land while the file is copied into the store, queued, or on its way over SMTP.
    const label = Buffer.from(Array.from({ length: 2 * 1024 * 1024 }, (_, i) => (i * 7919) % 251));
    const attach = ['--attach', join(f.root, 'label.bin')];
    writeFileSync(join(f.root, 'label.bin'), label);
    const whole = await timed(() => spawnCli(['reply', first, '--body-file', join(f.root, 'body.txt'), ...attach, '--send'], { env }));
    const copies = (marker: string) => sink.messages.filter((m) => m.raw.toString('utf8').includes(marker)).length;
    const markers: string[] = [];
    for (const [run, id] of ids.entries()) {
      const marker = `[crash ${seed} run ${run}]`; // bracketed: run 1's must not match run 10's
      markers.push(marker);
      const body = join(f.root, `body-${run}.txt`);
      writeFileSync(body, `Thanks. ${marker}\n`);
      await runAndKill(['reply', id, '--body-file', body, ...attach, '--send'], env, next() * whole);
      const afterKill = copies(marker);
      expect(afterKill).toBeLessThanOrEqual(1);
      await expectWhole(f);
      // What a person does next: retry what is waiting (and file what was sent); decide about a send that ended in the dark.
      await spawnCli(['outbox', '--retry'], { env });
      const entry = (JSON.parse((await spawnCli(['outbox', '--json'], { env })).stdout) as { id: string; conversationId: string; status: string }[]).find((e) => e.conversationId === id);
      expect(copies(marker)).toBeLessThanOrEqual(1);
      if (!entry) expect((await spawnCli(['reply', id, '--body-file', body, ...attach, '--send'], { env })).code).toBe(0); // killed before it was queued
      else if (entry.status === 'unknown') expect((await spawnCli(['outbox', copies(marker) === 1 ? '--mark-sent' : '--resend', entry.id], { env })).code).toBe(0);
      else expect(entry.status).toBe('sent');
      note('send', entry?.status === 'sent' ? (afterKill === 1 ? 'sent before the kill' : 'sent by retry') : entry?.status ?? 'killed before queued');
      expect(copies(marker), `run ${run}: ${entry?.status ?? 'not queued'}`).toBe(1);
    }
    await spawnCli(['outbox', '--retry'], { env }); // files what was marked sent by hand
    const sent = [...(await fetchSources(dovecot, f.user, 'Sent')).values()].map((raw) => raw.toString('utf8'));
    for (const marker of markers) expect(sent.filter((raw) => raw.includes(marker)), marker).toHaveLength(1);
    // Each went whole: the file's exact bytes in what SMTP received.
    for (const marker of markers) {
      const [raw] = sink.messages.filter((m) => m.raw.toString('utf8').includes(marker));
      const parsed = await PostalMime.parse(raw.raw, { attachmentEncoding: 'arraybuffer' });
      expect(parsed.attachments.map((a) => Buffer.from(a.content as ArrayBuffer).equals(label)), marker).toEqual([true]);
    }
  }, timeout);

  it('sync: every kill leaves a whole store; the next sync has every message exactly once', async () => {
    const next = random(seed + 3);
    const first = await syncFixture(dovecot);
    await appendMessages(dovecot, first.user, 'INBOX', [...generateMessages(1000, 9)].map((m) => m.raw));
    const whole = await timed(() => spawnCli(['sync', '--batch-size', '200'], { env: first.env }));
    for (let run = 0; run < slowRuns; run++) {
      // A new store on the same mailbox each run: every run has the whole first sync to do.
      const f = { ...first, dataDir: join(first.root, `data-${run}`), env: { ...first.env, H2H_DATA_DIR: join(first.root, `data-${run}`) } };
      const r = await runAndKill(['sync', '--batch-size', '200'], f.env, next() * whole);
      const { count } = await expectWhole(f);
      note('sync', r.code === null ? `killed with ${count} of 1000 stored` : `finished (exit ${r.code})`);
      const finish = await spawnCli(['sync'], { env: f.env });
      expect(finish.code, finish.stderr).toBe(0);
      expect((await expectWhole(f)).count).toBe(1000);
      const again = await spawnCli(['sync', '--json'], { env: f.env });
      expect(JSON.parse(again.stdout.trim().split('\n').pop()!)).toMatchObject({ type: 'done', added: 0 });
    }
  }, timeout);
});
