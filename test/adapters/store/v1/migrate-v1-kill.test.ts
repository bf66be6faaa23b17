/**
 * A v1 → v2 migration killed with SIGKILL (migrate-child.ts, in its own process) at seeded random
 * moments and at each step: until it committed, the v1 store is the store, byte for byte; the next
 * open migrates it from the start (or finishes moving the v1 files of one that committed), and the
 * result is complete and made exactly once.
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PostalMimeParser } from '../../../../src/adapters/mime/postal-mime-parser.js';
import { migrateV1Store, migrationDirName, v1BackupDirName } from '../../../../src/adapters/store/v1/migrate-v1-store.js';
import { v1MigrationOptions } from '../../../../src/app/open-store.js';
import { suiteDir, tempDir } from '../../../helpers/temp-dir.js';

const fixtures = join(import.meta.dirname, '../../../fixtures/v1-store');
const child = join(import.meta.dirname, 'migrate-child.ts');
const seed = Number(process.env.H2H_CRASH_SEED ?? 20261205);
/** Each run costs a fresh store and a child process: a few in npm test, many in the soak run (npm run test:soak). */
const runs = Number(process.env.H2H_CRASH_RUNS ?? 3);
const killPoint = JSON.parse(readFileSync(join(fixtures, 'expected/killed/kill-point.json'), 'utf8')) as { committedSeq: number };
const listed = JSON.parse(readFileSync(join(fixtures, 'expected/killed/expected-list.json'), 'utf8')) as { id: string; messageCount: number }[];
const v1Files = ['mail.json', 'mail.json.bak', 'messages/000000.json', 'messages/000001.json', 'texts/000000.json', 'texts/000001.json'];

/** mulberry32: a small seeded generator, so a failing kill point can be run again. */
function random(s: number) {
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function unpack(into = tempDir()): string {
  execFileSync('tar', ['-xzf', join(fixtures, 'killed.tar.gz'), '-C', into]);
  return join(into, 'data');
}

/**
 * Runs the child; `killAfterMs` from when the migration started (not from the process start: tsx
 * takes a while) it is killed, unless it finished. Resolves with how long the migration ran and how it ended.
 */
function runChild(dataDir: string, kill = '', killAfterMs = Infinity): Promise<{ ms: number; code: number | null; done: boolean }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', child, dataDir, kill], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let started = 0;
    let timer: NodeJS.Timeout | undefined;
    p.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!started && out.includes('start\n')) {
        started = performance.now();
        if (Number.isFinite(killAfterMs)) timer = setTimeout(() => p.kill('SIGKILL'), killAfterMs);
      }
    });
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('error', reject);
    p.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code !== null && code !== 0) reject(new Error(`migration child failed (${code}): ${err}`));
      else resolve({ ms: performance.now() - started, code: signal ? null : code, done: out.includes('done\n') });
    });
  });
}

/** The lock of a killed process goes stale 5 s after its last refresh: let that time pass. */
function ageLock(dataDir: string) {
  const lock = join(dataDir, 'write.lock');
  const old = new Date(Date.now() - 60_000);
  if (existsSync(lock)) utimesSync(lock, old, old);
}

const originals = new Map<string, Buffer>();

/** Migrated whole, once: every committed v1 message once under its seq, every conversation, the v1 files in the backup as they were. */
function expectMigratedOnce(dataDir: string) {
  const db = new Database(join(dataDir, 'index.sqlite'), { readonly: true });
  try {
    expect(db.prepare('SELECT count(*), count(DISTINCT message_id || hash), min(rowid), max(rowid) FROM messages').raw().get()).toEqual([killPoint.committedSeq, killPoint.committedSeq, 0, killPoint.committedSeq - 1]);
    expect(db.prepare('SELECT count(*) FROM message_fts').pluck().get()).toBe(killPoint.committedSeq);
    const counts = new Map((db.prepare('SELECT id, message_count FROM conversations').all() as { id: string; message_count: number }[]).map((r) => [r.id, r.message_count]));
    expect(counts).toEqual(new Map(listed.map((r) => [r.id, r.messageCount])));
    expect(db.prepare("SELECT count(*) FROM meta WHERE key = 'migrated_from_v1'").pluck().get()).toBe(1);
  } finally {
    db.close();
  }
  for (const file of v1Files) {
    expect(existsSync(join(dataDir, file)), file).toBe(false);
    expect(readFileSync(join(dataDir, v1BackupDirName, file)).equals(originals.get(file)!), file).toBe(true);
  }
  expect(existsSync(join(dataDir, migrationDirName))).toBe(false);
}

/** Not committed: the v1 store is untouched, byte for byte, and no index is beside it. */
function expectV1Untouched(dataDir: string) {
  expect(existsSync(join(dataDir, 'index.sqlite'))).toBe(false);
  for (const file of v1Files) expect(readFileSync(join(dataDir, file)).equals(originals.get(file)!), file).toBe(true);
}

describe(`a migration killed with SIGKILL (seed ${seed})`, () => {
  let whole = 0;
  beforeAll(async () => {
    const dataDir = unpack(suiteDir());
    for (const file of v1Files) originals.set(file, readFileSync(join(dataDir, file)));
    const r = await runChild(dataDir);
    expect(r.done).toBe(true);
    whole = r.ms;
    expectMigratedOnce(dataDir);
  }, 60_000);

  const again = async (dataDir: string) => {
    ageLock(dataDir);
    await migrateV1Store(dataDir, { ...(await v1MigrationOptions(new PostalMimeParser())), lockWaitMs: 10_000 });
  };

  for (const kill of ['batch:15', 'copied', 'committed', 'moved']) {
    it(`at ${kill}: the next open finishes it, once`, async () => {
      const dataDir = unpack();
      const r = await runChild(dataDir, kill);
      expect(r.code).toBeNull();
      if (kill === 'committed' || kill === 'moved') expect(existsSync(join(dataDir, 'index.sqlite'))).toBe(true);
      else expectV1Untouched(dataDir);
      if (kill === 'committed') expect(readdirSync(dataDir)).toContain('mail.json');
      await again(dataDir);
      expectMigratedOnce(dataDir);
    }, 60_000);
  }

  it('at random moments: each kill leaves the v1 store or the migrated one, and the next open ends with it migrated once', async () => {
    const next = random(seed);
    const outcomes: string[] = [];
    for (let run = 0; run < runs; run++) {
      const dataDir = unpack();
      // Over the whole run: most of it is copying, the commit and the move come at its very end.
      const r = await runChild(dataDir, '', next() * whole * 1.05);
      const committed = existsSync(join(dataDir, 'index.sqlite'));
      outcomes.push(r.done ? 'finished' : committed ? 'killed after the commit' : 'killed before the commit');
      if (!committed) expectV1Untouched(dataDir);
      await again(dataDir);
      expectMigratedOnce(dataDir);
    }
    if (process.env.H2H_CRASH_RUNS) console.info(`migration kills (whole run ${Math.round(whole)} ms): ${outcomes.join(', ')}`);
  }, 60_000 + runs * 10_000);
});
