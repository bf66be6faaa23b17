/**
 * Faults other than a kill: damaged store files, a full disk, an IMAP connection cut in the middle
 * of a FETCH, a lock left by a dead process, and files others can read. Each asserts that nothing
 * was lost or doubled and that the owner got one clear line.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer, connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { generateMessages, writeMbox } from '../../bench/generate-mailbox.js';
import { freePort } from '../mail-harness/dovecot.js';
import { appendMessages } from '../mail-harness/mailbox.js';
import { spawnCli } from '../helpers/spawn-cli.js';
import { agent, fixture, input, rawMessage, servicesFor } from '../helpers/store-fixture.js';
import { syncFixture } from '../helpers/sync-fixture.js';
import { suiteDir } from '../helpers/temp-dir.js';

const shop = `${agent.name} <${agent.email}>`;
const mail = (n: number) => input(rawMessage({ from: `C${n} <c${n}@ex.com>`, to: shop, subject: `Question ${n}`, id: `<q${n}@ex.com>`, body: `Body ${n}` }));

/** A store with a few conversations, one tagged, and each file's bytes as they were. */
async function seeded() {
  const f = fixture();
  const s = await servicesFor(f);
  await s.importer.import([mail(1), mail(2), mail(3)]);
  const [c] = await s.conversations.list();
  await s.conversations.tag([c.id], ['keep'], []);
  await s.conversations.tag([c.id], ['again'], []); // a second write: state.json.bak exists
  await s.importer.import([mail(4)]); // and mail.json.bak
  return { f, id: c.id };
}

const snapshot = (dir: string) => {
  const files: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (!name.endsWith('.lock')) files[p.slice(dir.length)] = readFileSync(p).toString('base64');
    }
  };
  walk(dir);
  return files;
};

describe('damaged store files', () => {
  const damage = { truncated: (t: Buffer) => t.subarray(0, Math.floor(t.length / 2)), garbage: () => Buffer.from('\u0000\u0001not json at all'), empty: () => Buffer.alloc(0) };
  for (const file of ['mail.json', 'state.json', 'messages/000000.json']) {
    for (const [how, harm] of Object.entries(damage)) {
      it(`${file} ${how}: refused in one line naming the file (and the backup to restore); nothing rewritten`, async () => {
        const { f, id } = await seeded();
        const path = join(f.dataDir, file);
        writeFileSync(path, harm(readFileSync(path)));
        const before = snapshot(f.dataDir);
        // A tag only reads and writes state.json: with a damaged shard it still works (and changes the snapshot), so it is not run there.
        const eml = join(f.root, 'new.eml');
        writeFileSync(eml, rawMessage({ from: 'New <new@ex.com>', to: shop, subject: 'New', id: '<new@ex.com>' }));
        for (const args of file.startsWith('messages/') ? [['show', id], ['import', eml]] : [['show', id], ['tag', id, '+more'], ['import', eml]]) {
          const r = await spawnCli(args, { env: f.env });
          expect(r.code, `${args[0]}: ${r.stderr}`).toBe(1);
          expect(r.stderr.trim().split('\n'), args[0]).toHaveLength(1);
          expect(r.stderr).toContain(`${file} is damaged`);
          if (file !== 'messages/000000.json') expect(r.stderr).toContain(`${file}.bak`);
        }
        expect(snapshot(f.dataDir)).toEqual(before);
        // Moving the backup into place, as the message says, brings the store back.
        if (file !== 'messages/000000.json') {
          writeFileSync(path, readFileSync(`${path}.bak`));
          expect((await spawnCli(['show', id], { env: f.env })).code).toBe(0);
        }
      });
    }
  }

  it('mail.json missing: after a first commit killed before it was written, an empty store; once a store has a backup, refused', async () => {
    const f = fixture();
    const s = await servicesFor(f);
    await s.importer.import([mail(1), mail(2)]); // one commit: mail.json, no backup yet
    rmSync(join(f.dataDir, 'mail.json')); // as if killed between writing messages/ and mail.json
    const mbox = join(f.root, 'three.mbox');
    writeFileSync(mbox, [1, 2, 3].map((n) => `From x@ex.com Mon Nov  2 10:00:00 2026\n${mail(n).raw.toString().replace(/\r\n/g, '\n')}`).join('\n'));
    const again = await spawnCli(['import', mbox], { env: f.env });
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse((await spawnCli(['list', '--json'], { env: f.env })).stdout)).toHaveLength(3);

    const { f: older } = await seeded(); // committed twice: mail.json.bak exists
    rmSync(join(older.dataDir, 'mail.json'));
    const r = await spawnCli(['list'], { env: older.env });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('mail.json is damaged (it is missing while messages/ holds mail)');
    expect(r.stderr).toContain('mail.json.bak');
  });

  it('a damaged texts/ shard (derived data) is parsed again from the raw files: the export still has every text', async () => {
    const { f } = await seeded();
    const before = (await spawnCli(['export', '--format', 'jsonl'], { env: f.env })).stdout;
    writeFileSync(join(f.dataDir, 'texts', '000000.json'), '{"schemaVersion":1,"shard":0,"te');
    const after = await spawnCli(['export', '--format', 'jsonl'], { env: f.env });
    expect(after.code, after.stderr).toBe(0);
    expect(after.stdout).toBe(before);
  });
});

describe('a full disk', () => {
  const mounts: string[] = [];
  afterAll(() => {
    for (const m of mounts) execFileSync('umount', [m]);
  });

  it('import and tag writes fail with one line; every file is as it was; with space again, they work', async () => {
    const root = join(suiteDir(), 'small-disk');
    mkdirSync(root);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m,mode=0700', 'tmpfs', root]);
    } catch (error) {
      throw new Error(`the full-disk test mounts a 2 MB tmpfs and needs root (it runs as root in CI): ${(error as Error).message}`);
    }
    mounts.push(root);
    const f = fixture({ agent }, root);
    const s = await servicesFor(f);
    await s.importer.import([mail(1), mail(2)]);
    const id = (await s.conversations.list())[0].id;
    await s.conversations.tag([id], ['before'], []);
    const before = snapshot(f.dataDir);
    // Someone else fills the disk but for 64 KB.
    const free = () => Number(execFileSync('df', ['-B1', '--output=avail', root]).toString().trim().split('\n')[1]);
    writeFileSync(join(root, 'filler'), Buffer.alloc(free() - 64 * 1024));

    const mbox = join(suiteDir(), 'big.mbox');
    await writeMbox(mbox, 3000, 2);
    for (const args of [['import', mbox], ['tag', id, '+during']]) {
      const r = await spawnCli(args, { env: f.env });
      expect(r.code, args[0]).toBe(1);
      expect(r.stderr.trim().split('\n'), args[0]).toHaveLength(1);
      expect(r.stderr, args[0]).toMatch(/^h2h: no space left on the disk \(ENOSPC.*that write was not made, the store is whole/);
      const now = snapshot(f.dataDir);
      // Every file there before is as it was (new ones may appear: raw files of the failed import, kept for its next run).
      for (const [file, bytes] of Object.entries(before)) expect(now[file], `${args[0]}: ${file}`).toBe(bytes);
    }

    rmSync(join(root, 'filler'));
    const list = JSON.parse((await spawnCli(['list', '--json'], { env: f.env })).stdout) as { id: string; tags: string[] }[];
    expect(list.map((c) => c.id).sort()).toEqual(Object.keys(s.store.mail().conversations).sort());
    expect(list.find((c) => c.id === id)?.tags).toEqual(['before']);
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
      // Seqs are rowids from 1, never reused: every stored message is among the first 2,000.
      const ids = s.store.messages(Array.from({ length: 2000 }, (_, i) => i + 1)).map((m) => m.messageId);
      expect(new Set(ids).size).toBe(800);
    } finally {
      await proxy.close();
    }
  }, 120_000);
});

describe('a lock left behind, and files others could read', () => {
  it('a lock whose holder died is taken over: the next write goes through', async () => {
    const { f, id } = await seeded();
    const lock = join(f.dataDir, 'write.lock');
    mkdirSync(lock);
    const old = new Date(Date.now() - 60_000);
    utimesSync(lock, old, old);
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
