/**
 * The lists' order in JS (list-order.ts) is the store's SQL order (by epoch milliseconds, then id),
 * also for dates outside years 0-9999, whose ISO form (`+010000-…`, `-000001-…`) does not sort as text.
 */
import { describe, expect, it } from 'vitest';
import type { ConversationListItem } from '../../../src/core/domain/conversation.js';
import { compareListed, mergeListed } from '../../../src/core/domain/list-order.js';

const item = (id: string, lastMs: number, waitingMs: number | null = null, due?: boolean): ConversationListItem => ({
  id,
  subject: id,
  customer: `${id}@ex.com`,
  customerName: '',
  status: 'open',
  snoozedUntil: null,
  tags: [],
  isUnread: false,
  messageCount: 1,
  firstMessageAt: new Date(lastMs).toISOString(),
  lastMessageAt: new Date(lastMs).toISOString(),
  waitingSince: waitingMs === null ? null : new Date(waitingMs).toISOString(),
  lastRepliedAt: null,
  statusChangedAt: null,
  hasAttachments: false,
  automated: null,
  bouncedAt: null,
  promise: due === undefined ? null : { by: '2026-12-11T09:00:00.000Z', text: '', due },
});

// Year 10000, year -1, and ordinary dates, in both orders.
const far = Date.UTC(10000, 0, 1);
const before = Date.UTC(-1, 0, 1);
const items = [item('a', Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 1)), item('b', far, far), item('c', before, before), item('d', Date.UTC(1999, 5, 1), null), item('e', Date.UTC(2026, 0, 1), null)];

/** The SQL order: activity by last_at DESC, id; waiting by waiting_since (nulls last), last_at DESC, id. */
function sqlOrder(sort: 'activity' | 'waiting', list: ConversationListItem[]): string[] {
  const ms = (iso: string | null) => (iso === null ? null : Date.parse(iso));
  return [...list]
    .sort((x, y) => {
      if (sort === 'waiting') {
        const a = ms(x.waitingSince);
        const b = ms(y.waitingSince);
        if (a !== b) return a === null ? 1 : b === null ? -1 : a - b;
      }
      return ms(y.lastMessageAt)! - ms(x.lastMessageAt)! || (x.id < y.id ? -1 : 1);
    })
    .map((i) => i.id);
}

describe('list order', () => {
  for (const sort of ['activity', 'waiting'] as const) {
    it(`sorts by ${sort} as SQL does, dates beyond year 9999 and before year 0 included`, () => {
      expect(items[1].lastMessageAt.startsWith('+')).toBe(true);
      expect([...items].sort(compareListed(sort)).map((i) => i.id)).toEqual(sqlOrder(sort, items));
    });

    it(`merges changed rows into a ${sort} list where a full sort puts them`, () => {
      const sorted = [...items].sort(compareListed(sort));
      const fresh = [item('f', Date.UTC(2020, 0, 1), Date.UTC(2020, 0, 1)), item('a', Date.UTC(1990, 0, 1), null)];
      const merged = mergeListed(sorted, new Set(['a', 'c']), fresh, sort);
      const expected = sqlOrder(sort, [...items.filter((i) => i.id !== 'a' && i.id !== 'c'), ...fresh]);
      expect(merged.map((i) => i.id)).toEqual(expected);
    });
  }

  it('puts promises that are due first in either order, and those not yet due where their dates put them', () => {
    const rows = [item('old-due', Date.UTC(2020, 0, 1), null, true), item('new', Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 1)), item('not-due', Date.UTC(2021, 0, 1), null, false), item('due-waiting', Date.UTC(2019, 0, 1), Date.UTC(2019, 0, 1), true)];
    expect([...rows].sort(compareListed('activity')).map((i) => i.id)).toEqual(['old-due', 'due-waiting', 'new', 'not-due']);
    expect([...rows].sort(compareListed('waiting')).map((i) => i.id)).toEqual(['due-waiting', 'old-due', 'new', 'not-due']);
  });
});
