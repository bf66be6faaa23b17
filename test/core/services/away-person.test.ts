/**
 * Away notices go to people, not addresses (issue 19): a customer merged with another address of
 * theirs who writes from both while the owner is away is queued one notice; someone else gets theirs.
 * Through the real store and reply service (queued, not sent: the outbox sends).
 */
import { describe, expect, it } from 'vitest';
import { agent, fixture, input, rawMessage, servicesFor } from '../../helpers/store-fixture.js';

const shop = `${agent.name} <${agent.email}>`;
const start = Date.parse('2026-12-07T09:00:00Z');

describe('away notices to a person with two addresses', () => {
  it('queues one for the person whichever address they write from', async () => {
    let now = start;
    const s = await servicesFor(fixture(), { now: () => now });
    const mail = (from: string, subject: string, id: string, minutes: number) => input(rawMessage({ from, to: shop, subject, id, date: new Date(start + minutes * 60_000).toUTCString(), body: `${subject}: could you tell me more, please?` }));
    await s.importer.import([mail('Anna Virtanen <anna@example.fi>', 'Boots', '<a0@example.fi>', -60 * 24), mail('Anna K <anna.k@work.example>', 'Invoice', '<w0@work.example>', -60 * 23)]);
    await s.customerMerges.merge('anna@example.fi', 'anna.k@work.example');
    await s.away.start(start + 3 * 86_400_000);
    await s.importer.import([mail('Anna Virtanen <anna@example.fi>', 'Re: Boots', '<a1@example.fi>', 5), mail('Anna K <anna.k@work.example>', 'Re: Invoice', '<w1@work.example>', 6), mail('Ben Smith <ben@example.com>', 'Sizes', '<b1@example.com>', 7)]);
    now += 10 * 60_000;
    const queued = await s.away.queueNotices();
    // One to Anna, at the address of whichever of her conversations came first, and one to Ben.
    const to = queued.map((e) => (e.recipients?.to ?? []).map((a) => a.email).join()).sort();
    expect(to).toHaveLength(2);
    expect(to[1]).toBe('ben@example.com');
    expect(['anna@example.fi', 'anna.k@work.example']).toContain(to[0]);
    expect(s.away.report().state!.noticed.sort()).toEqual(['anna@example.fi', 'ben@example.com']);
    // Run again: nobody twice.
    expect(await s.away.queueNotices()).toEqual([]);
  });
});
