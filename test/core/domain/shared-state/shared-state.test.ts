/**
 * The shared state converges: replicas that decide things on their own, with clocks that disagree,
 * and exchange what they did through one log in any interleaving, end identical; no note version
 * and no tag whose last word was "add" is lost; a decision made after seeing another's wins over it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HybridClock, compareHlc, formatHlc, parseHlc } from '../../../../src/core/domain/shared-state/hlc.js';
import { canonicalState, currentNote, emptyShared, joinStates, newestStamp, type SharedState } from '../../../../src/core/domain/shared-state/shared-state.js';
import { draftHeads, draftOf } from '../../../../src/core/domain/shared-state/shared-drafts.js';

type Op =
  | { kind: 'status'; conv: number; status: 'open' | 'waiting' | 'closed' | 'snoozed' }
  | { kind: 'tag'; conv: number; tag: string; present: boolean }
  | { kind: 'note'; conv: number; note: number; text: string | null }
  | { kind: 'customer-note'; customer: number; note: number; text: string | null }
  | { kind: 'greeting'; customer: number; name: string | null }
  | { kind: 'sender'; customer: number; as: 'person' | 'automated' | 'blocked' | null }
  /** The owner away until a day of December, told on this machine. */
  | { kind: 'away'; until: number; node: string }
  /** A draft saved (text) or sent (null), written over the versions the machine has. */
  | { kind: 'draft'; key: number; text: string | null };

const anchor = (n: number) => `<m${n}@example.fi>`;
const email = (n: number) => `c${n}@example.fi`;
const draftKey = (n: number) => `r:${anchor(n)}`;

/** The delta one op makes, stamped; a draft is written over what `state` has of it. */
function delta(op: Op, at: string, state: SharedState): SharedState {
  const s = emptyShared();
  switch (op.kind) {
    case 'draft': {
      const after = draftHeads(state.drafts?.[draftKey(op.key)] ?? []).map((v) => v.at);
      s.drafts = { [draftKey(op.key)]: [{ at, after, draft: op.text === null ? null : { text: op.text, updatedAt: '2026-12-07T09:00:00Z' } }] };
      break;
    }
    case 'status':
      s.conversations[anchor(op.conv)] = { status: { v: { status: op.status }, at } };
      break;
    case 'tag':
      s.conversations[anchor(op.conv)] = { tags: { [op.tag]: { v: op.present, at } } };
      break;
    case 'note':
      s.conversations[anchor(op.conv)] = { notes: { [`n${op.note}`]: [{ at, text: op.text, written: '2026-12-07T00:00:00Z' }] } };
      break;
    case 'customer-note':
      s.customers[email(op.customer)] = { notes: { [`n${op.note}`]: [{ at, text: op.text, written: '2026-12-07T00:00:00Z' }] } };
      break;
    case 'greeting':
      s.customers[email(op.customer)] = { greeting: { v: op.name, at } };
      break;
    case 'sender':
      s.senders[email(op.customer)] = { v: op.as === null ? null : { as: op.as }, at };
      break;
    case 'away':
      s.owner = { away: { v: { from: '2026-12-07T09:00:00.000Z', until: `2026-12-${String(op.until).padStart(2, '0')}T09:00:00.000Z`, node: op.node }, at } };
      break;
  }
  return s;
}

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('status' as const), conv: fc.nat(3), status: fc.constantFrom('open', 'waiting', 'closed', 'snoozed') }),
  fc.record({ kind: fc.constant('tag' as const), conv: fc.nat(3), tag: fc.constantFrom('refund', 'vip', 'urgent'), present: fc.boolean() }),
  fc.record({ kind: fc.constant('note' as const), conv: fc.nat(3), note: fc.nat(2), text: fc.option(fc.string({ maxLength: 8 }), { freq: 4 }) }),
  fc.record({ kind: fc.constant('customer-note' as const), customer: fc.nat(2), note: fc.nat(2), text: fc.option(fc.string({ maxLength: 8 }), { freq: 4 }) }),
  fc.record({ kind: fc.constant('greeting' as const), customer: fc.nat(2), name: fc.option(fc.constantFrom('Anna', 'Päivi', '田中様'), { freq: 4 }) }),
  fc.record({ kind: fc.constant('sender' as const), customer: fc.nat(2), as: fc.constantFrom('person', 'automated', 'blocked', null) }),
  fc.record({ kind: fc.constant('draft' as const), key: fc.nat(1), text: fc.option(fc.string({ minLength: 1, maxLength: 8 }), { freq: 4 }) }),
  fc.record({ kind: fc.constant('away' as const), until: fc.integer({ min: 8, max: 31 }), node: fc.constantFrom('m0', 'm1', 'm2') }),
);

/** A replica: its clock (skewed), its state, and how far it has pushed to and read the log. */
class Replica {
  state = emptyShared();
  pending: SharedState[] = [];
  read = 0;
  readonly clock: HybridClock;
  constructor(node: string, skew: number, time: { now: number }) {
    this.clock = new HybridClock(node, () => time.now + skew);
  }
  act(o: Op): { at: string; op: Op } {
    const at = this.clock.now();
    const d = delta(o, at, this.state);
    this.state = joinStates(this.state, d);
    this.pending.push(d);
    return { at, op: o };
  }
  sync(log: SharedState[]): void {
    log.push(...this.pending);
    this.pending = [];
    for (; this.read < log.length; this.read++) {
      this.state = joinStates(this.state, log[this.read]);
      const newest = newestStamp(log[this.read]);
      if (newest) this.clock.seen(newest);
    }
  }
}

const step = fc.oneof(
  fc.record({ type: fc.constant('act' as const), who: fc.nat(2), op }),
  fc.record({ type: fc.constant('sync' as const), who: fc.nat(2) }),
  fc.record({ type: fc.constant('tick' as const), ms: fc.integer({ min: 0, max: 5000 }) }),
);

describe('the shared state', () => {
  for (const replicas of [2, 3]) {
    it(`converges on ${replicas} machines with syncs interleaved at random, losing no note and no tag`, () => {
      fc.assert(
        fc.property(fc.array(step, { maxLength: 60 }), fc.array(fc.integer({ min: -120_000, max: 120_000 }), { minLength: 3, maxLength: 3 }), (steps, skews) => {
          const time = { now: Date.parse('2026-12-07T09:00:00Z') };
          const log: SharedState[] = [];
          const rs = Array.from({ length: replicas }, (_, i) => new Replica(`m${i}`, skews[i], time));
          const done: { at: string; op: Op }[] = [];
          for (const s of steps) {
            if (s.type === 'tick') time.now += s.ms;
            else if (s.type === 'sync') rs[s.who % replicas].sync(log);
            else done.push(rs[s.who % replicas].act(s.op));
          }
          for (const r of rs) r.sync(log);
          for (const r of rs) r.sync(log);
          const first = canonicalState(rs[0].state);
          for (const r of rs) expect(canonicalState(r.state)).toBe(first);
          const final = rs[0].state;
          // Every note version ever written is there.
          for (const { at, op: o } of done) {
            if (o.kind === 'note') expect(final.conversations[anchor(o.conv)].notes![`n${o.note}`].some((v) => v.at === at && v.text === o.text)).toBe(true);
            if (o.kind === 'customer-note') expect(final.customers[email(o.customer)].notes![`n${o.note}`].some((v) => v.at === at)).toBe(true);
          }
          // Every draft version is still a head, or was written over by a machine that had it in front of it;
          // the draft shown holds the text of every head.
          for (const { at, op: o } of done) {
            if (o.kind !== 'draft') continue;
            const versions = final.drafts![draftKey(o.key)];
            const heads = draftHeads(versions);
            expect(heads.some((h) => h.at === at) || versions.some((v) => v.after.includes(at))).toBe(true);
            const shown = draftOf(versions).draft?.text ?? '';
            for (const h of heads) if (h.draft) expect(shown).toContain(h.draft.text);
          }
          // Each tag is what its last word (by stamp) said; likewise each status.
          const last = new Map<string, { at: string; op: Op }>();
          for (const d of done) {
            const key = d.op.kind === 'tag' ? `tag ${d.op.conv} ${d.op.tag}` : d.op.kind === 'status' ? `status ${d.op.conv}` : d.op.kind === 'away' ? 'away' : '';
            if (key && (!last.has(key) || compareHlc(d.at, last.get(key)!.at) > 0)) last.set(key, d);
          }
          for (const { op: o } of last.values()) {
            if (o.kind === 'tag') expect(final.conversations[anchor(o.conv)].tags![o.tag].v).toBe(o.present);
            if (o.kind === 'status') expect(final.conversations[anchor(o.conv)].status!.v.status).toBe(o.status);
            if (o.kind === 'away') expect([final.owner!.away!.v!.until.slice(8, 10), final.owner!.away!.v!.node]).toEqual([String(o.until).padStart(2, '0'), o.node]);
          }
          if (!done.some((d) => d.op.kind === 'away')) expect(final.owner).toBeUndefined();
        }),
        { numRuns: 300 },
      );
    });
  }

  it('lets a decision made after seeing another win over it, though its clock is behind', () => {
    const time = { now: Date.parse('2026-12-07T09:00:00Z') };
    const log: SharedState[] = [];
    const laptop = new Replica('laptop', 0, time);
    const desktop = new Replica('desktop', -3_600_000, time); // an hour behind
    laptop.act({ kind: 'tag', conv: 1, tag: 'refund', present: true });
    laptop.sync(log);
    desktop.sync(log);
    desktop.act({ kind: 'tag', conv: 1, tag: 'refund', present: false });
    desktop.sync(log);
    laptop.sync(log);
    expect(laptop.state.conversations[anchor(1)].tags!.refund.v).toBe(false);
    expect(canonicalState(laptop.state)).toBe(canonicalState(desktop.state));
  });

  it('keeps every version of an edited note and shows the newest; a deletion hides it without losing its text', () => {
    const time = { now: Date.parse('2026-12-07T09:00:00Z') };
    const r = new Replica('m1', 0, time);
    r.act({ kind: 'note', conv: 0, note: 0, text: 'size 39' });
    time.now += 1000;
    r.act({ kind: 'note', conv: 0, note: 0, text: 'size 40' });
    const versions = r.state.conversations[anchor(0)].notes!.n0;
    expect([versions.map((v) => v.text), currentNote(versions)?.text]).toEqual([['size 39', 'size 40'], 'size 40']);
    r.act({ kind: 'note', conv: 0, note: 0, text: null });
    expect(currentNote(r.state.conversations[anchor(0)].notes!.n0)).toBeNull();
    expect(r.state.conversations[anchor(0)].notes!.n0.map((v) => v.text)).toEqual(['size 39', 'size 40', null]);
  });

  it('keeps a clock moving forward, and does not follow one a day ahead', () => {
    let wall = Date.parse('2026-12-07T09:00:00Z');
    const c = new HybridClock('a1', () => wall);
    const first = c.now();
    wall -= 60_000; // the wall clock stepped back
    const second = c.now();
    expect(compareHlc(second, first)).toBe(1);
    c.seen(formatHlc({ wall: wall + 2 * 86_400_000, counter: 0, node: 'b' }));
    expect(parseHlc(c.now())!.wall).toBeLessThan(wall + 86_400_000);
    expect(() => new HybridClock('Bad Node', () => 0)).toThrow(/node id/);
  });
});
