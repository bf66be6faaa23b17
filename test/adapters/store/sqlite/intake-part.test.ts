/**
 * The intake part of the SQLite store through the real ImportService: dedupe as queries (duplicates,
 * copies, shared Message-IDs across batches and processes), grouping lookups, merges that keep the
 * owner's decisions, customers' names by date, and rollback of a batch that changes nothing.
 */
import { describe, expect, it } from 'vitest';
import type { MailStore } from '../../../../src/core/ports/mail-store.js';
import { ImportService } from '../../../../src/core/services/import-service.js';
import { systemClock } from '../../../../src/core/ports/clock.js';
import { openMailIndex } from '../../../../src/adapters/store/sqlite/mail-index.js';
import { agent, input, rawMessage } from '../../../helpers/store-fixture.js';
import { allMessages, conversationsOf, importFixture } from '../../../helpers/import-fixture.js';

const anna = 'Anna Virtanen <anna@ex.com>';
const shop = `${agent.name} <${agent.email}>`;
const day = (d: number) => `Mon, ${String(d).padStart(2, '0')} Nov 2026 10:00:00 +0000`;

describe('intake part', () => {
  it('answers dedupe lookups: hashes of messages and copies with their seq, messages by Message-ID', async () => {
    const f = await importFixture();
    const a = rawMessage({ from: anna, to: shop, subject: 'Size', id: '<a@ex.com>' });
    const copy = Buffer.concat([Buffer.from('Received: from relay2 by mx; Mon, 02 Nov 2026 10:00:05 +0000\r\n'), a]);
    expect(await f.importer.import([input(a), input(copy)])).toMatchObject({ added: 1, copies: 1 });
    const [m] = allMessages(f);
    const known = f.store.knownHashes([m.hash, (await f.store.writeRaw(copy)), 'f'.repeat(64)]);
    expect([...known.values()]).toEqual([m.seq, m.seq]);
    expect(f.store.messagesById(['<a@ex.com>', '<none@ex.com>'])).toEqual([
      { seq: m.seq, messageId: '<a@ex.com>', isSyntheticId: false, hash: m.hash, content: m.content, size: m.size, customer: 'anna@ex.com', conversationId: expect.any(String) },
    ]);
    expect(f.store.keptCopies()).toEqual([{ seq: m.seq, hashes: [expect.stringMatching(/^[0-9a-f]{64}$/)] }]);
  });

  it('reads the copy-review flag as the v1 migration records it (copy-v1-rows.ts) and writes it the same way', async () => {
    const f = await importFixture();
    const index = openMailIndex(f.dataDir);
    const flag = index.db.prepare("SELECT value FROM meta WHERE key = 'copies_reviewed'").pluck();
    expect(f.store.copiesReviewed()).toBe(false);
    await f.store.transact((tx) => tx.setCopiesReviewed());
    expect(flag.get()).toBe('1');
    index.db.prepare("DELETE FROM meta WHERE key = 'copies_reviewed'").run();
    expect(f.store.copiesReviewed()).toBe(false);
    index.db.prepare("INSERT INTO meta(key, value) VALUES ('copies_reviewed', '1')").run();
    expect(f.store.copiesReviewed()).toBe(true);
    index.close();
  });

  it('a batch of only known mail commits nothing: no new revision', async () => {
    const f = await importFixture();
    const mail = [rawMessage({ from: anna, to: shop, subject: 'Size', id: '<a@ex.com>' })];
    await f.importer.import(mail.map((m) => input(m)));
    const rev = f.store.revision();
    const placed: number[] = [];
    const again = await f.importer.import(mail.map((m) => input(m)), { onCommit: (_tx, p) => (placed.push(...p.map((x) => x.seq)), false) });
    expect(again).toMatchObject({ added: 0, duplicates: 1 });
    expect(placed).toEqual([allMessages(f)[0].seq]);
    expect(f.store.revision()).toBe(rev);
  });

  it('what onCommit writes on tx commits with the batch (and rolls back with it)', async () => {
    const f = await importFixture();
    const mail = [rawMessage({ from: anna, to: shop, subject: 'Size', id: '<a@ex.com>' })];
    await expect(
      f.importer.import(mail.map((m) => input(m)), {
        onCommit: (tx) => {
          tx.setCopiesReviewed();
          throw new Error('caller failed');
        },
      }),
    ).rejects.toThrow('caller failed');
    expect(allMessages(f)).toEqual([]);
    expect(f.store.copiesReviewed()).toBe(false);
    await f.importer.import(mail.map((m) => input(m)), { onCommit: (tx) => (tx.setCopiesReviewed(), true) });
    expect(allMessages(f)).toHaveLength(1);
    expect(f.store.copiesReviewed()).toBe(true);
  });

  it('groups across imports through the store: replies stored before their parent, shared references, the subject rule', async () => {
    const f = await importFixture();
    await f.importer.import([input(rawMessage({ from: shop, to: anna, subject: 'Re: Lost', id: '<r1@shop.example>', irt: '<q1@ex.com>', date: day(3) }))]);
    await f.importer.import([input(rawMessage({ from: anna, to: shop, subject: 'Lost', id: '<q1@ex.com>', date: day(2) }))]);
    await f.importer.import([input(rawMessage({ from: anna, to: shop, subject: 'Re: Lost', id: '<q2@ex.com>', refs: '<q1@ex.com>', date: day(4) }))]);
    await f.importer.import([input(rawMessage({ from: anna, to: shop, subject: 'Invoice', id: '<i1@ex.com>', date: day(5) }))]);
    await f.importer.import([input(rawMessage({ from: anna, to: shop, subject: 'Re: Invoice', id: '<i2@ex.com>', date: day(9) }))]);
    await f.importer.import([input(rawMessage({ from: 'Bob <bob@ex.com>', to: shop, subject: 'Invoice', id: '<b1@ex.com>', date: day(6) }))]);
    const groups = [...conversationsOf(f).values()].map((ids) => ids.sort().join(' ')).sort();
    expect(groups).toEqual(['<b1@ex.com>', '<i1@ex.com> <i2@ex.com>', '<q1@ex.com> <q2@ex.com> <r1@shop.example>']);
  });

  it('a late message linking two conversations merges them: the first one survives with both sides’ decisions', async () => {
    const f = await importFixture();
    await f.importer.import([input(rawMessage({ from: anna, to: shop, subject: 'Part one', id: '<c1@ex.com>', refs: '<root@ex.com>', date: day(2) }))]);
    await f.importer.import([input(rawMessage({ from: anna, to: shop, subject: 'Part two', id: '<c2@ex.com>', refs: '<other@ex.com>', date: day(3) }))]);
    const [first, second] = [...conversationsOf(f).entries()].sort((a, b) => a[1][0].localeCompare(b[1][0])).map(([id]) => id);
    const index = openMailIndex(f.dataDir);
    index.decisions.changeTags([first], ['refund'], []);
    index.decisions.changeTags([second], ['urgent'], []);
    index.decisions.addNote({ conversationId: second }, { id: 'n1', text: 'called her', at: '2026-11-03T12:00:00.000Z' });
    index.decisions.setStatus([first], 'waiting');
    index.decisions.setStatus([second], 'closed');
    index.decisions.markRead([second]);
    await f.importer.import([input(rawMessage({ from: anna, to: shop, subject: 'Both', id: '<c3@ex.com>', refs: '<root@ex.com> <other@ex.com>', date: day(1) }))]);
    expect([...conversationsOf(f).keys()]).toEqual([first]);
    expect(index.conversations.resolve(second)).toBe(first);
    const { record, state } = index.conversations.record(first)!;
    expect(record.seqs).toHaveLength(3);
    expect(state.tags).toEqual(['refund', 'urgent']);
    expect(state.notes?.map((n) => n.text)).toEqual(['called her']);
    // The later decision (closing the second) wins; its read mark carries over.
    expect(state.status).toBe('closed');
    expect(state.readSeq).toBeGreaterThanOrEqual(0);
    expect(index.db.prepare('SELECT count(*) FROM conversation_tags WHERE conversation_id = ?').pluck().get(second)).toBe(0);
    index.close();
  });

  it('keeps a customer’s name from their newest mail, whatever the import order', async () => {
    const f = await importFixture();
    await f.importer.import([input(rawMessage({ from: 'Anna V. <anna@ex.com>', to: shop, subject: 'New', id: '<n@ex.com>', date: day(9) }))]);
    await f.importer.import([input(rawMessage({ from: 'anna <anna@ex.com>', to: shop, subject: 'Old', id: '<o@ex.com>', date: day(2) }))]);
    const index = openMailIndex(f.dataDir);
    expect(index.customers.get('anna@ex.com')?.name).toBe('Anna V.');
    index.close();
  });

  it('sees what another process committed between two batches (no cache of the mailbox)', async () => {
    const f = await importFixture();
    const other = await importFixture({ dataDir: f.dataDir });
    const a = rawMessage({ from: anna, to: shop, subject: 'Size', id: '<a@ex.com>' });
    await other.importer.import([input(a)]);
    expect(await f.importer.import([input(a)])).toMatchObject({ added: 0, duplicates: 1 });
    await f.importer.import([input(rawMessage({ from: anna, to: shop, subject: 'Re: Size', id: '<b@ex.com>', irt: '<a@ex.com>', date: day(3) }))]);
    expect([...conversationsOf(f).values()]).toEqual([['<a@ex.com>', '<b@ex.com>']]);
    await other.store.close();
  });

  it('an import reads what its own mail touches, not the mailbox: one new reply in a store of 400 messages reads a handful of rows', async () => {
    const f = await importFixture();
    const mail = Array.from({ length: 400 }, (_, i) =>
      rawMessage({ from: `C${i % 100} <c${i % 100}@ex.com>`, to: shop, subject: `Order ${i % 100}`, id: `<m${i}@ex.com>`, refs: i >= 100 ? `<m${i % 100}@ex.com>` : undefined, date: day(1 + (i % 20)) }),
    );
    await f.importer.import(mail.map((m) => input(m)));
    // Every read the import makes, through the store or its transaction, counted by the rows it returns.
    let rows = 0;
    const count = (value: unknown): unknown => {
      if (Array.isArray(value)) rows += value.length;
      else if (value instanceof Map) rows += value.size;
      else if (value && typeof value === 'object') return counted(value as object);
      return value;
    };
    const counted = <T extends object>(target: T): T =>
      new Proxy(target, {
        get(t, prop) {
          const v = Reflect.get(t, prop) as unknown;
          if (typeof v !== 'function') return v;
          if (prop === 'transact') return (fn: (tx: unknown) => unknown) => (t as unknown as MailStore).transact((tx) => fn(counted(tx)));
          return (...args: unknown[]) => count((v as (...a: unknown[]) => unknown).apply(t, args));
        },
      });
    const importer = new ImportService(counted(f.store), f.parser, { shopAddresses: new Set([agent.email]), subjectWindowDays: 30 }, systemClock);
    const report = await importer.import([input(rawMessage({ from: shop, to: 'C7 <c7@ex.com>', subject: 'Re: Order 7', id: '<reply@shop.example>', irt: '<m7@ex.com>', date: day(25) }))]);
    expect(report).toMatchObject({ added: 1, conversationsUpdated: 1 });
    // Its conversation's 4 messages, the parent it names, a few lookups: nowhere near the 400 stored.
    expect(rows).toBeGreaterThan(0);
    expect(rows).toBeLessThan(20);
  });
});
