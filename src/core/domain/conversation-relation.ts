/**
 * When two messages belong to one conversation: a symmetric relation over messages, decided by the
 * two messages alone, so that conversations (its connected components) do not depend on the order
 * or the batches in which mail arrives. Adding a message only adds links: conversations can only
 * join, never split, which keeps every conversation id the owner has seen valid (merged ids become
 * aliases).
 *
 * Two messages are linked when
 * 1. Headers: one names the other's Message-ID in References or In-Reply-To, or both name the same id
 *    (two replies to a parent we do not have). Transitively, a References-only threader's threads.
 * 2. Shared Message-ID: both carry the same Message-ID as their own (different content, see
 *    message-content.ts) and have the same customer. A form reusing one id for two people must not put
 *    them in one conversation.
 * 3. Subject: neither has threading headers (their grouping cannot come from headers), both have the
 *    same real customer (never a placeholder, see participants.ts) and the same non-empty base
 *    subject, and their dates are within the window of each other. Different customers with the same
 *    subject ("Order confirmation") never join.
 */
import { isPlaceholderCustomer } from './participants.js';
import { hasThreadingHeaders, linkedIdsOf, type ThreadingHeaders } from './message-ids.js';

export type GroupingMessage = ThreadingHeaders & {
  seq: number;
  /** The customer of this message: the sender, or for the shop's own mail the first recipient who is not the shop. */
  customer: string;
  baseSubject: string;
  date: number;
};

/** The key under which rule 3 looks for partners, or undefined when the subject rule does not apply to this message. */
export function subjectKey(m: Pick<GroupingMessage, 'customer' | 'baseSubject' | 'references' | 'inReplyTo'>): string | undefined {
  if (m.baseSubject === '' || hasThreadingHeaders(m) || isPlaceholderCustomer(m.customer)) return undefined;
  return `${m.customer}\u0000${m.baseSubject}`;
}

export type Dated<T> = { date: number; value: T };

/** Inserts keeping `list` in date order (usually at the end: mail mostly arrives in date order). */
export function insertByDate<T>(list: Dated<T>[], entry: Dated<T>): void {
  let i = list.length;
  while (i > 0 && list[i - 1].date > entry.date) i--;
  list.splice(i, 0, entry);
}

/**
 * The subject partners of a message dated `date` that matter, from a date-ordered list of messages
 * under its subject key that are grouped as the relation says: the nearest at or before and the
 * nearest at or after, when within the window. Every other partner is within the window of one of
 * these two (all lie on one side of `date` within the window), so it is in the same conversation.
 * Entries not `usable` (messages not grouped yet) are skipped.
 */
export function nearestInWindow<T>(list: Dated<T>[], date: number, windowMs: number, usable: (value: T) => boolean = () => true): T[] {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].date < date) lo = mid + 1;
    else hi = mid;
  }
  let before = lo - 1;
  while (before >= 0 && date - list[before].date <= windowMs && !usable(list[before].value)) before--;
  let after = lo;
  while (after < list.length && list[after].date - date <= windowMs && !usable(list[after].value)) after++;
  const out: T[] = [];
  if (before >= 0 && date - list[before].date <= windowMs) out.push(list[before].value);
  if (after < list.length && list[after].date - date <= windowMs) out.push(list[after].value);
  return out;
}

/** Whether two messages are linked (the reference definition; the assembler and the grouper find the same links faster). */
export function linked(a: GroupingMessage, b: GroupingMessage, subjectWindowMs: number): boolean {
  const namedByA = linkedIdsOf(a);
  const namedByB = linkedIdsOf(b);
  if (namedByA.includes(b.messageId) || namedByB.includes(a.messageId) || namedByA.some((id) => namedByB.includes(id))) return true;
  if (a.messageId === b.messageId && a.customer === b.customer) return true;
  const key = subjectKey(a);
  return key !== undefined && key === subjectKey(b) && Math.abs(a.date - b.date) <= subjectWindowMs;
}

/**
 * The conversations of a set of messages: the connected components of `linked`, each listed in
 * input order. Pure and independent of input order up to the order of the lists.
 */
export function assembleConversations<M extends GroupingMessage>(messages: M[], subjectWindowMs: number): M[][] {
  const parent = messages.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  const union = (a: number, b: number) => {
    const [ra, rb] = [find(a), find(b)];
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  const holders = new Map<string, number[]>();
  const firstNamer = new Map<string, number>();
  const bySubject = new Map<string, number[]>();
  const push = <K>(map: Map<K, number[]>, key: K, i: number) => (map.get(key) ?? map.set(key, []).get(key)!).push(i);
  messages.forEach((m, i) => {
    push(holders, m.messageId, i);
    // Every message naming an id is linked to every other naming it: joining each to the first suffices.
    for (const id of linkedIdsOf(m)) {
      const first = firstNamer.get(id);
      if (first === undefined) firstNamer.set(id, i);
      else union(first, i);
    }
    const key = subjectWindowMs > 0 ? subjectKey(m) : undefined;
    if (key !== undefined) push(bySubject, key, i);
  });
  for (const [id, own] of holders) {
    const namer = firstNamer.get(id);
    const byCustomer = new Map<string, number>();
    for (const i of own) {
      if (namer !== undefined) union(namer, i);
      const same = byCustomer.get(messages[i].customer);
      if (same === undefined) byCustomer.set(messages[i].customer, i);
      else union(same, i);
    }
  }
  // Within one key, consecutive dates within the window connect exactly what pairwise links connect.
  for (const group of bySubject.values()) {
    group.sort((a, b) => messages[a].date - messages[b].date);
    for (let k = 1; k < group.length; k++) if (messages[group[k]].date - messages[group[k - 1]].date <= subjectWindowMs) union(group[k - 1], group[k]);
  }
  const out = new Map<number, M[]>();
  messages.forEach((m, i) => {
    const root = find(i);
    (out.get(root) ?? out.set(root, []).get(root)!).push(m);
  });
  return [...out.values()];
}
