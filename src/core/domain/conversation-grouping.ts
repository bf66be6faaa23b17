/**
 * Which conversation each new message belongs to, incrementally: the conversations stay exactly the
 * connected components of the relation in conversation-relation.ts, whatever the order and batches
 * mail arrives in. A new message joins every conversation holding a message it is linked to; when
 * it links several, they merge. Conversations never split, so ids the owner has seen stay valid.
 */
import { linkedIdsOf } from './message-ids.js';
import { insertByDate, nearestInWindow, subjectKey, type Dated, type GroupingMessage } from './conversation-relation.js';

export type { GroupingMessage } from './conversation-relation.js';

export type ExistingConversation = { id: string; createdSeq: number };

/** What the store already knows, looked up lazily so a batch does not copy the whole store. Conversation ids are current (alias-resolved). */
export type GroupingLookups = {
  /** Stored messages whose own Message-ID is this: their customers and conversations. */
  holdersOf(messageId: string): { customer: string; conversation: string }[];
  /** Conversations of stored messages naming this id (all in one, since they are linked to each other). */
  namersOf(messageId: string): string[];
  /** Conversations of the stored messages under this subject key (see subjectKey) nearest to this date, before and after, within the window. */
  subjectNeighbours(key: string, date: number, windowMs: number): string[];
  conversation(id: string): ExistingConversation | undefined;
};

export type GroupingResult = {
  /** New message seq → conversation id (after merges). */
  assignments: Map<number, string>;
  /** Conversation id → the id it was merged into. */
  merged: Map<string, string>;
};

export class ConversationGrouper {
  private readonly groups = new Map<string, ExistingConversation>();
  private readonly parent = new Map<string, string>();
  // This run's messages, as the lookups hold the store's.
  private readonly holders = new Map<string, { customer: string; conversation: string }[]>();
  private readonly namers = new Map<string, string>();
  private readonly subjects = new Map<string, Dated<string>[]>();
  private readonly assignments = new Map<number, string>();

  constructor(
    private readonly lookups: GroupingLookups,
    private readonly options: {
      subjectWindowMs: number;
      /** A fresh conversation id for a conversation started by this message. */
      newId: (message: GroupingMessage) => string;
    },
  ) {}

  /** Places one new message, in any order. Returns its conversation as of now (a later message may merge it: see result()). */
  add(m: GroupingMessage): string {
    const partners: string[] = [];
    for (const h of [...this.lookups.holdersOf(m.messageId), ...(this.holders.get(m.messageId) ?? [])]) if (h.customer === m.customer) partners.push(h.conversation);
    partners.push(...this.namersOf(m.messageId));
    const named = linkedIdsOf(m);
    for (const id of named) {
      for (const h of [...this.lookups.holdersOf(id), ...(this.holders.get(id) ?? [])]) partners.push(h.conversation);
      partners.push(...this.namersOf(id));
    }
    const key = this.options.subjectWindowMs > 0 ? subjectKey(m) : undefined;
    if (key !== undefined) {
      partners.push(...this.lookups.subjectNeighbours(key, m.date, this.options.subjectWindowMs));
      partners.push(...nearestInWindow(this.subjects.get(key) ?? [], m.date, this.options.subjectWindowMs));
    }
    let target: string | undefined;
    for (const p of partners) target = target === undefined ? this.find(p) : this.union(target, p);
    if (target === undefined) {
      target = this.options.newId(m);
      this.groups.set(target, { id: target, createdSeq: m.seq });
    }
    (this.holders.get(m.messageId) ?? this.holders.set(m.messageId, []).get(m.messageId)!).push({ customer: m.customer, conversation: target });
    for (const id of named) if (!this.namers.has(id)) this.namers.set(id, target);
    if (key !== undefined) insertByDate(this.subjects.get(key) ?? this.subjects.set(key, []).get(key)!, { date: m.date, value: target });
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

  private namersOf(id: string): string[] {
    const local = this.namers.get(id);
    return local === undefined ? this.lookups.namersOf(id) : [local, ...this.lookups.namersOf(id)];
  }

  private group(id: string): ExistingConversation {
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

  /**
   * Merges two conversations. The one created first (lowest createdSeq) survives: its id is the one
   * the owner has most likely seen, scripted or noted; the other keeps resolving through an alias.
   */
  private union(a: string, b: string): string {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return ra;
    const ga = this.group(ra);
    const gb = this.group(rb);
    const [keep, drop] = ga.createdSeq <= gb.createdSeq ? [ga, gb] : [gb, ga];
    this.parent.set(drop.id, keep.id);
    return keep.id;
  }
}
