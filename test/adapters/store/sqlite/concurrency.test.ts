import { once } from 'node:events';
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { openMailIndex } from '../../../../src/adapters/store/sqlite/mail-index.js';
import { addConversation, meta, openTemp } from './index-fixture.js';

// Another writer on its own thread (as another process would be): takes the write lock, holds it until told to commit.
const holderSource = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
db.prepare('BEGIN IMMEDIATE').run();
db.prepare("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'revision'").run();
parentPort.postMessage('locked');
parentPort.on('message', () => { db.prepare('COMMIT').run(); db.close(); parentPort.postMessage('committed'); });
`;
const sqliteModule = createRequire(import.meta.url).resolve('better-sqlite3');

async function holdWriteLock(file: string): Promise<Worker> {
  const worker = new Worker(holderSource, { eval: true, workerData: { file, module: sqliteModule } });
  const [message] = (await once(worker, 'message')) as [string];
  expect(message).toBe('locked');
  return worker;
}

describe('two connections', () => {
  it('a reader is never blocked by a writer and sees a consistent snapshot until it ends its read', () => {
    const writer = openTemp();
    const reader = openMailIndex(writer.dir);
    addConversation(writer, 'c1', [{ meta: meta(), text: 'one' }]);
    const count = reader.db.prepare('SELECT count(*) FROM messages').pluck();
    const version = reader.revisions.dataVersion();

    // The writer holds an open write transaction: the reader still reads, and sees the last commit.
    writer.db.prepare('BEGIN IMMEDIATE').run();
    writer.messages.insert(writer.revisions.next(), [{ meta: meta(), conversationId: 'c1', baseSubject: '', searchText: 'two' }]);
    expect(count.get()).toBe(1);

    // A read transaction keeps its snapshot across the writer's commit.
    reader.db.prepare('BEGIN').run();
    expect(count.get()).toBe(1);
    writer.db.prepare('COMMIT').run();
    expect(count.get()).toBe(1);
    reader.db.prepare('COMMIT').run();
    expect(count.get()).toBe(2);
    expect(reader.revisions.dataVersion()).not.toBe(version);
    expect(reader.revisions.current()).toBe(writer.revisions.current());
    reader.close();
    writer.close();
  });

  it('a second writer fails at once without busy_timeout while the first holds the lock', async () => {
    const first = openTemp();
    first.close();
    const holder = await holdWriteLock(`${first.dir}/index.sqlite`);
    const impatient = openMailIndex(first.dir, { busyTimeoutMs: 0 });
    try {
      expect(() => impatient.decisions.markRead(['c1'])).toThrow(expect.objectContaining({ code: 'SQLITE_BUSY' }));
    } finally {
      holder.postMessage('commit');
      await once(holder, 'message');
      impatient.close();
      await holder.terminate();
    }
  });

  it('with busy_timeout a second writer waits for the first to commit, and both commits land', async () => {
    const first = openTemp();
    addConversation(first, 'c1', [{ meta: meta(), text: 'x' }]);
    const rev = first.revisions.current();
    first.close();
    const holder = await holdWriteLock(`${first.dir}/index.sqlite`);
    const patient = openMailIndex(first.dir); // busy_timeout 5000
    holder.postMessage('commit'); // the holder commits on its own thread while this one waits in the write below
    patient.decisions.changeTags(['c1'], ['waited'], []);
    await once(holder, 'message');
    expect(patient.revisions.current()).toBe(rev + 2);
    expect(patient.conversations.record('c1')!.state.tags).toEqual(['waited']);
    patient.close();
    await holder.terminate();
  });
});

describe('size', () => {
  it('one tag change writes a few pages to the WAL and leaves the database file as it was, whatever the mailbox size', () => {
    const index = openTemp();
    const text = 'The Koli boots I ordered are half a size too small, could I exchange them? '.repeat(8);
    for (let c = 0; c < 40; c++) addConversation(index, `c${c}`, Array.from({ length: 50 }, () => ({ meta: meta(), text })));
    index.db.pragma('wal_checkpoint(TRUNCATE)');
    const pageSize = index.db.pragma('page_size', { simple: true }) as number;
    const dbBytes = statSync(index.file).size;
    const dbMtime = statSync(index.file).mtimeMs;
    expect(statSync(`${index.file}-wal`).size).toBe(0);
    expect(dbBytes).toBeGreaterThan(200 * pageSize); // a mailbox of 2,000 messages, so "small" means something

    index.decisions.changeTags(['c17'], ['refund'], []);

    const walBytes = statSync(`${index.file}-wal`).size;
    // WAL header (32 bytes) + frames of (24-byte header + page): the tag row, its index, the conversation's state_rev and its index pages, the meta row.
    expect(walBytes).toBeGreaterThan(0);
    expect(walBytes).toBeLessThanOrEqual(32 + 10 * (24 + pageSize));
    expect(statSync(index.file).size).toBe(dbBytes);
    expect(statSync(index.file).mtimeMs).toBe(dbMtime);
    index.close();
  });
});
