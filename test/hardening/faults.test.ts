/**
 * Faults other than a kill: damaged store files (index.sqlite, owner.json), a full disk, an IMAP
 * connection cut in the middle of a FETCH, a writer killed holding the store's lock, and files
 * others can read. Each asserts that nothing was lost or doubled and that the owner got one clear line.
 */
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { generateMessages, writeMbox } from '../../bench/generate-mailbox.js';
import { freePort } from '../mail-harness/dovecot.js';
import { appendMessages } from '../mail-harness/mailbox.js';
import { repoRoot } from '../helpers/corpus.js';
import { spawnCli } from '../helpers/spawn-cli.js';
import { agent, fixture, input, rawMessage, servicesFor } from '../helpers/store-fixture.js';
import { syncFixture } from '../helpers/sync-fixture.js';
import { suiteDir } from '../helpers/temp-dir.js';

const shop = `${agent.name} <${agent.email}>`;
const mail = (n: number) => input(rawMessage({ from: `C${n} <c${n}@ex.com>`, to: shop, subject: `Question ${n}`, id: `<q${n}@ex.com>`, body: `Body ${n}` }));

/** A store with a few conversations, one tagged; closed, so everything is in index.sqlite (no -wal). */
async function seeded(root?: string) {
  const f = fixture({ agent }, root);
  const s = await servicesFor(f);
  await s.importer.import([mail(1), mail(2), mail(3)]);
  const [c] = await s.conversations.list();
  await s.conversations.tag([c.id], ['keep'], []);
  await s.conversations.tag([c.id], ['again'], []); // owner.json holds an undo record
  await s.store.close();
  return { f, id: c.id };
}

const snapshot = (dir: string) => {
  const files: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else files[p.slice(dir.length)] = readFileSync(p).toString('base64');
    }
  };
  walk(dir);
  return files;
};

describe('damaged store files', () => {
  const damage: Record<string, (t: Buffer) => Buffer> = {
    'cut short': (t) => t.subarray(0, Math.floor(t.length / 2)),
    'garbage over its header': (t) => Buffer.concat([Buffer.from('\u0000\u0001not a database at all'.padEnd(100, '!')), t.subarray(100)]),
    emptied: () => Buffer.alloc(0),
  };
  for (const file of ['index.sqlite', 'owner.json']) {
    for (const [how, harm] of Object.entries(damage)) {
      if (file === 'owner.json' && how === 'garbage over its header') continue;
      it(`${file} ${how}: refused in one line naming the file; nothing rewritten`, async () => {
        const { f, id } = await seeded();
        const path = join(f.dataDir, file);
        const good = readFileSync(path);
        writeFileSync(path, harm(good));
        const before = snapshot(f.dataDir);
        const eml = join(f.root, 'new.eml');
        writeFileSync(eml, rawMessage({ from: 'New <new@ex.com>', to: shop, subject: 'New', id: '<new@ex.com>' }));
        // owner.json holds drafts, the outbox and the undo record: a tag (which records its undo) reads it; show and import need not.
        for (const args of file === 'owner.json' ? [['tag', id, '+more'], ['undo']] : [['show', id], ['tag', id, '+more'], ['import', eml], ['list']]) {
          const r = await spawnCli(args, { env: f.env });
          expect(r.code, `${args[0]}: ${r.stderr}`).toBe(1);
          expect(r.stderr.trim().split('\n'), args[0]).toHaveLength(1);
          expect(r.stderr, args[0]).toContain(`${path} is damaged`);
          expect(r.stderr, args[0]).toContain('h2h will not overwrite it');
        }
        expect(snapshot(f.dataDir)).toEqual(before);
        // The good file put back (a backup), the store works again.
        writeFileSync(path, good);
        expect((await spawnCli(['show', id], { env: f.env })).code).toBe(0);
      });
    }
  }

  it('index.sqlite damaged inside (pages a query reads): one line naming the file, not an internal error', async () => {
    const { f, id } = await seeded();
    const path = join(f.dataDir, 'index.sqlite');
    const bytes = readFileSync(path);
    // Every page but the first (the schema) overwritten: the header and the file size still look whole.
    const pageSize = bytes.readUInt16BE(16);
    bytes.fill(0x5a, pageSize);
    writeFileSync(path, bytes);
    const before = snapshot(f.dataDir);
    for (const args of [['show', id], ['list'], ['tag', id, '+more']]) {
      const r = await spawnCli(args, { env: f.env });
      expect(r.code, `${args[0]}: ${r.stderr}`).toBe(1);
      expect(r.stderr.trim().split('\n'), args[0]).toHaveLength(1);
      expect(r.stderr, args[0]).toContain(`${path} is damaged`);
    }
    expect(snapshot(f.dataDir)).toEqual(before);
  });

  it('an empty index.sqlite in a folder with no mail yet is a first open that was stopped: the store starts', async () => {
    const f = fixture();
    mkdirSync(f.dataDir, { recursive: true, mode: 0o700 });
    writeFileSync(join(f.dataDir, 'index.sqlite'), '');
    const r = await spawnCli(['list', '--json'], { env: f.env });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([]);
  });
});

describe('a full disk', () => {
  const mounts: string[] = [];
  afterAll(() => {
    for (const m of mounts) execFileSync('umount', [m]);
  });

  it('import and tag writes fail with one line; the store is as it was; with space again, they work', async () => {
    const root = join(suiteDir(), 'small-disk');
    mkdirSync(root);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m,mode=0700', 'tmpfs', root]);
    } catch (error) {
      throw new Error(`the full-disk test mounts a 2 MB tmpfs and needs root (it runs as root in CI): ${(error as Error).message}`);
    }
    mounts.push(root);
    const { f, id } = await seeded(root);
    const listed = async () => JSON.parse((await spawnCli(['list', '--json'], { env: f.env })).stdout) as { id: string; tags: string[] }[];
    const before = await listed();
    const files = snapshot(f.dataDir);
    // Someone else fills the disk.
    const free = () => Number(execFileSync('df', ['-B1', '--output=avail', root]).toString().trim().split('\n')[1]);
    writeFileSync(join(root, 'filler'), Buffer.alloc(free()));

    const mbox = join(suiteDir(), 'big.mbox');
    await writeMbox(mbox, 3000, 2);
    for (const args of [['import', mbox], ['tag', id, '+during']]) {
      const r = await spawnCli(args, { env: f.env });
      expect(r.code, `${args[0]}: ${r.stderr}`).toBe(1);
      expect(r.stderr.trim().split('\n'), args[0]).toHaveLength(1);
      expect(r.stderr, args[0]).toMatch(/^h2h: no space left on the disk \(ENOSPC.*that write was not made, the store is whole/);
      // The index and the owner's documents are as they were (raw files of the failed import may stay, for its next run).
      const now = snapshot(f.dataDir);
      for (const file of ['/index.sqlite', '/owner.json']) expect(now[file], `${args[0]}: ${file}`).toBe(files[file]);
    }

    rmSync(join(root, 'filler'));
    expect(await listed()).toEqual(before);
    expect(before.find((c) => c.id === id)?.tags).toEqual(['again', 'keep']);
    expect((await spawnCli(['tag', id, '+after'], { env: f.env })).code).toBe(0);
  }, 120_000);
});

describe('IMAP connection cut in the middle of a FETCH', () => {
  const { dovecot } = inject('mail');

  /** A TCP proxy to Dovecot that cuts its first connection after `cutAfter` bytes from the server; later ones pass. */
  async function cuttingProxy(cutAfter: number) {
    const port = await freePort();
    let connections = 0;
    const sockets: Socket[] = [];
    const server = createServer((client) => {
      const n = ++connections;
      const upstream = connect(dovecot.port, '127.0.0.1');
      sockets.push(client, upstream);
      let passed = 0;
      upstream.on('data', (chunk: Buffer) => {
        passed += chunk.length;
        if (n === 1 && passed > cutAfter) {
          client.destroy();
          upstream.destroy();
          return;
        }
        client.write(chunk);
      });
      client.on('data', (chunk) => upstream.write(chunk));
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
    return { port, connections: () => connections, close: () => (sockets.forEach((s) => s.destroy()), new Promise<void>((r) => server.close(() => r()))) };
  }

  it('the sync reconnects and ends with every message exactly once', async () => {
    const f = await syncFixture(dovecot);
    const messages = [...generateMessages(800, 11)].map((m) => m.raw);
    await appendMessages(dovecot, f.user, 'INBOX', messages);
    const proxy = await cuttingProxy(messages.slice(0, 300).reduce((n, m) => n + m.length, 0)); // well into the FETCH
    try {
      const config = JSON.parse(readFileSync(f.configFile, 'utf8'));
      config.account.imap.port = proxy.port;
      writeFileSync(f.configFile, JSON.stringify(config), { mode: 0o600 });
      const first = await spawnCli(['sync', '--json'], { env: f.env });
      expect(proxy.connections()).toBeGreaterThan(1); // cut, then reconnected
      expect([0, 4], first.stderr).toContain(first.code);
      const finish = await spawnCli(['sync', '--json'], { env: f.env });
      expect(finish.code, finish.stderr).toBe(0);
      const list = JSON.parse((await spawnCli(['list', '--json'], { env: f.env })).stdout) as { messageCount: number }[];
      expect(list.reduce((n, c) => n + c.messageCount, 0)).toBe(800);
      const s = await servicesFor(f as never);
      const seqs = (await s.conversations.list()).flatMap((c) => c.record.seqs);
      const ids = s.store.messages(seqs).map((m) => m.messageId);
      expect(ids).toHaveLength(800);
      expect(new Set(ids).size).toBe(800);
    } finally {
      await proxy.close();
    }
  }, 120_000);
});

describe('a writer killed holding the lock, and files others could read', () => {
  it('a process killed inside a write transaction does not hold the store: the next write goes through', async () => {
    const { f, id } = await seeded();
    // Takes SQLite's write lock (BEGIN IMMEDIATE, a row written) and is killed before COMMIT.
    const holder = spawn(process.execPath, ['--input-type=module', '-e', `
      import Database from 'better-sqlite3';
      const db = new Database(${JSON.stringify(join(f.dataDir, 'index.sqlite'))});
      db.pragma('journal_mode = WAL');
      db.prepare('BEGIN IMMEDIATE').run();
      db.prepare("UPDATE meta SET value = 'held' WHERE key = 'revision'").run();
      process.stdout.write('holding\\n');
      setInterval(() => {}, 1000);`], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => holder.stdout.on('data', (d: Buffer) => d.toString().includes('holding') && resolve()));
    holder.kill('SIGKILL');
    await new Promise((resolve) => holder.on('close', resolve));
    const r = await spawnCli(['tag', id, '+after-crash'], { env: f.env });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse((await spawnCli(['show', id, '--json'], { env: f.env })).stdout).tags).toContain('after-crash');
  });

  it('warns about a config others can read, and makes a store folder others could enter private again', async () => {
    const { f } = await seeded();
    chmodSync(f.configFile, 0o644);
    chmodSync(f.dataDir, 0o755);
    const r = await spawnCli(['list'], { env: f.env });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`warning: ${f.configFile} is readable by other users; run: chmod 600`);
    expect(statSync(f.dataDir).mode & 0o777).toBe(0o700);
  });
});
