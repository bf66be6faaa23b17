import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileMailStore } from '../../../src/adapters/store/file-mail-store.js';
import { StoreCorruptError } from '../../../src/core/errors.js';
import { writeMbox } from '../../../bench/generate-mailbox.js';
import { readSources } from '../../../src/adapters/sources/read-sources.js';
import { repoRoot } from '../../helpers/corpus.js';
import { h2hBin, spawnCli } from '../../helpers/spawn-cli.js';
import { agent, fixture, input, rawMessage, servicesFor } from '../../helpers/store-fixture.js';
import { tempDir } from '../../helpers/temp-dir.js';

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? [path, ...walk(path)] : [path];
  });
}

const someMail = () => [
  input(rawMessage({ from: 'Anna <anna@ex.com>', to: agent.email, subject: 'Size', id: '<a@ex.com>' })),
  input(rawMessage({ from: 'Bob <bob@ex.com>', to: agent.email, subject: 'Parcel', id: '<b@ex.com>' })),
];

describe('FileMailStore', () => {
  it('keeps every file private to the user (folders 0700, files 0600)', async () => {
    const f = fixture();
    const s = await servicesFor(f);
    await s.importer.import(someMail());
    const [c] = await s.conversations.list();
    await s.conversations.tag([c.id], ['x'], []);
    await s.store.searchText('size');
    const paths = walk(f.dataDir);
    expect(paths.length).toBeGreaterThan(6);
    for (const p of [f.dataDir, ...paths]) {
      const mode = statSync(p).mode & 0o777;
      expect(mode, p).toBe(statSync(p).isDirectory() ? 0o700 : 0o600);
    }
  });

  it('tells changes made by another process from its own', async () => {
    const f = fixture();
    const s = await servicesFor(f);
    await s.importer.import(someMail());
    const [c] = await s.conversations.list();
    await s.conversations.tag([c.id], ['mine'], []);
    expect(await s.store.changedElsewhere()).toBe(false);
    const other = await servicesFor(f);
    await other.conversations.tag([c.id], ['theirs'], []);
    expect(await s.store.changedElsewhere()).toBe(true);
    await s.store.refresh();
    expect(await s.store.changedElsewhere()).toBe(false);
  });

  it('never rewrites a raw message file', async () => {
    const store = await FileMailStore.open(join(tempDir(), 'data'));
    const raw = rawMessage({ from: 'a@ex.com', to: 'b@ex.com', subject: 's' });
    const hash = await store.writeRaw(raw);
    const path = join(store.dataDir, 'raw', hash.slice(0, 2), `${hash}.eml`);
    const before = statSync(path, { bigint: true });
    expect(await store.writeRaw(raw)).toBe(hash);
    const after = statSync(path, { bigint: true });
    expect([after.ino, after.mtimeNs]).toEqual([before.ino, before.mtimeNs]);
    expect((await store.readRaw(hash)).equals(raw)).toBe(true);
  });

  it('refuses a damaged state file and leaves it as it was', async () => {
    const f = fixture();
    const s = await servicesFor(f);
    await s.importer.import(someMail());
    const [c] = await s.conversations.list();
    await s.conversations.tag([c.id], ['keep'], []);
    const stateFile = join(f.dataDir, 'state.json');
    const good = readFileSync(stateFile, 'utf8');
    writeFileSync(stateFile, good.slice(0, good.length / 2));
    await expect(FileMailStore.open(f.dataDir)).rejects.toThrow(StoreCorruptError);
    const cli = await spawnCli(['list'], { env: f.env });
    expect(cli.code).toBe(1);
    expect(cli.stderr.trim().split('\n')).toHaveLength(1);
    expect(cli.stderr).toContain('state.json is damaged');
    expect(readFileSync(stateFile, 'utf8')).toBe(good.slice(0, good.length / 2));
  });

  it('changes only the small state file when a tag is written', async () => {
    const f = fixture();
    const s = await servicesFor(f);
    await s.importer.import(someMail());
    const [c] = await s.conversations.list();
    const stamp = (p: string) => statSync(join(f.dataDir, p), { bigint: true }).mtimeNs;
    const before = [stamp('mail.json'), stamp('messages/000000.json')];
    await s.conversations.tag([c.id], ['refund'], []);
    expect([stamp('mail.json'), stamp('messages/000000.json')]).toEqual(before);
  });

  it('sees mail another process committed over the leftover tail of an interrupted import', async () => {
    const f = fixture();
    const mbox = join(f.root, 'mail.mbox');
    await writeMbox(mbox, 1000, 5);
    const writer = await servicesFor(f);
    await writer.importer.import(readSources([mbox]).inputs);
    // An import killed after writing its shard but before committing leaves seqs 1000–1999 in the file, uncommitted.
    const shardFile = join(f.dataDir, 'messages/000000.json');
    const shard = JSON.parse(readFileSync(shardFile, 'utf8'));
    const leftover = Array.from({ length: 1000 }, (_, i) => ({ ...shard.messages[0], seq: 1000 + i, subject: 'leftover of a crash' }));
    writeFileSync(shardFile, JSON.stringify({ ...shard, messages: [...shard.messages, ...leftover] }));
    const reader = await servicesFor(f);
    expect(await reader.store.messages([0, 1000])).toHaveLength(1); // the tail is not committed, so not there
    await writer.importer.import([input(rawMessage({ from: 'New <new@ex.com>', to: agent.email, subject: 'After the crash', id: '<after@ex.com>' }))]);
    await reader.store.refresh();
    expect((await reader.store.messages([1000])).map((m) => m.subject)).toEqual(['After the crash']);
  });

  it('loses none of 200 tag changes written by two processes at once', async () => {
    const f = fixture();
    const s = await servicesFor(f);
    await s.importer.import(someMail());
    const [c] = await s.conversations.list();
    const worker = join(repoRoot, 'test/helpers/tag-worker.ts');
    const run = (prefix: string) =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', worker, f.configFile, f.dataDir, c.id, prefix, '100'], { cwd: repoRoot });
        let out = '';
        let err = '';
        child.stdout.on('data', (d) => (out += d));
        child.stderr.on('data', (d) => (err += d));
        child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`worker ${prefix} exited ${code}: ${err}`))));
      });
    await Promise.all([run('a'), run('b')]);
    const fresh = await servicesFor(f);
    const tags = (await fresh.conversations.get(c.id)).tags;
    expect(tags).toHaveLength(200);
    for (let i = 0; i < 100; i++) expect(tags).toEqual(expect.arrayContaining([`a${i}`, `b${i}`]));
  }, 120_000);

  it('survives kill -9 during an import: nothing lost, nothing doubled', async () => {
    const f = fixture();
    const mbox = join(f.root, 'big.mbox');
    await writeMbox(mbox, 1500, 7);

    for (const waitFor of [1, 2, 4]) {
      // Kill the import after it has committed `waitFor` batches of 100 messages.
      const child = spawn(process.execPath, [h2hBin, 'import', '--batch-size', '100', mbox], { env: { ...process.env, ...f.env }, stdio: 'ignore' });
      const exited = new Promise((resolve) => child.on('exit', resolve));
      await expect
        .poll(
          () => {
            try {
              return JSON.parse(readFileSync(join(f.dataDir, 'mail.json'), 'utf8')).nextSeq >= waitFor * 100;
            } catch {
              return false;
            }
          },
          { timeout: 20_000, interval: 5 },
        )
        .toBe(true);
      child.kill('SIGKILL');
      await exited;
      const s = await servicesFor(f);
      const seqs = Object.values(s.store.mail().conversations).flatMap((c) => c.seqs);
      expect(new Set(seqs).size).toBe(seqs.length);
      expect(seqs.length).toBe(s.store.mail().nextSeq);
      const messages = await s.store.messages(seqs);
      expect(messages).toHaveLength(seqs.length);
      for (const m of messages.slice(-20)) expect((await s.store.readRaw(m.hash)).length).toBe(m.size);
    }
    const finish = await spawnCli(['import', '--json', mbox], { env: f.env });
    expect(finish.code).toBe(0);
    const s = await servicesFor(f);
    expect(s.store.mail().nextSeq).toBe(1500);
    const ids = (await s.store.messages([...Array(1500).keys()])).map((m) => m.messageId);
    expect(new Set(ids).size).toBe(1500);
    expect((await s.store.searchText('waterproof')).size).toBeGreaterThan(0);
  }, 120_000);
});
