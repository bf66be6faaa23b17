/**
 * Conversations: the derived record the store keeps for each one (rebuilt when mail arrives), the
 * owner's decisions about it (status, tags, notes, read marks; changed only by the owner), and the
 * view that combines the two. Import never writes the owner's decisions; rules that depend on new
 * mail ("a new customer message reopens a closed conversation") are evaluated here, from arrival
 * order and dates, so a crash can never leave the two halves disagreeing. "The customer wrote again"
 * needs both: a message that arrived after the decision (seq) and is dated after what the owner had
 * seen when deciding (date). An old message imported late (an archive, a new folder, a UIDVALIDITY
 * reset) arrives after the decision but is dated before it, so it never reopens or marks unread.
 */
import { compareText } from './compare.js';
import type { MessageMeta } from './message.js';
import type { AutomatedKind } from './automated.js';

export const conversationStatuses = ['open', 'waiting', 'closed', 'snoozed'] as const;
export type ConversationStatus = (typeof conversationStatuses)[number];

export type ConversationRecord = {
  id: string;
  createdSeq: number;
  subject: string;
  baseSubject: string;
  /** Customer email (lower case). */
  customer: string;
  /** Message seqs in date order. */
  seqs: number[];
  firstAt: string;
  lastAt: string;
  /** The customer's oldest message not yet answered by the shop; null when the shop spoke last. */
  waitingSince: string | null;
  lastInboundSeq: number;
  lastUnseenInboundSeq: number;
  lastOutboundSeq: number;
  /** Date of the newest inbound message; absent in records written by older versions (until rebuilt). */
  lastInboundAt?: string;
  /** Date of the shop's newest message (its last reply); absent when the shop never wrote. */
  lastOutboundAt?: string;
  /** Date of the newest inbound message not seen on arrival; absent when none (or in older records). */
  lastUnseenInboundAt?: string;
  /** The newest message (by date) is the shop's. */
  lastIsOutbound: boolean;
  hasAttachments: boolean;
  /** Every message from outside the shop came from a machine (automated.ts): no person waits here. */
  automatedOnly?: boolean;
  /** The kinds of machine mail in it (is:automated, automated:bounce); absent when none. */
  automatedKinds?: AutomatedKind[];
  /** The newest bounce of the shop's mail not followed by other mail from the shop (is:bounced); absent when none. */
  bouncedAt?: string;
  /** "Name <email>" of every sender and recipient, for from:/to: queries. */
  senders: string[];
  recipients: string[];
  subjects: string[];
};

export type Note = { id: string; text: string; at: string; author?: string };

/** The owner's decisions about one conversation. Absent fields mean "never decided". */
export type ConversationState = {
  status?: ConversationStatus;
  /** The store's arrival counter when the status was set: later customer mail reopens. */
  statusSeq?: number;
  /**
   * The date of the newest message in the conversation when the status was set (not the clock at
   * the decision: mail written before the decision but delivered after it is news to the owner).
   * Customer mail dated at or before it never reopens. Absent in states written by older versions.
   */
  statusAt?: string;
  /** When (by the clock) the owner last changed the status: "closed on 3 Dec". Absent before h2h kept it. */
  statusChangedAt?: string;
  snoozedUntil?: string;
  tags?: string[];
  notes?: Note[];
  /** Every message with seq ≤ readSeq has been read. */
  readSeq?: number;
  /** Every message dated at or before readAt has been read (the newest message's date when marked read). */
  readAt?: string;
  markedUnread?: boolean;
  /** A promise the owner made (issue 19, W / h2h remind): due at `by`, it brings the conversation back until resolved. */
  promise?: Promise_;
};

/**
 * "I'll check with the courier by Friday": `by` (ISO) when it comes back, `text` what was promised
 * (may be empty), `at` when it was made. Only the owner resolves it: a customer's "thanks!" does not.
 */
export type Promise_ = { by: string; text: string; at: string };

export type ConversationView = {
  id: string;
  subject: string;
  customer: string;
  status: ConversationStatus;
  snoozedUntil: string | null;
  tags: string[];
  notes: Note[];
  isUnread: boolean;
  messageCount: number;
  firstMessageAt: string;
  lastMessageAt: string;
  waitingSince: string | null;
  /** When the shop last wrote in it (its last reply), or null. */
  lastRepliedAt: string | null;
  /** When the status was last changed (by the clock), or null when unknown (never changed, or before h2h kept it). */
  statusChangedAt: string | null;
  hasAttachments: boolean;
  /** null when a person wrote in it; else the kinds of machine that did (every message from outside automated). */
  automated: AutomatedKind[] | null;
  /** When mail from the shop bounced, the shop not having written since (is:bounced); else null. */
  bouncedAt: string | null;
  /** The owner's promise, and whether it is due (then the conversation is open and first in its list); null when none. */
  promise: { by: string; text: string; due: boolean } | null;
  record: ConversationRecord;
};

/** What a list shows of a conversation: its view without the record and notes. */
export type ConversationListFields = Omit<ConversationView, 'record' | 'notes'>;

/** A conversation as a list shows it, with the customer's name. */
export type ConversationListItem = ConversationListFields & { customerName: string };

/** The list fields of a view (the customer's name comes from the customer). */
export function listItemOf(v: ConversationView): ConversationListFields {
  const { record: _record, notes: _notes, ...item } = v;
  return item;
}

const isoMs = (iso: string) => Date.parse(iso);

/** "1 conversation", "12 conversations": for summaries and undo records. */
export const conversationCount = (n: number) => `${n} conversation${n === 1 ? '' : 's'}`;

/** Notes from several lists, each once (by id), oldest first. */
export function mergeNotes(...lists: Note[][]): Note[] {
  const notes = new Map<string, Note>();
  for (const list of lists) for (const n of list) notes.set(n.id, n);
  return [...notes.values()].sort((a, b) => compareText(a.at, b.at));
}

/** Tags after adding and removing some (tags are lower case), sorted. */
export function changeTags(tags: string[], add: string[], remove: string[]): string[] {
  const next = new Set(tags);
  add.forEach((t) => next.add(t.toLowerCase()));
  remove.forEach((t) => next.delete(t.toLowerCase()));
  return [...next].sort();
}

/** Combines the states of conversations that mail has since merged into one. */
export function mergeStates(states: ConversationState[]): ConversationState {
  if (states.length === 1) return states[0];
  const tags = new Set<string>();
  let decided: ConversationState | undefined;
  let readSeq: number | undefined;
  let readAt: string | undefined;
  // A read mark without a date (older versions) covers no dates: the merged mark keeps none either.
  let readAtKnown = true;
  let markedUnread = false;
  for (const s of states) {
    s.tags?.forEach((t) => tags.add(t));
    // The most recent decision about status wins.
    if (s.status && (decided?.statusSeq ?? -1) <= (s.statusSeq ?? -1)) decided = s;
    if (s.readSeq !== undefined) readSeq = readSeq === undefined ? s.readSeq : Math.min(readSeq, s.readSeq);
    if (s.readSeq !== undefined && s.readAt === undefined) readAtKnown = false;
    if (s.readAt !== undefined) readAt = readAt === undefined || isoMs(s.readAt) < isoMs(readAt) ? s.readAt : readAt;
    markedUnread ||= !!s.markedUnread;
  }
  const merged: ConversationState = {};
  if (decided?.status) {
    merged.status = decided.status;
    merged.statusSeq = decided.statusSeq;
    if (decided.statusAt) merged.statusAt = decided.statusAt;
    if (decided.snoozedUntil) merged.snoozedUntil = decided.snoozedUntil;
  }
  if (tags.size) merged.tags = [...tags].sort();
  const notes = mergeNotes(...states.map((s) => s.notes ?? []));
  if (notes.length) merged.notes = notes;
  if (readSeq !== undefined) merged.readSeq = readSeq;
  if (readAt !== undefined && readAtKnown) merged.readAt = readAt;
  if (markedUnread) merged.markedUnread = true;
  // Conversations merged by mail keep the promise due first: none is dropped silently by a merge.
  const promises = states.flatMap((s) => (s.promise ? [s.promise] : [])).sort((a, b) => isoMs(a.by) - isoMs(b.by));
  if (promises.length) merged.promise = promises[0];
  return merged;
}

/**
 * The status the owner sees. A decision holds until the customer writes again; a snooze also ends
 * when its time comes. Never decided: open, or waiting when the shop spoke last.
 */
export function effectiveStatus(record: ConversationRecord, state: ConversationState, now: number): ConversationStatus {
  if (isPromiseDue(state.promise, now)) return 'open';
  if (!state.status) return record.lastIsOutbound ? 'waiting' : 'open';
  if (state.status !== 'open' && record.lastInboundSeq > (state.statusSeq ?? -1) && !datedBefore(record.lastInboundAt, state.statusAt)) return 'open';
  if (state.status === 'snoozed' && state.snoozedUntil && Date.parse(state.snoozedUntil) <= now) return 'open';
  return state.status;
}

/** A promise whose time has come: until the owner resolves it, its conversation is open and first. */
export function isPromiseDue(promise: Promise_ | undefined, now: number): boolean {
  return promise !== undefined && isoMs(promise.by) <= now;
}

export function isUnread(record: ConversationRecord, state: ConversationState): boolean {
  return !!state.markedUnread || (record.lastUnseenInboundSeq > (state.readSeq ?? -1) && !datedBefore(record.lastUnseenInboundAt, state.readAt));
}

/** One message is unread: inbound, not seen on arrival, arrived after the read mark and dated after it. */
export function isMessageUnread(meta: MessageMeta, state: ConversationState): boolean {
  return meta.direction === 'in' && !meta.seenOnArrival && meta.seq > (state.readSeq ?? -1) && !datedBefore(meta.date, state.readAt);
}

/**
 * The newest of some messages (`newest`) is dated at or before a decision's date: none of them is
 * news. False when either date is unknown (records and states of older versions): arrival order decides.
 */
/** A message the owner has read by date: dated at or before the conversation's read mark (readAt). */
export const readByDate = (date: string | undefined, readAt: string | undefined): boolean => datedBefore(date, readAt);

function datedBefore(newest: string | undefined, decidedAt: string | undefined): boolean {
  return newest !== undefined && decidedAt !== undefined && isoMs(newest) <= isoMs(decidedAt);
}

export function viewConversation(record: ConversationRecord, state: ConversationState, now: number): ConversationView {
  const status = effectiveStatus(record, state, now);
  return {
    id: record.id,
    subject: record.subject,
    customer: record.customer,
    status,
    snoozedUntil: status === 'snoozed' ? (state.snoozedUntil ?? null) : null,
    tags: state.tags ?? [],
    notes: state.notes ?? [],
    isUnread: isUnread(record, state),
    messageCount: record.seqs.length,
    firstMessageAt: record.firstAt,
    lastMessageAt: record.lastAt,
    waitingSince: record.waitingSince,
    lastRepliedAt: record.lastOutboundAt ?? null,
    statusChangedAt: status === 'open' ? null : (state.statusChangedAt ?? null),
    hasAttachments: record.hasAttachments,
    automated: record.automatedOnly ? (record.automatedKinds ?? []) : null,
    bouncedAt: record.bouncedAt ?? null,
    promise: state.promise ? { by: state.promise.by, text: state.promise.text, due: isPromiseDue(state.promise, now) } : null,
    record,
  };
}
