import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PostalMimeParser } from '../../../src/adapters/mime/postal-mime-parser.js';
import { WorkerIntake } from '../../../src/adapters/mime/worker-intake.js';
import { openSqliteMailStore } from '../../../src/adapters/store/sqlite/sqlite-mail-store.js';
import { systemClock } from '../../../src/core/ports/clock.js';
import { inProcessIntake } from '../../../src/core/ports/message-intake.js';
import { ImportService } from '../../../src/core/services/import-service.js';
import { fixture, fixedClock, input, rawMessage, servicesFor, agent } from '../../helpers/store-fixture.js';
import { tempDir } from '../../helpers/temp-dir.js';

const customer = 'Anna Virtanen <anna@ex.com>';
const shopAddr = `${agent.name} <${agent.email}>`;

describe('ImportService', () => {
  it('adds nothing when the same mail is imported twice', async () => {
    const s = await servicesFor(fixture());
    const mail = [rawMessage({ from: customer, to: shopAddr, subject: 'Size', id: '<a@ex.com>' }), rawMessage({ from: shopAddr, to: customer, subject: 'Re: Size', id: '<b@shop.example>', irt: '<a@ex.com>', date: 'Mon, 02 Nov 2026 11:00:00 +0000' })];
    const first = await s.importer.import(mail.map((m) => input(m)));
    const second = await s.importer.import(mail.map((m) => input(m)));
    expect(first).toMatchObject({ read: 2, added: 2, conversationsCreated: 1 });
    expect(second).toMatchObject({ read: 2, added: 0, duplicates: 2, conversationsCreated: 0, conversationsUpdated: 0 });
    const [c] = await s.conversations.list();
    expect(c.messageCount).toBe(2);
  });

  it('keeps another delivery of a known message (same content, another path) as a copy, not a second message', async () => {
    const s = await servicesFor(fixture());
    await s.importer.import([input(rawMessage({ from: customer, to: shopAddr, subject: 'Size', id: '<a@ex.com>' }))]);
    const copy = Buffer.concat([Buffer.from('Received: from relay2.example by mx.shop.example; Mon, 02 Nov 2026 10:00:05 +0000\r\n'), rawMessage({ from: customer, to: shopAddr, subject: 'Size', id: '<a@ex.com>' })]);
    const report = await s.importer.import([input(copy)]);
    expect(report).toMatchObject({ added: 0, copies: 1 });
    const copies = s.store.keptCopies();
    expect(copies).toHaveLength(1);
    const [hash] = copies[0].hashes;
    expect((await s.store.readRaw(hash)).equals(copy)).toBe(true);
  });

  it('puts the shop’s replies in the customer’s conversation, whoever sent them', async () => {
    const s = await servicesFor(fixture());
    await s.importer.import([
      input(rawMessage({ from: customer, to: 'hello@shop.example', subject: 'Lost parcel', id: '<q@ex.com>' })),
      input(rawMessage({ from: 'Nordic Feet <hello@shop.example>', to: customer, subject: 'Re: Lost parcel', id: '<r@shop.example>', irt: '<q@ex.com>', date: 'Mon, 02 Nov 2026 12:00:00 +0000' })),
    ]);
    const [c] = await s.conversations.list();
    expect(c.customer).toBe('anna@ex.com');
    expect(c.messageCount).toBe(2);
    expect(c.status).toBe('waiting');
    expect(c.waitingSince).toBeNull();
  });

  it('starts a conversation with the recipient when the shop writes first', async () => {
    const s = await servicesFor(fixture());
    await s.importer.import([input(rawMessage({ from: shopAddr, to: 'Bob Builder <bob@ex.com>', subject: 'Your order shipped', id: '<s@shop.example>' }))]);
    const [c] = await s.conversations.list();
    expect(c.customer).toBe('bob@ex.com');
    expect(s.conversations.customer('bob@ex.com')).toMatchObject({ name: 'Bob Builder', firstName: 'Bob' });
  });

  it('gives mail without a Message-ID a stable synthetic id', async () => {
    const f = fixture();
    const raw = rawMessage({ from: customer, to: shopAddr, subject: 'No id' });
    const s = await servicesFor(f);
    await s.importer.import([input(raw)]);
    const [c] = await s.conversations.list();
    const detail = await s.conversations.show(c.id);
    expect(detail.messages[0].meta.messageId).toMatch(/^<sha256-[0-9a-f]{40}@h2h\.invalid>$/);
    expect(detail.messages[0].meta.isSyntheticId).toBe(true);
    // The same message exported again with one more header is recognised.
    const again = Buffer.concat([Buffer.from('X-Archived: yes\r\n'), raw]);
    expect((await s.importer.import([input(again)])).added).toBe(0);
  });

  it('stores a message it cannot parse, warns, and goes on with the rest', async () => {
    const s = await servicesFor(fixture());
    let nested = 'x\r\n';
    for (let i = 99; i >= 0; i--) nested = `--b${i}\r\nContent-Type: multipart/mixed; boundary="b${i + 1}"\r\n\r\n${nested}--b${i}--\r\n`;
    const broken = Buffer.from(`From: ${customer}\r\nSubject: deep\r\nMessage-ID: <deep@ex.com>\r\nContent-Type: multipart/mixed; boundary="b0"\r\n\r\n${nested}`);
    const report = await s.importer.import([input(broken, 'bad.eml'), input(rawMessage({ from: 'Bob <bob@ex.com>', to: shopAddr, subject: 'fine', id: '<ok@ex.com>' }))]);
    expect(report.added).toBe(2);
    expect(report.warnings).toEqual([expect.objectContaining({ source: 'bad.eml' })]);
    const deep = (await s.conversations.list('customer:anna')).at(0)!;
    const detail = await s.conversations.show(deep.id);
    expect(detail.messages[0].body.warnings.join(' ')).toContain('could not parse');
    expect((await s.store.readRaw(detail.messages[0].meta.hash)).equals(broken)).toBe(true);
  });

  it('merges two conversations when a late message links them; old ids and decisions carry over', async () => {
    const s = await servicesFor(fixture());
    await s.importer.import([input(rawMessage({ from: customer, to: shopAddr, subject: 'Part one', id: '<c1@ex.com>', refs: '<root@ex.com>' }))]);
    await s.importer.import([input(rawMessage({ from: customer, to: shopAddr, subject: 'Part two', id: '<c2@ex.com>', refs: '<other@ex.com>', date: 'Tue, 03 Nov 2026 10:00:00 +0000' }))]);
    const [second, first] = await s.conversations.list();
    await s.conversations.tag([first.id], ['refund'], []);
    await s.conversations.tag([second.id], ['urgent'], []);
    await s.conversations.addNote(second.id, 'called her');
    await s.importer.import([input(rawMessage({ from: customer, to: shopAddr, subject: 'Both', id: '<c3@ex.com>', refs: '<root@ex.com> <other@ex.com>', date: 'Wed, 04 Nov 2026 10:00:00 +0000' }))]);
    const after = await s.conversations.list();
    expect(after).toHaveLength(1);
    expect(after[0].id).toBe(first.id);
    expect(after[0].messageCount).toBe(3);
    expect(after[0].tags).toEqual(['refund', 'urgent']);
    expect(after[0].notes.map((n) => n.text)).toEqual(['called her']);
    expect((await s.conversations.get(second.id)).id).toBe(first.id);
  });

  it('reopens a closed conversation when the customer writes again', async () => {
    const s = await servicesFor(fixture());
    await s.importer.import([input(rawMessage({ from: customer, to: shopAddr, subject: 'Thanks', id: '<t1@ex.com>' }))]);
    const [c] = await s.conversations.list();
    await s.conversations.setStatus([c.id], 'closed');
    expect((await s.conversations.get(c.id)).status).toBe('closed');
    await s.importer.import([input(rawMessage({ from: customer, to: shopAddr, subject: 'Re: Thanks', id: '<t2@ex.com>', irt: '<t1@ex.com>', date: 'Tue, 03 Nov 2026 10:00:00 +0000' }))]);
    expect((await s.conversations.get(c.id)).status).toBe('open');
  });

  it('finds messages by words of their body, names and subject, in any script', async () => {
    const s = await servicesFor(fixture());
    await s.importer.import([
      input(rawMessage({ from: customer, to: shopAddr, subject: 'Koko', id: '<f1@ex.com>', body: 'Kengät ovat liian pienet, äiti sanoi.' })),
      input(rawMessage({ from: 'Yuki <yuki@ex.jp>', to: shopAddr, subject: '注文', id: '<f2@ex.jp>', body: '注文した靴が届きません。' })),
      input(rawMessage({ from: 'Bob <bob@ex.com>', to: shopAddr, subject: 'Waterproof?', id: '<f3@ex.com>', body: 'Are the Koli boots waterproof?' })),
    ]);
    const ids = async (q: string) => (await s.conversations.list(q)).map((c) => c.customer).sort();
    expect(await ids('liian pienet')).toEqual(['anna@ex.com']);
    expect(await ids('aiti')).toEqual(['anna@ex.com']);
    expect(await ids('靴')).toEqual(['yuki@ex.jp']);
    expect(await ids('koli waterproof')).toEqual(['bob@ex.com']);
    expect(await ids('koli waterproof -from:bob')).toEqual([]);
    expect(await ids('virtanen')).toEqual(['anna@ex.com']);
    expect(await ids('"boots" or "靴"')).toEqual(['bob@ex.com', 'yuki@ex.jp']);
  });

  it('commits in input order, batch after batch, while messages are parsed on threads', async () => {
    const store = await openSqliteMailStore(join(tempDir(), 'data'));
    const parser = new PostalMimeParser();
    const intake = new WorkerIntake({ raw: store.rawFiles, inProcess: inProcessIntake(store, parser), startAfter: 0, threads: 2 });
    const importer = new ImportService(store, parser, { shopAddresses: new Set([agent.email]), subjectWindowDays: 30 }, systemClock, intake);
    // Bodies of very different lengths, so threads finish out of order; every tenth message repeats an earlier one.
    const mail = Array.from({ length: 300 }, (_, i) =>
      i % 10 === 9 ? null : rawMessage({ from: `C${i} <c${i}@ex.com>`, to: shopAddr, subject: `S${i}`, id: `<o${i}@ex.com>`, body: 'Hello there\n'.repeat((i * 37) % 400) }),
    ).map((m, i, all) => m ?? all[i - 7]!);
    const batches: number[][] = [];
    const seqOf = new Map<number, number>();
    const report = await importer.import(
      mail.map((raw, ref) => ({ ...input(raw), ref })),
      {
        batchSize: 40,
        expected: mail.length,
        onCommit: (_tx, placed) => {
          batches.push(placed.map((p) => p.input.ref!));
          for (const p of placed) seqOf.set(p.input.ref!, p.seq);
          return false;
        },
      },
    );
    expect(await intake.ready()).toBe(true);
    await intake.close();
    expect(batches.flat()).toEqual(mail.map((_, i) => i));
    expect(batches.slice(0, -1).every((b) => b.length === 40)).toBe(true);
    expect(report).toMatchObject({ read: 300, added: 270, duplicates: 30, warnings: [] });
    // Each placement points at its own message; a repeat at the message it repeats.
    const metas = store.messages([...new Set(seqOf.values())]);
    expect(new Set(metas.map((m) => m.subject)).size).toBe(270);
    for (const [ref, seq] of seqOf) expect(metas.find((m) => m.seq === seq)!.subject).toBe(ref % 10 === 9 ? `S${ref - 7}` : `S${ref}`);
    await store.close();
  });

  it('uses the arrival time for mail dated in the future', async () => {
    const s = await servicesFor(fixture(), fixedClock('2026-11-23T12:00:00Z'));
    await s.importer.import([input(rawMessage({ from: customer, to: shopAddr, subject: 'From the future', id: '<fut@ex.com>', date: 'Fri, 01 Jan 2100 00:00:00 +0000' }))]);
    const [c] = await s.conversations.list();
    expect(c.lastMessageAt).toBe('2026-11-23T12:00:00.000Z');
  });
});
