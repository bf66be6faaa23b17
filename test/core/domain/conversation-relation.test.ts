/**
 * The relation and its two implementations: the assembler gives the connected components of the
 * pairwise `linked` (checked by brute force), and the incremental grouper, fed the same messages in
 * any order and any batches over a store it keeps updating, ends with the assembler's partition.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConversationGrouper } from '../../../src/core/domain/conversation-grouping.js';
import { assembleConversations, linked, nearestInWindow, subjectKey, type GroupingMessage } from '../../../src/core/domain/conversation-relation.js';
import { linkedIdsOf, threadingHeaders } from '../../../src/core/domain/message-ids.js';

const day = 86_400_000;
const window = 10 * day;
const ids = ['<a@x>', '<b@x>', '<c@x>', '<d@x>', '<e@x>', '<f@x>', '<g@x>', '<h@x>'];

const messages = fc
  .array(
    fc.record({
      own: fc.constantFrom(...ids),
      refs: fc.subarray(ids, { maxLength: 2 }),
      irt: fc.option(fc.constantFrom(...ids), { nil: undefined }),
      customer: fc.constantFrom('anna@ex.com', 'bo@ex.com', 'unknown-0123456789abcdef@invalid'),
      baseSubject: fc.constantFrom('', 'order', 'refund'),
      date: fc.integer({ min: 0, max: 40 }).map((d) => d * day),
    }),
    { maxLength: 14 },
  )
  .map((list) =>
    list.map((r, seq): GroupingMessage => ({ ...threadingHeaders(r.own, r.irt, r.refs.join(' ')), seq, customer: r.customer, baseSubject: r.baseSubject, date: r.date })),
  );

const key = (groups: GroupingMessage[][]) => groups.map((g) => g.map((m) => m.seq).sort((a, b) => a - b).join(',')).sort();

function bruteForce(list: GroupingMessage[]): GroupingMessage[][] {
  const component = list.map((_, i) => i);
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = 0; i < list.length; i++)
      for (let j = 0; j < list.length; j++)
        if (component[i] !== component[j] && linked(list[i], list[j], window)) {
          const [from, to] = [Math.max(component[i], component[j]), Math.min(component[i], component[j])];
          for (let k = 0; k < list.length; k++) if (component[k] === from) component[k] = to;
          changed = true;
        }
  }
  return [...new Set(component)].map((c) => list.filter((_, i) => component[i] === c));
}

/** Feeds batches to a grouper each, over a store (seq → conversation, created seqs) updated after each batch as the import does. */
function groupInBatches(batches: GroupingMessage[][]): GroupingMessage[][] {
  const stored: { m: GroupingMessage; conversation: string }[] = [];
  const createdSeq = new Map<string, number>();
  let n = 0;
  for (const batch of batches) {
    const grouper = new ConversationGrouper(
      {
        holdersOf: (id) => stored.filter((s) => s.m.messageId === id).map((s) => ({ customer: s.m.customer, conversation: s.conversation })),
        // As KnownMail: only the first message naming an id (all that name it are linked already).
        namersOf: (id) => stored.filter((s) => linkedIdsOf(s.m).includes(id)).map((s) => s.conversation).slice(0, 1),
        // As KnownMail: only the nearest partner on each side within the window.
        subjectNeighbours: (k, date, windowMs) => {
          const list = stored.filter((s) => subjectKey(s.m) === k).sort((a, b) => a.m.date - b.m.date).map((s) => ({ date: s.m.date, value: s.conversation }));
          return nearestInWindow(list, date, windowMs);
        },
        conversation: (id) => (createdSeq.has(id) ? { id, createdSeq: createdSeq.get(id)! } : undefined),
      },
      { subjectWindowMs: window, newId: () => `c${++n}` },
    );
    for (const m of batch) grouper.add(m);
    const { assignments, merged } = grouper.result();
    for (const s of stored) s.conversation = merged.get(s.conversation) ?? s.conversation;
    for (const m of batch) {
      const conversation = assignments.get(m.seq)!;
      stored.push({ m, conversation });
      createdSeq.set(conversation, Math.min(createdSeq.get(conversation) ?? Infinity, m.seq));
    }
  }
  const groups = new Map<string, GroupingMessage[]>();
  for (const s of stored) groups.set(s.conversation, [...(groups.get(s.conversation) ?? []), s.m]);
  return [...groups.values()];
}

describe('the conversation relation', () => {
  it('the assembler gives the connected components of the pairwise relation', () => {
    fc.assert(
      fc.property(messages, (list) => {
        expect(key(assembleConversations(list, window))).toEqual(key(bruteForce(list)));
      }),
      { numRuns: 300, seed: 14 },
    );
  });

  it('the incremental grouper gives the assembler’s partition in any order and any batches', () => {
    fc.assert(
      fc.property(
        messages.chain((list) => fc.tuple(fc.constant(list), fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length }), fc.array(fc.nat(list.length), { maxLength: 4 }))),
        ([list, order, cuts]) => {
          const bounds = [0, ...[...cuts].sort((a, b) => a - b), order.length];
          const batches = bounds.slice(1).map((end, k) => order.slice(bounds[k], end));
          expect(key(groupInBatches(batches))).toEqual(key(assembleConversations(list, window)));
        },
      ),
      { numRuns: 300, seed: 14 },
    );
  });

  it('is symmetric', () => {
    fc.assert(
      fc.property(messages, (list) => {
        for (const a of list) for (const b of list) expect(linked(a, b, window)).toBe(linked(b, a, window));
      }),
      { numRuns: 100, seed: 14 },
    );
  });
});
