import { describe, expect, it } from 'vitest';
import { parseQuery, textTerms } from '../../../../src/core/domain/query/parse-query.js';
import { matchConversation } from '../../../../src/core/domain/query/match-conversation.js';
import type { ConversationView } from '../../../../src/core/domain/conversation.js';
import type { QueryNode } from '../../../../src/core/domain/query/query-ast.js';

const now = Date.parse('2026-11-23T12:00:00Z');

function view(over: Partial<ConversationView> & { senders?: string[]; subjects?: string[] }): ConversationView {
  const { senders = ['Anna Virtanen <anna@ex.com>'], subjects = ['Shoes too small'], ...rest } = over;
  return {
    id: 'abc12345', subject: 'Shoes too small', customer: 'anna@ex.com', status: 'open', snoozedUntil: null, tags: [], notes: [],
    promise: null, isUnread: false, messageCount: 2, firstMessageAt: '2026-11-01T00:00:00Z', lastMessageAt: '2026-11-20T00:00:00Z', waitingSince: null, lastRepliedAt: null, statusChangedAt: null, hasAttachments: false, automated: null, bouncedAt: null,
    record: { id: 'abc12345', createdSeq: 0, subject: 'Shoes too small', baseSubject: 'shoes too small', customer: 'anna@ex.com', seqs: [0, 1], firstAt: '2026-11-01T00:00:00Z', lastAt: '2026-11-20T00:00:00Z', waitingSince: null, lastInboundSeq: 0, lastUnseenInboundSeq: -1, lastOutboundSeq: 1, lastIsOutbound: true, hasAttachments: false, senders, recipients: ['Riitta <riitta@shop.example>'], subjects },
    ...rest,
  };
}

function matches(q: string, c: ConversationView, text: Record<string, string[]> = {}): boolean {
  const node = parseQuery(q, { now });
  const textMatches = new Map<QueryNode, Set<string>>();
  for (const t of textTerms(node)) textMatches.set(t, new Set(text[t.value] ?? []));
  return matchConversation(c, node, { textMatches, customerName: () => 'Anna Virtanen' });
}

describe('matchConversation', () => {
  const anna = view({ tags: ['refund'], isUnread: true, waitingSince: '2026-11-19T00:00:00Z', hasAttachments: true });

  it.each([
    ['tag:refund', true],
    ['tag:REFUND', true],
    ['-tag:refund', false],
    ['tag:spam', false],
    ['status:open', true],
    ['status:closed', false],
    ['from:anna', true],
    ['from:virtanen', true],
    ['from:bob', false],
    ['to:riitta@shop', true],
    ['subject:small', true],
    ['customer:anna@ex.com', true],
    ['customer:virtanen', true],
    ['is:unread', true],
    ['is:read', false],
    ['is:unanswered', true],
    ['is:attachment', true],
    ['after:2026-11-15', true],
    ['after:2026-11-21', false],
    ['before:2026-11-02', true],
    ['before:2026-11-01', false],
    ['id:abc', true],
    ['id:abd', false],
    ['tag:spam or from:anna', true],
    ['tag:refund and (status:closed or status:waiting)', false],
  ])('%s → %s', (q, expected) => {
    expect(matches(q, anna)).toBe(expected);
  });

  it('uses the full-text matches for free text', () => {
    expect(matches('"lost parcel"', anna, { 'lost parcel': ['abc12345'] })).toBe(true);
    expect(matches('"lost parcel"', anna, { 'lost parcel': ['other'] })).toBe(false);
  });
});
