/**
 * The order of conversation lists, and a list brought up to date from the conversations that changed
 * (so a list of every conversation is not read again whole after each tag or each new message).
 */
import type { ConversationListItem } from './conversation.js';

export type ListSort = 'activity' | 'waiting';

const byId = (a: ConversationListItem, b: ConversationListItem) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Two ISO-8601 dates in time order. Those of years 0-9999 (24 characters) compare as text; a date
 * from mail outside them (`+010000-…`, `-000001-…`, which a hostile Date header can give) by its time.
 */
function compareDates(a: string, b: string): number {
  if (a.length === 24 && b.length === 24) return a < b ? -1 : a > b ? 1 : 0;
  return Date.parse(a) - Date.parse(b);
}

const newestFirst = (a: ConversationListItem, b: ConversationListItem) => compareDates(b.lastMessageAt, a.lastMessageAt);

/**
 * The lists' order (the store sorts by the same keys): promises that are due first; then newest
 * activity first, ties by id; or the customer waiting longest first, nobody waiting last, then
 * newest activity, then id.
 */
export function compareListed(sort: ListSort): (a: ConversationListItem, b: ConversationListItem) => number {
  const within = sortWithin(sort);
  // A promise that is due comes first, whatever the order (issue 19).
  return (a, b) => Number(!!b.promise?.due) - Number(!!a.promise?.due) || within(a, b);
}

function sortWithin(sort: ListSort): (a: ConversationListItem, b: ConversationListItem) => number {
  if (sort === 'activity') return (a, b) => newestFirst(a, b) || byId(a, b);
  return (a, b) => {
    if (a.waitingSince !== b.waitingSince) {
      if (a.waitingSince === null) return 1;
      if (b.waitingSince === null) return -1;
      return compareDates(a.waitingSince, b.waitingSince) || newestFirst(a, b) || byId(a, b);
    }
    return newestFirst(a, b) || byId(a, b);
  };
}

/**
 * `items` (sorted) without the conversations in `drop`, with `fresh` (their current rows, those that
 * still match) in place: one merge pass, O(items + fresh log fresh); the unchanged rows are not sorted again.
 */
export function mergeListed(items: ConversationListItem[], drop: Set<string>, fresh: ConversationListItem[], sort: ListSort): ConversationListItem[] {
  const compare = compareListed(sort);
  const incoming = [...fresh].sort(compare);
  const out: ConversationListItem[] = [];
  let next = 0;
  for (const item of items) {
    if (drop.has(item.id)) continue;
    while (next < incoming.length && compare(incoming[next], item) < 0) out.push(incoming[next++]);
    out.push(item);
  }
  while (next < incoming.length) out.push(incoming[next++]);
  return out;
}
