/** The list's ! mark: a reply that did not go (the outbox says) and one that bounced (the store says). */
import { describe, expect, it } from 'vitest';
import type { ConversationListItem } from '../../src/core/domain/conversation.js';
import { rowsOf } from '../../src/tui/state/list-rows.js';

const item = (id: string, bouncedAt: string | null): ConversationListItem => ({
  id, subject: id, customer: `${id}@ex.com`, customerName: '', status: 'open', snoozedUntil: null, tags: [], isUnread: false, messageCount: 2,
  firstMessageAt: '2026-12-01T00:00:00Z', lastMessageAt: '2026-12-03T00:00:00Z', waitingSince: null, lastRepliedAt: null, statusChangedAt: null, hasAttachments: false, automated: null, bouncedAt, promise: null,
});

describe('list rows', () => {
  it('marks a bounced reply as one that did not go, beside the outbox’s own troubles', () => {
    const rows = rowsOf([item('a', null), item('b', '2026-12-03T10:05:00Z'), item('c', null)], new Set(), new Set(['c']));
    expect(rows.map((r) => [r.id, !!r.replyFailed])).toEqual([['a', false], ['b', true], ['c', true]]);
  });
});
