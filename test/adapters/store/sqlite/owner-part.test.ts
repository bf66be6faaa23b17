import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteMailStore, type SqliteMailStore } from '../../../../src/adapters/store/sqlite/sqlite-mail-store.js';
import { StoreCorruptError } from '../../../../src/core/errors.js';
import type { Draft, OutboxEntry, UndoRecord } from '../../../../src/core/ports/mail-store.js';
import { tempDir } from '../../../helpers/temp-dir.js';

const opened: SqliteMailStore[] = [];
afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
});

async function open(dir: string): Promise<SqliteMailStore> {
  const store = await openSqliteMailStore(dir);
  opened.push(store);
  return store;
}

const draft = (conversationId: string, text = 'Hi Anna,\n\nthanks', baseSeq = 3): Draft => ({ conversationId, text, baseSeq, updatedAt: '2026-11-02T10:00:00.000Z' });

const entry = (id: string, queuedAt: string, status: OutboxEntry['status'] = 'queued'): OutboxEntry => ({
  id,
  conversationId: 'c1',
  answersSeq: 2,
  baseSeq: 3,
  messageId: `<${id}@shop.example>`,
  hash: 'a'.repeat(64),
  from: 'riitta@shop.example',
  to: ['anna@example.com'],
  subject: 'Re: parcel',
  text: 'Sent today.',
  queuedAt,
  notBefore: queuedAt,
  status,
  attempts: 0,
});

const undo: UndoRecord = { action: 'close 1 conversation', at: '2026-11-02T10:00:00.000Z', changes: [{ id: 'c1', before: { status: 'open', tags: [] }, after: { status: 'closed', tags: [] } }] };

const ownerFile = (dir: string) => join(dir, 'owner.json');
/** What identifies the file version on disk: a rewrite renames a new inode into place. */
const stampOf = (file: string) => {
  const s = statSync(file, { bigint: true });
  return `${s.ino}:${s.mtimeNs}`;
};

describe('owner.json through the SQLite store', () => {
  it('keeps drafts, outbox entries and the undo record across reopening, as a versioned document', async () => {
    const dir = tempDir();
    const store = await open(dir);
    expect(store.outbox()).toEqual([]);
    expect(store.draft('c1')).toBeUndefined();
    expect(store.undoRecord()).toBeUndefined();

    await store.transact((tx) => {
      tx.putDraft(draft('c1'));
      tx.putOutboxEntry(entry('b', '2026-11-02T10:05:00.000Z'));
      tx.putOutboxEntry(entry('a', '2026-11-02T10:01:00.000Z'));
      tx.setUndoRecord(undo);
      // The transaction sees its own writes.
      expect(tx.outboxEntry('a')?.queuedAt).toBe('2026-11-02T10:01:00.000Z');
    });
    await store.close();
    opened.splice(opened.indexOf(store), 1);

    const again = await open(dir);
    expect(again.draft('c1')).toEqual(draft('c1'));
    expect(again.drafts()).toEqual([draft('c1')]);
    expect(again.outbox().map((e) => e.id)).toEqual(['a', 'b']);
    expect(again.outboxEntry('b')).toEqual(entry('b', '2026-11-02T10:05:00.000Z'));
    expect(again.undoRecord()).toEqual(undo);
    const doc = JSON.parse(readFileSync(ownerFile(dir), 'utf8'));
    expect(doc.version).toBe(1);
    expect(Object.keys(doc.outbox).sort()).toEqual(['a', 'b']);

    await again.transact((tx) => {
      tx.removeDraft('c1');
      tx.removeOutboxEntry('a');
      tx.setUndoRecord(undefined);
    });
    expect(again.drafts()).toEqual([]);
    expect(again.outbox().map((e) => e.id)).toEqual(['b']);
    expect(again.undoRecord()).toBeUndefined();
  });

  it('writes the file 0600 and leaves no temp file behind', async () => {
    const dir = tempDir();
    const store = await open(dir);
    await store.transact((tx) => tx.putDraft(draft('c1')));
    expect(statSync(ownerFile(dir)).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).filter((name) => name.includes('owner'))).toEqual(['owner.json']);
  });

  it('a transaction that fails leaves the file untouched, and the store forgets its changes', async () => {
    const dir = tempDir();
    const store = await open(dir);
    await store.transact((tx) => tx.putDraft(draft('c1', 'first')));
    const before = readFileSync(ownerFile(dir), 'utf8');
    const stamp = stampOf(ownerFile(dir));

    await expect(
      store.transact((tx) => {
        tx.putDraft(draft('c1', 'second'));
        tx.putOutboxEntry(entry('a', '2026-11-02T10:01:00.000Z'));
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');

    expect(readFileSync(ownerFile(dir), 'utf8')).toBe(before);
    expect(stampOf(ownerFile(dir))).toBe(stamp);
    expect(store.draft('c1')?.text).toBe('first');
    expect(store.outbox()).toEqual([]);
    // The next transaction starts from the file, not from the failed one's leftovers.
    await store.transact((tx) => {
      expect(tx.draft('c1')?.text).toBe('first');
      expect(tx.outbox()).toEqual([]);
    });
  });

  it('does not rewrite the file when a transaction changed nothing in it', async () => {
    const dir = tempDir();
    const store = await open(dir);
    await store.transact((tx) => {
      tx.putDraft(draft('c1'));
      tx.putOutboxEntry(entry('a', '2026-11-02T10:01:00.000Z'));
    });
    const stamp = stampOf(ownerFile(dir));

    await store.transact((tx) => {
      tx.draft('c1');
      tx.putDraft(draft('c1'));
      tx.putOutboxEntry(entry('a', '2026-11-02T10:01:00.000Z'));
      tx.removeDraft('c9');
      tx.removeOutboxEntry('zz');
      tx.setUndoRecord(undefined);
    });
    await store.transact(() => {});
    expect(stampOf(ownerFile(dir))).toBe(stamp);

    // No file is created by a transaction that writes nothing to it.
    const empty = tempDir();
    const other = await open(empty);
    await other.transact((tx) => tx.outbox());
    expect(readdirSync(empty)).not.toContain('owner.json');
  });

  it('two stores on one data folder see each other’s commits, and a transaction never loses the other’s write', async () => {
    const dir = tempDir();
    const one = await open(dir);
    const two = await open(dir);
    expect(two.outbox()).toEqual([]); // two has read (and cached) the document before one writes

    await one.transact((tx) => tx.putOutboxEntry(entry('a', '2026-11-02T10:01:00.000Z')));
    expect(two.outbox().map((e) => e.id)).toEqual(['a']);

    await two.transact((tx) => tx.putOutboxEntry({ ...tx.outboxEntry('a')!, status: 'sending', attempts: 1 }));
    await two.transact((tx) => tx.putDraft(draft('c2')));
    expect(one.outboxEntry('a')?.status).toBe('sending');
    await one.transact((tx) => tx.putDraft(draft('c3')));
    expect(two.drafts().map((d) => d.conversationId).sort()).toEqual(['c2', 'c3']);
    expect(two.outboxEntry('a')?.status).toBe('sending');
  });

  it('hands out copies: changing a value read changes nothing stored', async () => {
    const dir = tempDir();
    const store = await open(dir);
    await store.transact((tx) => tx.putOutboxEntry(entry('a', '2026-11-02T10:01:00.000Z')));
    const read = store.outboxEntry('a')!;
    read.status = 'sent';
    expect(store.outboxEntry('a')?.status).toBe('queued');
  });

  it('refuses a write outside a transaction', async () => {
    const store = await open(tempDir());
    let escaped: Parameters<Parameters<SqliteMailStore['transact']>[0]>[0] | undefined;
    await store.transact((tx) => {
      escaped = tx;
    });
    expect(() => escaped!.putDraft(draft('c1'))).toThrow(/outside a transaction/);
  });

  it.each([
    ['empty', '', /owner\.json is damaged \(the file is empty\)/],
    ['cut short', '{"version":1,"drafts":{', /owner\.json is damaged \(not valid JSON/],
    ['not ours', '{"hello":"world"}', /owner\.json is damaged \(no version/],
    ['from a newer h2h', '{"version":2,"drafts":{},"outbox":{},"undo":null}', /version 2, written by a newer h2h/],
    ['wrong shape', '{"version":1,"drafts":[],"outbox":{},"undo":null}', /drafts is not an object/],
    ['a damaged entry', '{"version":1,"drafts":{},"outbox":{"a":{"id":"b"}},"undo":null}', /outbox entry a is damaged/],
  ])('a damaged file (%s) is a one-line error naming it, and is never overwritten', async (_, text, message) => {
    const dir = tempDir();
    const store = await open(dir);
    writeFileSync(ownerFile(dir), text, { mode: 0o600 });

    expect(() => store.outbox()).toThrow(StoreCorruptError);
    expect(() => store.outbox()).toThrow(message);
    try {
      store.outbox();
    } catch (error) {
      expect((error as Error).message).toContain(ownerFile(dir));
      expect((error as Error).message).not.toContain('\n');
    }
    await expect(store.transact((tx) => tx.putDraft(draft('c1')))).rejects.toThrow(StoreCorruptError);
    expect(readFileSync(ownerFile(dir), 'utf8')).toBe(text);
  });
});
