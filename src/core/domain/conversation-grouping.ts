/**
 * Which conversation each message belongs to. Incremental and sticky: messages already in a
 * conversation stay together, new messages can only join or merge conversations, never split them.
 *
 * Two rules put messages together:
 * 1. Headers: a message joins every conversation holding an id it names (References, In-Reply-To),
 *    and every conversation whose messages name it (replies that arrived before their parent).
 *    Transitively, this gives exactly the threads a References-only threader (notmuch) gives.
 * 2. Subject fallback, only for a message with no threading headers at all: it joins the conversation
 *    of the same customer with the same base subject whose messages are nearest in time, within the
 *    window. Different customers with the same subject ("Order confirmation") never merge, and mail
 *    without a usable sender (a placeholder customer, see participants.ts) never joins by subject.
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

export type ExistingConversation = {
  id: string;
  createdSeq: number;
  customer: string;
  baseSubject: string;
  firstAt: number;
  lastAt: number;
};

/** What the store already knows, looked up lazily so a batch does not copy the whole store. */
export type GroupingLookups = {
  /** The (current, alias-resolved) conversation holding a message with this id, or a message that names it. */
  conversationOfId(messageId: string): string | undefined;
  conversation(id: string): ExistingConversation | undefined;
  /** Existing conversations of this customer with this base subject. */
  conversationsBySubject(customer: string, baseSubject: string): string[];
};

export type GroupingResult = {
  /** New message seq → conversation id (after merges). */
  assignments: Map<number, string>;
  /** Conversation id → the id it was merged into. Survivors are the oldest conversation of each merge. */
  merged: Map<string, string>;
};

type Group = ExistingConversation;

export class ConversationGrouper {
  private readonly groups = new Map<string, Group>();
  private readonly parent = new Map<string, string>();
  private readonly idToGroup = new Map<string, string>();
  private readonly bySubject = new Map<string, Set<string>>();
  private readonly assignments = new Map<number, string>();

  constructor(
    private readonly lookups: GroupingLookups,
    private readonly options: {
      subjectWindowMs: number;
      /** A fresh conversation id for a conversation started by this message. */
      newId: (message: GroupingMessage) => string;
    },
  ) {}

  /** Places one new message; call in date order so the subject fallback sees earlier messages first. */
  add(m: GroupingMessage): string {
    const ids = [m.messageId, ...linkedIdsOf(m)];
    let target: string | undefined;
    for (const id of ids) {
      const g = this.ownerOf(id);
      if (g !== undefined) target = target === undefined ? this.find(g) : this.union(target, g);
    }
    if (target === undefined && !hasThreadingHeaders(m)) target = this.bySubjectMatch(m);
    if (target === undefined) {
      const id = this.options.newId(m);
      this.groups.set(id, { id, createdSeq: m.seq, customer: m.customer, baseSubject: m.baseSubject, firstAt: m.date, lastAt: m.date });
      if (m.baseSubject !== '') this.subjectSet(m.customer, m.baseSubject).add(id);
      target = id;
    }
    const g = this.group(target);
    g.firstAt = Math.min(g.firstAt, m.date);
    g.lastAt = Math.max(g.lastAt, m.date);
    for (const id of ids) if (!this.idToGroup.has(id)) this.idToGroup.set(id, target);
    this.assignments.set(m.seq, target);
    return target;
  }

  result(): GroupingResult {
    const assignments = new Map<number, string>();
    for (const [seq, id] of this.assignments) assignments.set(seq, this.find(id));
    const merged = new Map<string, string>();
    for (const id of this.parent.keys()) merged.set(id, this.find(id));
    return { assignments, merged };
  }

  private ownerOf(messageId: string): string | undefined {
    const local = this.idToGroup.get(messageId);
    if (local !== undefined) return local;
    const existing = this.lookups.conversationOfId(messageId);
    if (existing !== undefined) this.idToGroup.set(messageId, existing);
    return existing;
  }

  private group(id: string): Group {
    let g = this.groups.get(id);
    if (!g) {
      const existing = this.lookups.conversation(id);
      if (!existing) throw new Error(`conversation ${id} is referenced but missing`);
      this.groups.set(id, (g = { ...existing }));
    }
    return g;
  }

  private find(id: string): string {
    let root = id;
    while (this.parent.has(root)) root = this.parent.get(root)!;
    // Path compression keeps long merge chains cheap.
    for (let cur = id; cur !== root; ) {
      const next = this.parent.get(cur)!;
      this.parent.set(cur, root);
      cur = next;
    }
    return root;
  }

  /** Merges two conversations; the older one (lower createdSeq) survives so its id stays valid. */
  private union(a: string, b: string): string {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return ra;
    const ga = this.group(ra);
    const gb = this.group(rb);
    const [keep, drop] = ga.createdSeq <= gb.createdSeq ? [ga, gb] : [gb, ga];
    this.parent.set(drop.id, keep.id);
    keep.firstAt = Math.min(keep.firstAt, drop.firstAt);
    keep.lastAt = Math.max(keep.lastAt, drop.lastAt);
    return keep.id;
  }

  private subjectSet(customer: string, baseSubject: string): Set<string> {
    const key = `${customer}\u0000${baseSubject}`;
    let set = this.bySubject.get(key);
    if (!set) {
      set = new Set(this.lookups.conversationsBySubject(customer, baseSubject));
      this.bySubject.set(key, set);
    }
    return set;
  }

  private bySubjectMatch(m: GroupingMessage): string | undefined {
    if (m.baseSubject === '' || this.options.subjectWindowMs <= 0 || isPlaceholderCustomer(m.customer)) return undefined;
    let best: string | undefined;
    let bestGap = Infinity;
    for (const id of this.subjectSet(m.customer, m.baseSubject)) {
      const g = this.group(this.find(id));
      const gap = m.date < g.firstAt ? g.firstAt - m.date : m.date > g.lastAt ? m.date - g.lastAt : 0;
      if (gap <= this.options.subjectWindowMs && gap < bestGap) {
        best = g.id;
        bestGap = gap;
      }
    }
    return best;
  }
}
