/**
 * The owner's promises (issue 19: W, h2h remind): a conversation comes back at the time promised,
 * open and first in every list, and stays until the owner deals with it; the customer's "thanks!"
 * does not resolve it. A clock the test moves; the real store, its SQL and the JS matcher alike.
 */
import { describe, expect, it } from 'vitest';
import { agent, fixture, input, rawMessage, servicesFor } from '../../helpers/store-fixture.js';

const shop = `${agent.name} <${agent.email}>`;
const day = 86_400_000;

function movableClock(iso: string) {
  let now = Date.parse(iso);
  return { now: () => now, set: (to: string) => void (now = Date.parse(to)) };
}

async function desk() {
  const clock = movableClock('2026-12-07T09:00:00Z');
  const f = fixture();
  const s = await servicesFor(f, clock);
  await s.importer.import([
    input(rawMessage({ from: 'Päivi Virtanen <paivi@example.fi>', to: shop, subject: 'Lost parcel', id: '<p1@example.fi>', date: 'Mon, 07 Dec 2026 08:00:00 +0000' })),
    input(rawMessage({ from: 'Ben Smith <ben@example.com>', to: shop, subject: 'Newer question', id: '<b1@example.com>', date: 'Mon, 07 Dec 2026 08:30:00 +0000' })),
  ]);
  const all = await s.conversations.list('');
  const id = all.find((c) => c.customer === 'paivi@example.fi')!.id;
  return { f, s, clock, id };
}

const order = async (s: Awaited<ReturnType<typeof servicesFor>>, query = '') => (await s.conversations.listItems(query)).map((c) => [c.subject, c.status, c.promise?.due ?? null]);

describe('promises', () => {
  it('bring a closed conversation back, open and first, when their time comes, until the owner resolves them', async () => {
    const { s, clock, id } = await desk();
    const friday = Date.parse('2026-12-11T09:00:00Z');
    await s.conversations.promise([id], { by: friday, text: 'check with the courier' });
    await s.conversations.setStatus([id], 'closed');
    expect(await order(s)).toEqual([['Newer question', 'open', null], ['Lost parcel', 'closed', false]]);
    expect(await order(s, 'is:promised')).toEqual([['Lost parcel', 'closed', false]]);
    expect(await order(s, 'is:due')).toEqual([]);

    clock.set('2026-12-11T09:00:00Z');
    expect(await order(s)).toEqual([['Lost parcel', 'open', true], ['Newer question', 'open', null]]);
    expect(await order(s, 'is:due status:open')).toEqual([['Lost parcel', 'open', true]]);
    // The same as full views (the status the domain computes, not the list's SQL): the same answer.
    expect((await s.conversations.list('is:due')).map((c) => [c.subject, c.status, c.promise])).toEqual([['Lost parcel', 'open', { by: '2026-12-11T09:00:00.000Z', text: 'check with the courier', due: true }]]);
    const waitingFirst = await s.conversations.listItems('', { sort: 'waiting' });
    expect(waitingFirst[0].subject).toBe('Lost parcel');

    // The owner's reminder, not the customer waiting: the figures do not count her as waiting.
    expect(s.stats.stats({ since: Date.parse('2026-12-01T00:00:00Z') }).waitingNow.total).toBe(1);
    // Dealt with (closed again now that it is due): resolved, and back in its place.
    await s.conversations.setStatus([id], 'closed');
    expect(await order(s)).toEqual([['Newer question', 'open', null], ['Lost parcel', 'closed', null]]);
  });

  it("survive the customer's thanks!, and come back on the day after the owner closed it again", async () => {
    const { s, clock, id } = await desk();
    await s.conversations.promise([id], { by: Date.parse('2026-12-11T09:00:00Z'), text: '' });
    clock.set('2026-12-08T10:00:00Z');
    await s.importer.import([input(rawMessage({ from: 'Päivi Virtanen <paivi@example.fi>', to: shop, subject: 'Re: Lost parcel', id: '<p2@example.fi>', irt: '<p1@example.fi>', date: 'Tue, 08 Dec 2026 10:00:00 +0000', body: 'Kiitos!' }))]);
    expect((await s.conversations.get(id)).promise).toMatchObject({ due: false });
    await s.conversations.setStatus([id], 'closed');
    expect((await s.conversations.get(id)).status).toBe('closed');
    clock.set('2026-12-11T09:00:01Z');
    expect((await s.conversations.get(id)).status).toBe('open');
    expect((await s.conversations.listItems(''))[0].subject).toBe('Lost parcel');
  });

  it('are resolved by the owner, taken back with undo, refused in the past, and kept one line', async () => {
    const { s, clock, id } = await desk();
    await expect(s.conversations.promise([id], { by: clock.now() - day, text: 'x' })).rejects.toThrow('a promise needs a time in the future');
    const made = await s.conversations.promise([id], { by: clock.now() + day, text: 'call back\r\nBcc: x@y\u001b[2J' });
    expect(made.get(id)).toMatchObject({ text: 'call back Bcc: x@y [2J' });
    await s.conversations.promise([id], null);
    expect((await s.conversations.get(id)).promise).toBeNull();
    await s.conversations.undo();
    expect((await s.conversations.get(id)).promise).toMatchObject({ text: 'call back Bcc: x@y [2J', due: false });
  });
});
