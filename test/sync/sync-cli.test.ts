/**
 * `h2h sync` as a user runs it: the real bin in a child process against a real Dovecot. Killed with
 * SIGKILL mid-sync and run again; `--watch` across a server restart; JSON events; exit codes.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { generateMessages } from '../../bench/generate-mailbox.js';
import { freePort, startDovecot, type Dovecot } from '../mail-harness/dovecot.js';
import { appendMessages, ensureFolder, fetchFlags, fetchSources, withImap } from '../mail-harness/mailbox.js';
import { startSmtpSink } from '../mail-harness/smtp-sink.js';
import { h2hBin, spawnCli } from '../helpers/spawn-cli.js';
import { exchange, syncFixture, syncServicesFor, type SyncFixture } from '../helpers/sync-fixture.js';

const { dovecot } = inject('mail');

type Event = Record<string, unknown> & { type: string };

/** Starts `h2h sync --json …` and hands out its events as they are printed. */
function startSync(f: SyncFixture, args: string[] = []) {
  const child = spawn(process.execPath, [h2hBin, 'sync', '--json', ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent', ...f.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  }) as unknown as ChildProcessWithoutNullStreams;
  const events: Event[] = [];
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const waiters: { test: (e: Event) => boolean; resolve: (e: Event) => void }[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    const event = JSON.parse(line) as Event;
    events.push(event);
    for (const w of waiters.splice(0)) (w.test(event) ? w.resolve(event) : waiters.push(w));
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    child,
    events,
    exited,
    stderr: () => stderr,
    /** The first event (already printed or still to come) that passes `test`. */
    next(test: (e: Event) => boolean): Promise<Event> {
      const seen = events.find(test);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve) => waiters.push({ test, resolve }));
    },
  };
}

/** UIDs the store has committed, read as another process sees them (0 before the index exists). */
function committedUids(f: SyncFixture): number {
  let db: Database.Database | undefined;
  try {
    db = new Database(join(f.dataDir, 'index.sqlite'), { readonly: true, fileMustExist: true });
    return (db.prepare('SELECT count(*) AS n FROM folder_uids').get() as { n: number }).n;
  } catch {
    return 0;
  } finally {
    db?.close();
  }
}

/** Messages in the store, summed over its conversations. */
async function storedCount(f: SyncFixture): Promise<number> {
  const r = await spawnCli(['list', '--json'], { env: f.env });
  expect(r.code, r.stderr).toBe(0);
  const list = JSON.parse(r.stdout) as { messageCount: number }[];
  return list.reduce((n, c) => n + c.messageCount, 0);
}

describe('h2h sync (the real command)', () => {
  // Four syncs of 2,600 messages: about 20 s on an idle 2-core machine, more under the full suite's load.
  it('killed with SIGKILL at any point, the next sync ends with every message exactly once', { timeout: 90_000 }, async () => {
    const f = await syncFixture(dovecot);
    const raws = [...generateMessages(2600, 7)].map((m) => m.raw);
    await appendMessages(dovecot, f.user, 'INBOX', raws);
    // Kill points: before the first commit; and once the third batch is being fetched and the first
    // has committed (seen in the store: a batch commits while the next ones are fetched, so the fetch
    // count alone does not say a commit is done).
    let committedAtKill = 0;
    for (const killAt of [250, 2100]) {
      const run = startSync(f, ['--batch-size', '1000']);
      await run.next((e) => e.type === 'progress' && (e.done as number) >= killAt);
      if (killAt > 1000) await vi.waitFor(() => expect(committedUids(f)).toBeGreaterThanOrEqual(1000), { timeout: 60_000, interval: 10 });
      run.child.kill('SIGKILL');
      expect(await run.exited).toBe(null);
      committedAtKill = committedUids(f);
    }
    const last = startSync(f);
    expect(await last.exited, last.stderr()).toBe(0);
    const done = last.events.find((e) => e.type === 'done') as unknown as { added: number };
    expect(committedAtKill).toBeGreaterThanOrEqual(1000);
    expect(done.added).toBeLessThanOrEqual(2600 - committedAtKill); // what the killed runs committed stays
    expect(await storedCount(f)).toBe(2600);
    // Nothing doubled: a further sync finds every message already there.
    const again = startSync(f);
    expect(await again.exited).toBe(0);
    expect(again.events.find((e) => e.type === 'done')).toMatchObject({ added: 0 });
  });

  it('prints JSON events: connected, one folder-start and folder-done per folder, then the report', async () => {
    const f = await syncFixture(dovecot);
    await appendMessages(dovecot, f.user, 'INBOX', [exchange(1).question]);
    const run = startSync(f);
    expect(await run.exited, run.stderr()).toBe(0);
    expect(run.events.map((e) => e.type)).toEqual(['connected', 'folder-start', 'progress', 'folder-done', 'folder-start', 'folder-done', 'shared-done', 'done']);
    expect(run.events.at(-1)).toMatchObject({ type: 'done', added: 1, folders: [{ folder: 'INBOX', added: 1 }, { folder: 'Sent', added: 0 }] });
    expect(run.events.find((e) => e.type === 'shared-done')).toMatchObject({ report: { folder: 'h2h-state', read: 0, applied: 0, written: 0 } });
    expect(await storedCount(f)).toBe(1);
  });

  it('a wrong password fails at once with exit code 6 and one line; an unreachable server with exit code 4', async () => {
    const f = await syncFixture(dovecot);
    const wrong = await spawnCli(['sync'], { env: { ...f.env, H2H_IMAP_PASSWORD: 'not-the-password' } });
    expect(wrong.code).toBe(6);
    expect(wrong.stderr.trim().split('\n')).toHaveLength(1);
    expect(wrong.stderr).toMatch(/refused the login/);
    expect(wrong.stderr).not.toContain('not-the-password');

    const config = JSON.parse(readFileSync(f.configFile, 'utf8'));
    config.account.imap.port = await freePort(); // nothing listens there
    writeFileSync(f.configFile, JSON.stringify(config));
    const unreachable = await spawnCli(['sync', '--retries', '1'], { env: f.env });
    expect(unreachable.code).toBe(4);
    expect(unreachable.stderr).toMatch(/connection refused/);
  });
});

describe('h2h sync --watch', () => {
  let own: Dovecot;
  beforeAll(async () => {
    own = await startDovecot();
  });
  afterAll(async () => {
    await own?.stop();
  });

  it('stores new mail within seconds, and reconnects after the server restarts', async () => {
    const f = await syncFixture(own);
    await appendMessages(own, f.user, 'INBOX', [exchange(1).question]);
    const watch = startSync(f, ['--watch']);
    try {
      await watch.next((e) => e.type === 'watching');
      const arrival = Date.now();
      await appendMessages(own, f.user, 'INBOX', [exchange(2).question]);
      await watch.next((e) => e.type === 'folder-done' && (e.report as { added: number }).added === 1 && watch.events.indexOf(e) > 3);
      expect(Date.now() - arrival).toBeLessThan(5000);

      // A tag set by another h2h goes to the server without waiting for the next round.
      const [conversation] = JSON.parse((await spawnCli(['list', '--json', 'subject:"Order 1002"'], { env: f.env })).stdout) as { id: string }[];
      const pushedBefore = watch.events.length;
      expect((await spawnCli(['tag', conversation.id, '+vip'], { env: f.env })).code).toBe(0);
      await watch.next((e) => e.type === 'folder-done' && (e.report as { pushed: number }).pushed === 1 && watch.events.indexOf(e) > pushedBefore);
      expect([...(await fetchFlags(own, f.user, 'INBOX')).values()].filter((flags) => flags.has('vip'))).toHaveLength(1);

      await own.restart();
      await watch.next((e) => e.type === 'disconnected');
      const watchingAgain = watch.events.length;
      await watch.next((e) => e.type === 'watching' && watch.events.indexOf(e) >= watchingAgain);
      await appendMessages(own, f.user, 'INBOX', [exchange(3).question]);
      await watch.next((e) => e.type === 'folder-done' && (e.report as { added: number }).added === 1 && watch.events.indexOf(e) > watchingAgain);
      expect(await storedCount(f)).toBe(3);
    } finally {
      watch.child.kill('SIGTERM');
      expect(await watch.exited).toBe(0);
    }
  });

  it('sends the outbox while it watches: a reply queued by another h2h goes out when due, and is filed in Sent', async () => {
    const sink = await startSmtpSink({ lmtpPort: own.lmtpPort });
    try {
      const f = await syncFixture(own, { smtp: { host: '127.0.0.1', port: sink.port, user: 'shop', tls: 'none' }, undoSendSeconds: 1 });
      f.env.H2H_SMTP_PASSWORD = 'any';
      await withImap(own, f.user, (c) => ensureFolder(c, 'Sent'));
      await appendMessages(own, f.user, 'INBOX', [exchange(1).question]);
      const watch = startSync(f, ['--watch']);
      try {
        await watch.next((e) => e.type === 'watching');
        // Queued as the TUI does (with its undo delay), by another process on the same data folder.
        const other = await syncServicesFor(f, { H2H_SMTP_PASSWORD: 'any' });
        const [c] = await other.conversations.list('');
        const entry = await other.replies!.queue(await other.replies!.draft(c.id), 'Hi Anna,\n\nIt left today.\n\nRiitta');
        const sent = await watch.next((e) => e.type === 'outbox' && e.id === entry.id);
        expect(sent).toMatchObject({ outcome: 'sent', status: 'sent' });
        expect(sink.messages).toHaveLength(1);
        expect(sink.messages[0].raw.toString('utf8')).toContain('It left today.');
        await vi.waitFor(async () => expect((await fetchSources(own, f.user, 'Sent')).size).toBe(1));
      } finally {
        watch.child.kill('SIGTERM');
        expect(await watch.exited).toBe(0);
      }
    } finally {
      await sink.stop();
    }
  });
});
