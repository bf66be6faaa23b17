import { describe, expect, it } from 'vitest';
import { ConversationGrouper, type GroupingMessage } from '../../../src/core/domain/conversation-grouping.js';
import { subjectKey } from '../../../src/core/domain/conversation-relation.js';
import { linkedIdsOf, threadingHeaders } from '../../../src/core/domain/message-ids.js';

const day = 86_400_000;

function msg(seq: number, id: string, opts: { irt?: string; refs?: string; customer?: string; subject?: string; date?: number } = {}): GroupingMessage {
  return {
    ...threadingHeaders(id, opts.irt, opts.refs),
    seq,
    customer: opts.customer ?? 'anna@ex.com',
    baseSubject: opts.subject ?? `subject of ${id}`,
    date: opts.date ?? seq * 1000,
  };
}

/** A grouper over a store holding `stored` (each with its conversation). */
function grouper(stored: { m: GroupingMessage; conversation: string }[] = []) {
  let n = 0;
  const createdSeq = new Map<string, number>();
  for (const { m, conversation } of stored) createdSeq.set(conversation, Math.min(createdSeq.get(conversation) ?? Infinity, m.seq));
  return new ConversationGrouper(
    {
      holdersOf: (id) => stored.filter((s) => s.m.messageId === id).map((s) => ({ customer: s.m.customer, conversation: s.conversation })),
      namersOf: (id) => stored.filter((s) => linkedIdsOf(s.m).includes(id)).map((s) => s.conversation),
      subjectNeighbours: (key, date, windowMs) => stored.filter((s) => subjectKey(s.m) === key && Math.abs(s.m.date - date) <= windowMs).map((s) => s.conversation),
      conversation: (id) => (createdSeq.has(id) ? { id, createdSeq: createdSeq.get(id)! } : undefined),
    },
    { subjectWindowMs: 30 * day, newId: () => `c${++n}` },
  );
}

describe('ConversationGrouper', () => {
  it('joins replies to their parents through References and In-Reply-To', () => {
    const g = grouper();
    const a = g.add(msg(0, '<a@x>'));
    const b = g.add(msg(1, '<b@x>', { irt: '<a@x>' }));
    const c = g.add(msg(2, '<c@x>', { refs: '<a@x> <b@x>' }));
    expect(new Set([a, b, c]).size).toBe(1);
  });

  it('merges two conversations when a late parent links them, keeping the older id', () => {
    const g = grouper();
    const first = g.add(msg(0, '<r1@x>', { refs: '<missing@x>' }));
    const second = g.add(msg(1, '<r2@x>', { subject: 'other', customer: 'bob@ex.com', refs: '<other-missing@x>' }));
    expect(first).not.toBe(second);
    g.add(msg(2, '<bridge@x>', { refs: '<missing@x> <other-missing@x>' }));
    const { assignments, merged } = g.result();
    expect(new Set(assignments.values())).toEqual(new Set([first]));
    expect(merged.get(second)).toBe(first);
  });

  it('joins a message without threading headers by customer and subject within the window', () => {
    const g = grouper();
    const first = g.add(msg(0, '<a@x>', { subject: 'order 1', date: 0 }));
    expect(g.add(msg(1, '<b@x>', { subject: 'order 1', date: 10 * day }))).toBe(first);
  });

  it('never joins another customer by subject', () => {
    const g = grouper();
    const first = g.add(msg(0, '<a@x>', { subject: 'order confirmation', customer: 'anna@ex.com' }));
    expect(g.add(msg(1, '<b@x>', { subject: 'order confirmation', customer: 'bob@ex.com' }))).not.toBe(first);
  });

  it('does not join by subject outside the window', () => {
    const g = grouper();
    const first = g.add(msg(0, '<a@x>', { subject: 'order 1', date: 0 }));
    expect(g.add(msg(1, '<b@x>', { subject: 'order 1', date: 31 * day }))).not.toBe(first);
  });

  it('does not use the subject for a message that has threading headers', () => {
    const g = grouper();
    const first = g.add(msg(0, '<a@x>', { subject: 'order 1' }));
    expect(g.add(msg(1, '<b@x>', { subject: 'order 1', irt: '<elsewhere@x>' }))).not.toBe(first);
  });

  it('never joins by an empty subject', () => {
    const g = grouper();
    const first = g.add(msg(0, '<a@x>', { subject: '' }));
    expect(g.add(msg(1, '<b@x>', { subject: '' }))).not.toBe(first);
  });

  it('finds conversations already in the store, by id and by subject', () => {
    const g = grouper([
      { m: msg(0, '<known@x>', { subject: 'shoes', date: 0 }), conversation: 'old' },
      { m: msg(1, '<reply@x>', { irt: '<known@x>', subject: 'shoes', date: day }), conversation: 'old' },
    ]);
    expect(g.add(msg(5, '<second-reply@x>', { irt: '<known@x>' }))).toBe('old');
    expect(g.add(msg(6, '<webform@x>', { subject: 'shoes', date: 2 * day }))).toBe('old');
    expect(new Set(g.result().assignments.values())).toEqual(new Set(['old']));
  });

  it('joins by subject in either order: a message without headers and one with them never join', () => {
    for (const order of [[0, 1], [1, 0]]) {
      const g = grouper();
      const messages = [msg(0, '<a@x>', { subject: 'order 1' }), msg(1, '<b@x>', { subject: 'order 1', irt: '<elsewhere@x>' })];
      const [first, second] = order.map((i) => g.add(messages[i]));
      expect(second).not.toBe(first);
    }
  });

  it('merges two stored conversations of one customer when a message falls within the window of both, keeping the one created first', () => {
    const g = grouper([
      { m: msg(3, '<a@x>', { subject: 'order 1', date: 0 }), conversation: 'early' },
      { m: msg(1, '<b@x>', { subject: 'order 1', date: 50 * day }), conversation: 'late' },
    ]);
    expect(g.add(msg(7, '<c@x>', { subject: 'order 1', date: 25 * day }))).toBe('late');
    expect(g.result().merged).toEqual(new Map([['early', 'late']]));
  });

  it('links a reused Message-ID only within one customer', () => {
    const g = grouper([{ m: msg(0, '<form@x>', { customer: 'maria@ex.com', subject: 'contact' }), conversation: 'maria' }]);
    expect(g.add(msg(1, '<form@x>', { customer: 'bo@ex.com', subject: 'contact' }))).not.toBe('maria');
    expect(g.add(msg(2, '<form@x>', { customer: 'maria@ex.com', subject: 'contact again' }))).toBe('maria');
  });
});
