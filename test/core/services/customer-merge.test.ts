/**
 * A person with several addresses (issue 19): `merge` makes an address another address of a person
 * (history, notes, the waiting clock, `customer:`, new mail from it), `split` gives back exactly what
 * was the address's own, a new address replying inside a thread is suggested and never merged by
 * itself, and bad input changes nothing. Through the real store.
 */
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/core/errors.js';
import { readStateMessage, stateMessage } from '../../../src/core/domain/shared-state/state-message.js';
import { emptyShared, joinStates, type SharedState } from '../../../src/core/domain/shared-state/shared-state.js';
import { agent, fixedClock, fixture, input, rawMessage, servicesFor } from '../../helpers/store-fixture.js';

const shop = `${agent.name} <${agent.email}>`;
const anna = 'anna@example.fi';
const work = 'anna.k@work.example';

async function twoAddresses() {
  const s = await servicesFor(fixture(), fixedClock('2026-11-10T12:00:00Z'));
  await s.importer.import([
    input(rawMessage({ from: `Anna Virtanen <${anna}>`, to: shop, subject: 'Boots', id: '<a1@example.fi>', date: 'Mon, 02 Nov 2026 10:00:00 +0000' })),
    input(rawMessage({ from: `Anna K <${work}>`, to: shop, subject: 'Invoice for the company', id: '<w1@work.example>', date: 'Thu, 05 Nov 2026 09:00:00 +0000' })),
    input(rawMessage({ from: 'Bo <bo@ex.com>', to: shop, subject: 'Hello', id: '<b1@ex.com>', date: 'Tue, 03 Nov 2026 09:00:00 +0000' })),
  ]);
  const [boots] = await s.conversations.list(`customer:${anna}`);
  const [invoice] = await s.conversations.list(`customer:${work}`);
  // Decisions on both, and a note about each address, before the merge.
  await s.conversations.tag([boots.id], ['vip'], []);
  await s.conversations.setStatus([invoice.id], 'closed');
  await s.conversations.addNote(invoice.id, 'sent the invoice');
  await s.conversations.addCustomerNote(work, 'company: Kauppa Oy');
  await s.conversations.addCustomerNote(anna, 'size: 39');
  return { s, boots: boots.id, invoice: invoice.id };
}

const ids = (views: { id: string }[]) => views.map((v) => v.id).sort();

describe('customers merge', () => {
  it('makes the history, notes, waiting clock and customer: queries one person', async () => {
    const { s, boots, invoice } = await twoAddresses();
    expect((await s.conversations.customers()).map((c) => c.email)).toEqual([work, 'bo@ex.com', anna]);

    expect(await s.customerMerges.merge(anna, work)).toEqual({ person: anna, addresses: [anna, work], conversations: 2, notes: 2 });

    const list = await s.conversations.customers();
    expect(list.map((c) => c.email)).toEqual([anna, 'bo@ex.com']);
    const person = list[0];
    expect(person).toMatchObject({ conversationIds: [boots, invoice], firstContactAt: '2026-11-02T10:00:00.000Z', lastContactAt: '2026-11-05T09:00:00.000Z', addresses: [work] });
    expect(person.notes.map((n) => n.text).sort()).toEqual(['company: Kauppa Oy', 'size: 39']);
    // Either address is the person.
    expect(s.conversations.customer(work).email).toBe(anna);
    expect(s.conversations.withHistory(work).conversations.map((c) => c.id)).toEqual([boots, invoice]);
    const shown = await s.conversations.show(invoice);
    expect(shown.customer).toMatchObject({ email: anna, conversationIds: [boots, invoice], addresses: [work] });
    expect(shown.otherConversations.map((c) => c.id)).toEqual([boots]);
    // The conversation is still written with its own address: replies go there.
    expect(shown.conversation.customer).toBe(work);
    for (const q of [`customer:${anna}`, `customer:${work}`, 'customer:virtanen', 'customer:@work.example']) expect(ids(await s.conversations.list(q))).toEqual([boots, invoice].sort());
    expect(ids(await s.conversations.list('customer:virtanen tag:vip'))).toEqual([boots]);
  });

  it('takes in mail arriving later from the merged address', async () => {
    const { s, boots, invoice } = await twoAddresses();
    await s.customerMerges.merge(anna, work);
    const report = await s.importer.import([input(rawMessage({ from: `Anna K <${work}>`, to: shop, subject: 'Return', id: '<w2@work.example>', date: 'Sun, 08 Nov 2026 09:00:00 +0000' }))]);
    expect(report.warnings).toEqual([]);
    const [returns] = await s.conversations.list('subject:Return');
    const [person] = await s.conversations.customers();
    expect(person).toMatchObject({ email: anna, conversationIds: [boots, invoice, returns.id], lastContactAt: '2026-11-08T09:00:00.000Z' });
    expect((await s.conversations.show(returns.id)).customer.email).toBe(anna);
  });

  it('splits back exactly: conversations, decisions and pre-merge notes; notes written after stay with the person', async () => {
    const { s, boots, invoice } = await twoAddresses();
    const before = { list: await s.conversations.list(''), customers: await s.conversations.customers(), states: [s.conversations.stateOf(boots), s.conversations.stateOf(invoice)] };
    await s.customerMerges.merge(anna, work);
    expect(await s.customerMerges.split(work)).toEqual({ person: work, addresses: [work], conversations: 1, notes: 1 });
    // A round trip keeps every note and decision on every conversation, and who each customer is.
    expect(await s.conversations.list('')).toEqual(before.list);
    expect(await s.conversations.customers()).toEqual(before.customers);
    expect([s.conversations.stateOf(boots), s.conversations.stateOf(invoice)]).toEqual(before.states);

    await s.customerMerges.merge(anna, work);
    await s.conversations.addCustomerNote(work, 'prefers email');
    expect(s.conversations.customer(anna).notes.map((n) => n.text)).toContain('prefers email');
    await s.customerMerges.split(work);
    expect(s.conversations.customer(work).notes.map((n) => n.text)).toEqual(['company: Kauppa Oy']);
    expect(s.conversations.customer(anna).notes.map((n) => n.text).sort()).toEqual(['prefers email', 'size: 39']);
    expect(s.conversations.customer(work).conversationIds).toEqual([invoice]);
    expect(ids(await s.conversations.list(`customer:${anna}`))).toEqual([boots]);
  });

  it('resolves an address already merged to its person, and refuses what it cannot do, changing nothing', async () => {
    const { s } = await twoAddresses();
    await s.customerMerges.merge(anna, work);
    const revision = s.store.revision();
    const refusals: [() => Promise<unknown>, RegExp][] = [
      [() => s.customerMerges.merge(anna, 'ANNA@example.fi'), /anna@example\.fi twice/],
      [() => s.customerMerges.merge(anna, 'nobody@ex.com'), /no customer nobody@ex\.com/],
      [() => s.customerMerges.merge(anna, 'not an address'), /not an email address/],
      [() => s.customerMerges.split(anna), /anna@example\.fi is the person anna\.k@work\.example is merged into/],
      [() => s.customerMerges.split('bo@ex.com'), /bo@ex\.com is not merged into anyone/],
      [() => s.customerMerges.merge(anna, work), /already an address of anna@example\.fi/],
      [() => s.customerMerges.merge(work, anna), /anna\.k@work\.example is already an address of anna@example\.fi/],
      [() => s.customerMerges.merge('bo@ex.com', work), /anna\.k@work\.example is an address of anna@example\.fi: split it from them first/],
    ];
    for (const [attempt, message] of refusals) {
      await expect(attempt()).rejects.toThrow(UsageError);
      await expect(attempt()).rejects.toThrow(message);
    }
    expect(s.store.revision()).toBe(revision);
    // A merged address names its person: Bo joins Anna, one hop.
    expect(await s.customerMerges.merge(work, 'bo@ex.com')).toMatchObject({ person: anna, addresses: [anna, work, 'bo@ex.com'], conversations: 3 });
  });

  it('travels to the other machines as a customer entry, checked against forged ones', async () => {
    const { s } = await twoAddresses();
    await s.customerMerges.merge(anna, work);
    await s.customerMerges.split(work);
    const shared = s.store.sharedPending().flatMap((p) => (p.delta.customers[work]?.sameAs ? [p.delta.customers[work].sameAs!.v] : []));
    expect(shared).toEqual([anna, null]);

    // Another machine applies it as the sync does (merged into its entries, then written), and takes it back.
    const other = await servicesFor(fixture(), fixedClock('2026-11-10T12:00:00Z'));
    const [merged, split] = s.store.sharedPending().filter((p) => p.delta.customers[work]?.sameAs);
    await receive(other, merged.delta);
    expect(other.store.personOf(work)).toBe(anna);
    await receive(other, split.delta);
    expect(other.store.personOf(work)).toBe(work);

    const at = '1796634000000-00000-ab12';
    const message = (v: unknown) => stateMessage({ conversations: {}, customers: { [work]: { sameAs: { v, at } } }, senders: {} } as never, { node: 'ab12', stamp: at, date: new Date('2026-12-07T09:00:00Z') });
    expect(readStateMessage(message(anna))?.customers[work].sameAs?.v).toBe(anna);
    expect(readStateMessage(message(null))?.customers[work].sameAs?.v).toBeNull();
    for (const forged of ['no address', 'a@b\u001b]x', `${'x'.repeat(400)}@ex.com`, 42, { person: anna }]) expect(readStateMessage(message(forged))).toBeNull();
  });
});

/** What StateSync does with another machine's decisions: merged into the entries, each changed customer written. */
async function receive(m: Awaited<ReturnType<typeof servicesFor>>, state: SharedState): Promise<void> {
  await m.store.transact((tx) => {
    const changed = tx.mergeShared(state);
    for (const [email, c] of Object.entries(tx.sharedEntries({ customers: changed.customers }).customers)) if (c.sameAs) tx.writeUnsharedCustomer(email, { sameAs: c.sameAs.v });
  });
}

const everything = (m: Awaited<ReturnType<typeof servicesFor>>) => m.store.sharedPending().reduce((acc, p) => joinStates(acc, p.delta), emptyShared());

describe('merges made on two machines at once', () => {
  it('end with the same people on both, the later word winning when they merge a pair each way', async () => {
    const laptop = (await twoAddresses()).s;
    const desktop = (await twoAddresses()).s;
    // Apart: the laptop makes the work address Anna's; a moment later the desktop makes Anna's the work address's, and Bo's too.
    await laptop.customerMerges.merge(anna, work);
    // The desktop's word is the later one by the clock both share: past the laptop's millisecond.
    const said = Date.now();
    while (Date.now() <= said) await new Promise((r) => setImmediate(r));
    await desktop.customerMerges.merge(work, anna);
    await desktop.customerMerges.merge(work, 'bo@ex.com');
    const fromLaptop = everything(laptop);
    const fromDesktop = everything(desktop);
    await receive(laptop, fromDesktop);
    await receive(desktop, fromLaptop);
    const people = (m: typeof laptop) => [anna, work, 'bo@ex.com'].map((a) => m.store.personOf(a));
    expect(people(laptop)).toEqual(people(desktop));
    expect(people(laptop)).toEqual([work, work, work]);
    // A new machine reading both gets the same, in either order.
    for (const order of [[fromLaptop, fromDesktop], [fromDesktop, fromLaptop]]) {
      const fresh = (await twoAddresses()).s;
      for (const state of order) await receive(fresh, state);
      expect(people(fresh)).toEqual([work, work, work]);
    }
  });
});

describe('a suggested merge', () => {
  async function threadWithReplyFrom(replier: string) {
    const s = await servicesFor(fixture(), fixedClock('2026-11-10T12:00:00Z'));
    await s.importer.import([
      input(rawMessage({ from: `Anna Virtanen <${anna}>`, to: shop, subject: 'Boots', id: '<a1@example.fi>', date: 'Mon, 02 Nov 2026 10:00:00 +0000' })),
      input(rawMessage({ from: shop, to: `Anna Virtanen <${anna}>`, subject: 'Re: Boots', id: '<s1@shop.example>', irt: '<a1@example.fi>', refs: '<a1@example.fi>', date: 'Mon, 02 Nov 2026 11:00:00 +0000' })),
    ]);
    const report = await s.importer.import([
      input(rawMessage({ from: replier, to: shop, subject: 'Re: Boots', id: '<r1@reply.example>', irt: '<s1@shop.example>', refs: '<a1@example.fi> <s1@shop.example>', date: 'Tue, 03 Nov 2026 08:00:00 +0000' })),
    ]);
    const [boots] = await s.conversations.list('subject:Boots');
    return { s, report, boots: boots.id };
  }

  it('is suggested when a new address replies inside the thread, and nothing is merged until the owner says so', async () => {
    const { s, report, boots } = await threadWithReplyFrom(`Anna K <${work}>`);
    expect(report.warnings).toEqual([{ source: `conversation ${boots}`, message: expect.stringContaining(`${work} wrote in this conversation`), merge: { address: work, person: anna } }]);
    expect((await s.conversations.show(boots)).suggestedMerge).toEqual({ address: work, person: anna });
    expect(s.store.personOf(work)).toBe(work);
    expect(s.conversations.customer(anna).addresses).toEqual([]);

    await s.customerMerges.merge(anna, work);
    expect((await s.conversations.show(boots)).suggestedMerge).toBeUndefined();
  });

  it('is not suggested for the customer writing again, nor for a stranger starting a thread of their own', async () => {
    const own = await threadWithReplyFrom(`Anna Virtanen <${anna}>`);
    expect(own.report.warnings).toEqual([]);
    expect((await own.s.conversations.show(own.boots)).suggestedMerge).toBeUndefined();

    const report = await own.s.importer.import([input(rawMessage({ from: 'Bo <bo@ex.com>', to: shop, subject: 'Boots', id: '<b1@ex.com>', date: 'Wed, 04 Nov 2026 08:00:00 +0000' }))]);
    expect(report.warnings).toEqual([]);
    for (const c of await own.s.conversations.list('')) expect((await own.s.conversations.show(c.id)).suggestedMerge).toBeUndefined();
  });

  it('is not suggested for an address with conversations of its own (it is someone the owner knows)', async () => {
    const s = await servicesFor(fixture(), fixedClock('2026-11-10T12:00:00Z'));
    await s.importer.import([input(rawMessage({ from: `Anna K <${work}>`, to: shop, subject: 'Invoice', id: '<w1@work.example>', date: 'Sun, 01 Nov 2026 08:00:00 +0000' }))]);
    await s.importer.import([
      input(rawMessage({ from: `Anna Virtanen <${anna}>`, to: shop, subject: 'Boots', id: '<a1@example.fi>', date: 'Mon, 02 Nov 2026 10:00:00 +0000' })),
      input(rawMessage({ from: `Anna K <${work}>`, to: shop, subject: 'Re: Boots', id: '<r1@work.example>', irt: '<a1@example.fi>', refs: '<a1@example.fi>', date: 'Tue, 03 Nov 2026 08:00:00 +0000' })),
    ]);
    const [boots] = await s.conversations.list(`subject:Boots customer:${anna}`);
    expect((await s.conversations.show(boots.id)).suggestedMerge).toBeUndefined();
  });
});
