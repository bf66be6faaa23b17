/**
 * `h2h sync` (the real bin, in a child process) against a scripted hostile IMAP server
 * (test/mail-harness/hostile-imap-server.ts): FETCH without a body, an unsolicited FETCH for a UID
 * never asked for, literals far larger than announced, endless untagged streams, silence after
 * LOGIN, garbage lines. Nothing may be lost or skipped silently, the folder's next-UID must stay
 * right, memory must stay bounded and a stalled server must fail with exit code 4 in bounded time.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openMailIndex } from '../../src/adapters/store/sqlite/mail-index.js';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { startHostileServer, type HostileServer, type Script } from '../mail-harness/hostile-imap-server.js';
import { h2hBin } from '../helpers/spawn-cli.js';
import { agent, rawMessage } from '../helpers/store-fixture.js';
import { tempDir } from '../helpers/temp-dir.js';

/** The deadline the tests configure (account.imap.commandTimeoutSeconds). */
const deadlineSeconds = 1.5;
const MB = 1024 * 1024;

const servers: HostileServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

const message = (uid: number) => rawMessage({ from: `Customer ${uid} <c${uid}@example.com>`, to: agent.email, subject: `Question ${uid}`, id: `<m${uid}@example.com>`, body: `Message number ${uid}` });
const inboxOf = (...uids: number[]) => new Map(uids.map((uid) => [uid, message(uid)]));

type Home = { root: string; configFile: string; dataDir: string; server: HostileServer };

async function hostileHome(script: Script): Promise<Home> {
  const server = await startHostileServer(script);
  servers.push(server);
  const root = tempDir();
  const configFile = join(root, 'config.json');
  const imap = { host: '127.0.0.1', port: server.port, user: 'owner', tls: 'none', commandTimeoutSeconds: deadlineSeconds };
  writeFileSync(configFile, JSON.stringify({ agent, account: { imap } }), { mode: 0o600 });
  return { root, configFile, dataDir: join(root, 'data'), server };
}

type Run = { code: number | null; ms: number; events: Record<string, unknown>[]; stderr: string; maxRssMb: number };

/** `h2h sync --json` in a child process, with its peak RSS written on exit by a preloaded hook. */
function sync(home: Home, args: string[] = []): Promise<Run> {
  const rssFile = join(home.root, `rss-${Math.random().toString(36).slice(2)}`);
  const hook = join(home.root, 'rss-hook.cjs');
  writeFileSync(hook, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS)));\n`);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', hook, h2hBin, 'sync', '--json', ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent', H2H_CONFIG: home.configFile, H2H_DATA_DIR: home.dataDir, H2H_IMAP_PASSWORD: 'secret-pw' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    // A sync that hangs is ended here, so a failing case fails instead of stalling the suite.
    const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('close', (code) => {
      clearTimeout(killer);
      const events = stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
      let maxRssMb = NaN;
      try {
        maxRssMb = Number(readFileSync(rssFile, 'utf8')) / 1024;
      } catch {}
      resolve({ code, ms: Date.now() - started, events, stderr, maxRssMb });
    });
  });
}

/** What the store holds: Message-IDs and INBOX's sync record (its UID map, too-large records and next UID), read from the index. */
async function stored(home: Home) {
  const index = openMailIndex(home.dataDir);
  try {
    const metas = index.messages.byRowids(Array.from({ length: 1000 }, (_, i) => i + 1));
    return { ids: metas.map((m) => m.messageId).sort(), inbox: index.folders.folderSync('INBOX') };
  } finally {
    index.close();
  }
}

const warnings = (run: Run) => run.events.filter((e) => e.type === 'warning').map((e) => String(e.message));
const ids = (...uids: number[]) => uids.map((uid) => `<m${uid}@example.com>`).sort();

describe('h2h sync against a hostile IMAP server', () => {
  it('a FETCH without a body (BODY[] NIL, or unparsable) is warned about, keeps next-UID before it and arrives on a later sync', async () => {
    const home = await hostileHome({ inbox: inboxOf(1, 2, 3, 4), body: (uid, attempt) => (uid === 2 && attempt <= 2 ? 'nil' : uid === 3 && attempt === 1 ? 'unparsable' : 'ok') });
    const first = await sync(home);
    expect(first.code, first.stderr).toBe(0);
    expect(warnings(first).filter((w) => /UID 2\b/.test(w))).toHaveLength(1);
    expect(warnings(first).filter((w) => /UID 3\b/.test(w))).toHaveLength(1);
    // A server without CREATE keeps no shared state: said once, and the sync goes on (no more on later runs).
    expect(warnings(first).filter((w) => /^decisions not shared through the server \(.*refused CREATE.*\): status, notes and the rest stay on this machine$/.test(w))).toHaveLength(1);
    let state = await stored(home);
    expect(state.ids).toEqual(ids(1, 4));
    expect(state.inbox?.uidNext).toBe(2);

    const second = await sync(home); // UID 2 still without a body, UID 3 whole now
    expect(second.code, second.stderr).toBe(0);
    expect(warnings(second).filter((w) => /UID 2\b/.test(w))).toHaveLength(1);
    state = await stored(home);
    expect(state.ids).toEqual(ids(1, 3, 4));
    expect(state.inbox?.uidNext).toBe(2);

    const third = await sync(home);
    expect(warnings(third)).toEqual([]);
    state = await stored(home);
    expect(state.ids).toEqual(ids(1, 2, 3, 4));
    expect(state.inbox?.uidNext).toBe(5);
  });

  it('an unsolicited FETCH for a UID never asked for (4000000000) is not stored and does not move next-UID', async () => {
    const inbox = inboxOf(1, 2, 3);
    const home = await hostileHome({ inbox, strayUids: [4000000000, 2] });
    const first = await sync(home);
    expect(first.code, first.stderr).toBe(0);
    let state = await stored(home);
    expect(state.ids).toEqual(ids(1, 2, 3));
    expect(state.inbox?.uidNext).toBe(4);
    expect(Object.keys(state.inbox?.uids ?? {}).sort()).toEqual(['1', '2', '3']);

    inbox.set(4, message(4)); // later mail of the folder still syncs
    const second = await sync(home);
    expect(second.code, second.stderr).toBe(0);
    state = await stored(home);
    expect(state.ids).toEqual(ids(1, 2, 3, 4));
    expect(state.inbox?.uidNext).toBe(5);
  });

  it('messages over the 100 MiB limit (four of 400 MB, announced) are recorded too large, reported once, never downloaded; memory stays bounded', async () => {
    const huge = new Set([2, 3, 4, 5]);
    const home = await hostileHome({ inbox: inboxOf(1, 2, 3, 4, 5, 6), size: (uid) => (huge.has(uid) ? 400 * MB : message(uid).length), body: (uid) => (huge.has(uid) ? { stream: 400 * MB } : 'ok') });
    const first = await sync(home);
    expect(first.code, first.stderr).toBe(0);
    expect(warnings(first).filter((w) => /larger than h2h accepts/.test(w))).toHaveLength(4);
    const state = await stored(home);
    expect(state.ids).toEqual(ids(1, 6));
    expect(state.inbox?.tooLarge).toEqual({ 2: 400 * MB, 3: 400 * MB, 4: 400 * MB, 5: 400 * MB });
    expect(state.inbox?.uidNext).toBe(7);
    expect(first.maxRssMb).toBeLessThan(400);
    console.log(`peak RSS against announced 400 MB literals: ${first.maxRssMb.toFixed(0)} MB`);

    const fetchesBefore = home.server.commands.length;
    const second = await sync(home);
    expect(second.code).toBe(0);
    expect(warnings(second)).toEqual([]);
    expect(home.server.commands.slice(fetchesBefore).filter((c) => /^FETCH .*BODY/i.test(c))).toEqual([]);
  }, 60_000);

  it('literals far larger than announced (RFC822.SIZE says 1 KB, 400 MB streamed) cost one reconnect each, are recorded too large, and memory stays bounded', async () => {
    const liars = new Set([2, 4]);
    const home = await hostileHome({ inbox: inboxOf(1, 2, 3, 4, 5), size: (uid) => (liars.has(uid) ? 1000 : message(uid).length), body: (uid) => (liars.has(uid) ? { stream: 400 * MB } : 'ok') });
    const run = await sync(home, ['--retries', '3']);
    expect(run.code, run.stderr).toBe(0);
    const state = await stored(home);
    expect(state.ids).toEqual(ids(1, 3, 5));
    expect(Object.keys(state.inbox?.tooLarge ?? {}).sort()).toEqual(['2', '4']);
    expect(state.inbox?.uidNext).toBe(6);
    expect(warnings(run).filter((w) => /larger than h2h accepts/.test(w))).toHaveLength(2);
    expect(run.maxRssMb).toBeLessThan(400);
    console.log(`peak RSS against 400 MB literals announced as 1 KB: ${run.maxRssMb.toFixed(0)} MB`);
  }, 60_000);

  const stalls: [string, Script][] = [
    ['silent after LOGIN', { inbox: inboxOf(1), silentAfterLogin: true }],
    ['an endless untagged stream after LIST', { inbox: inboxOf(1), endlessAfter: 'LIST' }],
    ['an endless untagged stream after SELECT', { inbox: inboxOf(1), endlessAfter: 'SELECT' }],
    ['an endless untagged stream after SEARCH', { inbox: inboxOf(1, 2), endlessAfter: 'SEARCH' }],
    ['an endless stream of FETCH lines for the same message', { inbox: inboxOf(1, 2), endlessAfter: 'FETCH' }],
  ];
  it.each(stalls)('%s: exit code 4 with one clear line, within a few deadlines', async (_, script) => {
    const home = await hostileHome(script);
    const run = await sync(home);
    expect(run.code, run.stderr).toBe(ExitCode.MAIL_UNAVAILABLE);
    expect(run.stderr).toMatch(/no complete answer to .* within 1\.5 s/);
    expect(run.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    // Login and one command at most, each within the deadline, plus start-up.
    expect(run.ms).toBeLessThan(2 * deadlineSeconds * 1000 + 4000);
    console.log(`time to fail, ${_}: ${(run.ms / 1000).toFixed(1)} s`);
  });

  it('garbage lines around every answer: the sync ends in bounded time, no control byte reaches stderr, and nothing is skipped', async () => {
    const home = await hostileHome({ inbox: inboxOf(1, 2, 3), garbage: true });
    const run = await sync(home, ['--retries', '0']);
    expect([ExitCode.OK, ExitCode.MAIL_UNAVAILABLE]).toContain(run.code);
    expect(run.ms).toBeLessThan(4 * deadlineSeconds * 1000 + 4000);
    expect(run.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    const state = await stored(home);
    // Whatever was stored, next-UID never passes a message that is not.
    const storedUids = Object.keys(state.inbox?.uids ?? {}).map(Number);
    for (let uid = 1; uid < (state.inbox?.uidNext ?? 1); uid++) expect(storedUids).toContain(uid);
  });
});
