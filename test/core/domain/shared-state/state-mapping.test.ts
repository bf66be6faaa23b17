/**
 * A conversation's local decisions and the shared state: each local change becomes a delta of the
 * fields it changed, and the shared state gives back exactly the local state it was built from,
 * whatever the sequence of changes; decisions kept under two anchors (mail grouped apart on another
 * machine, merged here) come back as one.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ConversationState } from '../../../../src/core/domain/conversation.js';
import { HybridClock } from '../../../../src/core/domain/shared-state/hlc.js';
import { conversationDelta, localState } from '../../../../src/core/domain/shared-state/state-mapping.js';
import { emptyShared, joinStates, type SharedConversation } from '../../../../src/core/domain/shared-state/shared-state.js';

const iso = (d: number) => new Date(Date.parse('2026-12-01T00:00:00Z') + d * 3600_000).toISOString();

/** Local states as the store writes them (decided status carries its dates; notes keep their id and first date; promises). */
const localStates: fc.Arbitrary<ConversationState> = fc
  .record({
    status: fc.option(fc.constantFrom('open', 'waiting', 'closed', 'snoozed' as const), { nil: undefined }),
    day: fc.nat(20),
    tags: fc.uniqueArray(fc.constantFrom('refund', 'vip', 'urgent'), { maxLength: 3 }),
    notes: fc.uniqueArray(fc.record({ id: fc.constantFrom('n1', 'n2', 'n3'), text: fc.string({ minLength: 1, maxLength: 6 }) }), { selector: (n) => n.id, maxLength: 3 }),
    readDay: fc.option(fc.nat(20), { nil: undefined }),
    unread: fc.boolean(),
    promiseDay: fc.option(fc.nat(20), { nil: undefined }),
  })
  .map(({ status, day, tags, notes, readDay, unread, promiseDay }) => {
    const s: ConversationState = {};
    if (status) Object.assign(s, { status, statusAt: iso(day), statusChangedAt: iso(day + 1), ...(status === 'snoozed' ? { snoozedUntil: iso(day + 48) } : {}) });
    if (tags.length) s.tags = [...tags].sort();
    if (notes.length) s.notes = notes.map((n) => ({ id: n.id, text: n.text, at: iso(Number(n.id.slice(1))) })).sort((a, b) => (a.at < b.at ? -1 : 1));
    if (readDay !== undefined) s.readAt = iso(readDay);
    if (unread) s.markedUnread = true;
    if (promiseDay !== undefined) s.promise = { by: iso(promiseDay + 24), text: promiseDay % 2 ? 'check with the courier' : '', at: iso(promiseDay) };
    return s;
  });

function join(a: SharedConversation | undefined, b: SharedConversation): SharedConversation {
  const x = emptyShared();
  const y = emptyShared();
  if (a) x.conversations.c = a;
  y.conversations.c = b;
  return joinStates(x, y).conversations.c;
}

describe('local decisions and the shared state', () => {
  it('gives back the local state after any sequence of local changes', () => {
    fc.assert(
      fc.property(fc.array(localStates, { minLength: 1, maxLength: 8 }), (states) => {
        let wall = Date.parse('2026-12-07T09:00:00Z');
        const clock = new HybridClock('m1', () => (wall += 1000));
        let shared: SharedConversation | undefined;
        let previous: ConversationState = {};
        for (const s of states) {
          const d = conversationDelta(previous, s, clock.now());
          if (d) shared = join(shared, d);
          previous = s;
        }
        const last = states.at(-1)!;
        // A note's first date is kept from its first version; its text from its newest.
        const firstDates = new Map<string, string>();
        for (const s of states) for (const n of s.notes ?? []) if (!firstDates.has(n.id)) firstDates.set(n.id, n.at);
        const expected = { ...last, ...(last.notes ? { notes: last.notes.map((n) => ({ ...n, at: firstDates.get(n.id)! })).sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : 1)) } : {}) };
        expect(localState(shared ? [shared] : [])).toEqual(expected);
      }),
      { numRuns: 400 },
    );
  });

  it('says nothing for a change that changed nothing, and only the fields that changed', () => {
    const s: ConversationState = { status: 'closed', statusAt: iso(1), statusChangedAt: iso(2), tags: ['vip'] };
    expect(conversationDelta(s, { ...s }, 'x')).toBeNull();
    expect(conversationDelta(s, { ...s, tags: ['refund'] }, '0000000000001-00000-m1')).toEqual({ tags: { vip: { v: false, at: '0000000000001-00000-m1' }, refund: { v: true, at: '0000000000001-00000-m1' } } });
  });

  it('joins the decisions kept under two anchors of one conversation', () => {
    const clock = new HybridClock('m1', () => Date.parse('2026-12-07T09:00:00Z'));
    const a = conversationDelta({}, { tags: ['vip'], notes: [{ id: 'n1', text: 'size 39', at: iso(1) }] }, clock.now())!;
    const b = conversationDelta({}, { status: 'closed', statusAt: iso(2), statusChangedAt: iso(3) }, clock.now())!;
    expect(localState([a, b])).toEqual({ status: 'closed', statusAt: iso(2), statusChangedAt: iso(3), tags: ['vip'], notes: [{ id: 'n1', text: 'size 39', at: iso(1) }] });
  });
});
