import { describe, expect, it } from 'vitest';
import { ConversationGrouper, type ExistingConversation, type GroupingMessage } from '../../../src/core/domain/conversation-grouping.js';
import { threadingHeaders } from '../../../src/core/domain/message-ids.js';

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

function grouper(existing: { conversations?: ExistingConversation[]; ids?: Record<string, string> } = {}) {
  const conversations = new Map((existing.conversations ?? []).map((c) => [c.id, c]));
  let n = 0;
  return new ConversationGrouper(
    {
      conversationOfId: (id) => existing.ids?.[id],
      conversation: (id) => conversations.get(id),
      conversationsBySubject: (customer, base) => [...conversations.values()].filter((c) => c.customer === customer && c.baseSubject === base).map((c) => c.id),
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
    const existing = { id: 'old', createdSeq: 0, customer: 'anna@ex.com', baseSubject: 'shoes', firstAt: 0, lastAt: day };
    const g = grouper({ conversations: [existing], ids: { '<known@x>': 'old' } });
    expect(g.add(msg(5, '<reply@x>', { irt: '<known@x>' }))).toBe('old');
    expect(g.add(msg(6, '<webform@x>', { subject: 'shoes', date: 2 * day }))).toBe('old');
    expect(new Set(g.result().assignments.values())).toEqual(new Set(['old']));
  });
});
