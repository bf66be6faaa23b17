/**
 * A list brought up to date from what changed (listSnapshot with the previous snapshot) is the list
 * read whole, after any mix of what changes lists: new conversations, replies, mail that merges two
 * conversations, statuses, snoozes that end as the clock moves, read marks, tags, a customer's new
 * name, a customer forgotten. Random sequences (fast-check, fixed seed) on a real store.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ListSnapshot } from '../../../src/core/services/conversation-service.js';
import { agent, fixture, input, rawMessage, servicesFor } from '../../helpers/store-fixture.js';

const shop = `${agent.name} <${agent.email}>`;
const day = 86_400_000;
const people = ['Anna Virtanen <anna@ex.com>', 'Bo Lind <bo@ex.com>', 'Chen Wei <chen@ex.com>', 'Dana Ek <dana@ex.com>'];
const queries = ['', 'status:open', 'is:unread', 'tag:vip', 'not status:closed', 'from:anna', 'customer:bo'];

type Op =
  | { kind: 'new'; who: number; day: number }
  | { kind: 'reply'; target: number; fromShop: boolean; day: number }
  | { kind: 'link'; a: number; b: number }
  | { kind: 'status'; target: number; status: 'open' | 'waiting' | 'closed' | 'snoozed'; days: number }
  | { kind: 'read'; target: number; read: boolean }
  | { kind: 'tag'; target: number; add: boolean }
  | { kind: 'rename'; who: number }
  | { kind: 'clock'; hours: number }
  | { kind: 'forget'; who: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('new' as const), who: fc.nat(3), day: fc.nat(20) }),
  fc.record({ kind: fc.constant('reply' as const), target: fc.nat(), fromShop: fc.boolean(), day: fc.nat(20) }),
  fc.record({ kind: fc.constant('link' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ kind: fc.constant('status' as const), target: fc.nat(), status: fc.constantFrom('open' as const, 'waiting' as const, 'closed' as const, 'snoozed' as const), days: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant('read' as const), target: fc.nat(), read: fc.boolean() }),
  fc.record({ kind: fc.constant('tag' as const), target: fc.nat(), add: fc.boolean() }),
  fc.record({ kind: fc.constant('rename' as const), who: fc.nat(3) }),
  fc.record({ kind: fc.constant('clock' as const), hours: fc.integer({ min: 1, max: 72 }) }),
  fc.record({ kind: fc.constant('forget' as const), who: fc.nat(3) }),
);

async function scenario(ops: Op[]) {
  let now = Date.parse('2026-11-01T12:00:00Z');
  const s = await servicesFor(fixture(), { now: () => now });
  const sent: { id: string; from: string; subject: string }[] = [];
  let n = 0;
  const dateOf = (d: number) => new Date(Date.parse('2026-10-01T09:00:00Z') + d * day + n * 60_000).toUTCString();
  const send = async (fields: Parameters<typeof rawMessage>[0]) => {
    await s.importer.import([input(rawMessage(fields))]);
  };
  const pick = async (i: number) => {
    const all = await s.conversations.list();
    return all.length ? all[i % all.length].id : null;
  };
  const snapshots = new Map<string, ListSnapshot>();
  const check = async () => {
    for (const query of queries) {
      for (const sort of ['activity', 'waiting'] as const) {
        const key = `${sort} ${query}`;
        const whole = await s.conversations.listSnapshot(query, { sort });
        const updated = await s.conversations.listSnapshot(query, { sort }, snapshots.get(key));
        expect(updated.items, `${key} after ${JSON.stringify(ops)}`).toEqual(whole.items);
        snapshots.set(key, updated);
      }
    }
  };
  await check();
  for (const o of ops) {
    n++;
    if (o.kind === 'new') {
      const id = `<m${n}@ex.com>`;
      const from = people[o.who];
      sent.push({ id, from, subject: `Question ${n}` });
      await send({ from, to: shop, subject: `Question ${n}`, id, date: dateOf(o.day) });
    } else if (o.kind === 'reply' && sent.length) {
      const to = sent[o.target % sent.length];
      const id = `<m${n}@ex.com>`;
      const from = o.fromShop ? shop : to.from;
      sent.push({ id, from: to.from, subject: to.subject });
      await send({ from, to: o.fromShop ? to.from : shop, subject: `Re: ${to.subject}`, id, irt: to.id, refs: to.id, date: dateOf(o.day) });
    } else if (o.kind === 'link' && sent.length > 1) {
      // One message answering two conversations' messages joins them.
      const a = sent[o.a % sent.length];
      const b = sent[o.b % sent.length];
      await send({ from: a.from, to: shop, subject: `Re: ${a.subject}`, id: `<m${n}@ex.com>`, irt: a.id, refs: `${b.id} ${a.id}`, date: dateOf(25) });
    } else if (o.kind === 'status') {
      const id = await pick(o.target);
      if (id) await s.conversations.setStatus([id], o.status, o.status === 'snoozed' ? now + o.days * day : undefined);
    } else if (o.kind === 'read') {
      const id = await pick(o.target);
      if (id) await s.conversations.markRead([id], o.read);
    } else if (o.kind === 'tag') {
      const id = await pick(o.target);
      if (id) await s.conversations.tag([id], o.add ? ['vip'] : [], o.add ? [] : ['vip']);
    } else if (o.kind === 'rename') {
      const [name, email] = people[o.who].split(' <');
      await send({ from: `${name.split(' ')[0]} Renamed${n} <${email}`, to: shop, subject: `Hello ${n}`, id: `<m${n}@ex.com>`, date: dateOf(30 + n) });
    } else if (o.kind === 'clock') {
      now += o.hours * 3_600_000;
    } else if (o.kind === 'forget') {
      const email = people[o.who].split(' <')[1].slice(0, -1);
      if ((await s.conversations.list(`customer:${email}`)).length) await s.forget.forget(`customer:${email}`);
    }
    await check();
  }
}

describe('listSnapshot: a list brought up to date is the list read whole', () => {
  it('after random sequences of imports, merges, decisions, clock moves, renames and erasures', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 14 }), (ops) => scenario(ops)),
      { numRuns: 25, seed: 42, endOnFailure: true },
    );
  }, 240_000);

  it('a snooze that ends as the clock moves brings its conversation back into status:open, with no write', async () => {
    let now = Date.parse('2026-11-01T12:00:00Z');
    const s = await servicesFor(fixture(), { now: () => now });
    await s.importer.import([input(rawMessage({ from: people[0], to: shop, subject: 'Later', id: '<later@ex.com>' }))]);
    const [c] = await s.conversations.list();
    await s.conversations.setStatus([c.id], 'snoozed', now + day);
    const before = await s.conversations.listSnapshot('status:open', {});
    expect(before.items).toEqual([]);
    now += 2 * day;
    const after = await s.conversations.listSnapshot('status:open', {}, before);
    expect(after.items.map((i) => [i.id, i.status])).toEqual([[c.id, 'open']]);
  });

  it('reads only what changed: an update after one tag hands back every other row as it was', async () => {
    const s = await servicesFor(fixture(), { now: () => Date.parse('2026-11-01T12:00:00Z') });
    for (let i = 0; i < 30; i++) await s.importer.import([input(rawMessage({ from: people[i % 4], to: shop, subject: `Q${i}`, id: `<q${i}@ex.com>`, date: new Date(Date.parse('2026-10-01') + i * day).toUTCString() }))]);
    const first = await s.conversations.listSnapshot('', {});
    const tagged = first.items[5].id;
    await s.conversations.tag([tagged], ['vip'], []);
    const next = await s.conversations.listSnapshot('', {}, first);
    expect(next.items.find((i) => i.id === tagged)!.tags).toEqual(['vip']);
    // The same objects: nothing else was read again.
    expect(next.items.filter((i, k) => i === first.items[k]).length).toBe(first.items.length - 1);
    // Nothing changed since: the very same list, which a front end need not draw again.
    expect((await s.conversations.listSnapshot('', {}, next)).items).toBe(next.items);
  });
});
