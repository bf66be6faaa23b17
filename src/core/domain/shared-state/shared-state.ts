/**
 * The owner's decisions as a state every machine can merge with every other, in any order, any
 * number of times, and end the same (a state-based CRDT: `joinStates` is commutative, associative
 * and idempotent). What each kind of decision does on conflict:
 * - status (with its snooze), read marks, a customer's greeting, a sender's verdict: the last
 *   writer wins, by hybrid logical clock (hlc.ts);
 * - tags: each tag is present or removed, the last word on that tag winning (a removal is kept as a
 *   tombstone, so a tag removed on one machine does not come back from another);
 * - notes (on conversations and customers): every version of every note is kept; an edit is a new
 *   version, a deletion a version without text. The newest version is the note; no text is lost.
 * - drafts: every version kept until written over, two written over the same version both kept and
 *   said (shared-drafts.ts);
 * - the owner's absence (away): the last writer wins, as for a status;
 * Conversations are keyed by an anchor: the Message-ID of one of their messages (the same on
 * every machine, whatever ids the local stores gave them).
 */
import type { ConversationStatus } from '../conversation.js';
import type { Register } from '../greetings.js';
import { canonicalJson } from '../canonical-json.js';
import { compareHlc, type Hlc } from './hlc.js';
import { joinDraftVersions, type DraftVersion } from './shared-drafts.js';

export type Stamped<T> = { v: T; at: Hlc };
/** One version of a note: `text` null is its deletion. `written`: when it was written, as the owner saw it. */
export type NoteVersion = { at: Hlc; text: string | null; written: string; author?: string };

export type StatusDecision = { status: ConversationStatus; snoozedUntil?: string; statusAt?: string; changedAt?: string };
export type ReadDecision = { readAt?: string; unread?: boolean };
export type SenderDecision = { as: 'person' | 'automated' | 'blocked' } | null;

/** The owner's promise on a conversation (issue 19); null when resolved. */
export type PromiseDecision = { by: string; text: string; at: string } | null;

/**
 * The owner away (issue 19), null when never said: from when until when, the owner's own words,
 * and the machine told (`node`, `machine` its name): notices go from that one alone, so two machines
 * running at once never greet one person twice. Who got a notice stays on the machine that sent it.
 */
export type AwayDecision = { from: string; until: string; message?: string; node: string; machine?: string } | null;

/** Decisions about the owner rather than about mail: one entry each, under a fixed key. */
export type SharedOwner = { away?: Stamped<AwayDecision> };

export type SharedConversation = {
  status?: Stamped<StatusDecision>;
  promise?: Stamped<PromiseDecision>;
  read?: Stamped<ReadDecision>;
  tags?: Record<string, Stamped<boolean>>;
  notes?: Record<string, NoteVersion[]>;
};
/**
 * `language`: the owner's setting for the customer (ISO 639-1), null when taken back (issue 19).
 * `register`: the register replies to them are written in, null when the shop's again.
 * `sameAs`: the person this address was merged into (h2h customers merge), null when split again.
 */
export type SharedCustomer = {
  greeting?: Stamped<string | null>;
  language?: Stamped<string | null>;
  register?: Stamped<Register | null>;
  sameAs?: Stamped<string | null>;
  notes?: Record<string, NoteVersion[]>;
};

export type SharedState = {
  conversations: Record<string, SharedConversation>;
  customers: Record<string, SharedCustomer>;
  senders: Record<string, Stamped<SenderDecision>>;
  /** Drafts by their shared key (draftKeyShared in state-mapping.ts); absent in logs written before drafts were shared. */
  drafts?: Record<string, DraftVersion[]>;
  /** Absent in logs written before the owner's absence was shared. */
  owner?: SharedOwner;
};

export const emptyShared = (): SharedState => ({ conversations: {}, customers: {}, senders: {} });

/** The later of two stamped values (equal stamps are one write: either is it). */
function lww<T>(a: Stamped<T> | undefined, b: Stamped<T> | undefined): Stamped<T> | undefined {
  if (!a) return b;
  if (!b) return a;
  const c = compareHlc(a.at, b.at);
  // The same stamp twice is the same write; should it ever differ, pick by content, the same everywhere.
  if (c === 0) return JSON.stringify(a.v) >= JSON.stringify(b.v) ? a : b;
  return c > 0 ? a : b;
}

function joinRecords<T>(a: Record<string, T> | undefined, b: Record<string, T> | undefined, join: (x: T | undefined, y: T | undefined) => T | undefined): Record<string, T> | undefined {
  if (!a) return b;
  if (!b) return a;
  const out: Record<string, T> = Object.create(null) as Record<string, T>;
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const joined = join(Object.hasOwn(a, key) ? a[key] : undefined, Object.hasOwn(b, key) ? b[key] : undefined);
    if (joined !== undefined) out[key] = joined;
  }
  return out;
}

/** Every version of a note from both sides, once each, oldest first. */
function joinVersions(a: NoteVersion[] | undefined, b: NoteVersion[] | undefined): NoteVersion[] | undefined {
  if (!a) return b;
  if (!b) return a;
  const byStamp = new Map<Hlc, NoteVersion>();
  for (const v of [...a, ...b]) {
    const seen = byStamp.get(v.at);
    if (!seen || JSON.stringify(v) > JSON.stringify(seen)) byStamp.set(v.at, v);
  }
  return [...byStamp.values()].sort((x, y) => compareHlc(x.at, y.at));
}

const joinNotes = (a?: Record<string, NoteVersion[]>, b?: Record<string, NoteVersion[]>) => joinRecords(a, b, joinVersions);

function joinConversation(a: SharedConversation | undefined, b: SharedConversation | undefined): SharedConversation | undefined {
  if (!a) return b;
  if (!b) return a;
  return compact({ status: lww(a.status, b.status), promise: lww(a.promise, b.promise), read: lww(a.read, b.read), tags: joinRecords(a.tags, b.tags, lww), notes: joinNotes(a.notes, b.notes) });
}

function joinCustomer(a: SharedCustomer | undefined, b: SharedCustomer | undefined): SharedCustomer | undefined {
  if (!a) return b;
  if (!b) return a;
  return compact({ greeting: lww(a.greeting, b.greeting), language: lww(a.language, b.language), register: lww(a.register, b.register), sameAs: lww(a.sameAs, b.sameAs), notes: joinNotes(a.notes, b.notes) });
}

/** Both states' decisions: the same whichever order, and joining a state in twice changes nothing. */
export function joinStates(a: SharedState, b: SharedState): SharedState {
  const drafts = joinRecords(a.drafts, b.drafts, joinDraftVersions);
  const away = lww(a.owner?.away, b.owner?.away);
  return {
    conversations: joinRecords(a.conversations, b.conversations, joinConversation) ?? {},
    customers: joinRecords(a.customers, b.customers, joinCustomer) ?? {},
    senders: joinRecords(a.senders, b.senders, lww) ?? {},
    ...(drafts && Object.keys(drafts).length ? { drafts } : {}),
    ...(away ? { owner: { away } } : {}),
  };
}

/** A note as it stands: its newest version (null when deleted or never written). */
export function currentNote(versions: NoteVersion[] | undefined): NoteVersion | null {
  const last = versions?.at(-1);
  return last && last.text !== null ? last : null;
}

/** The newest stamp in a state, to move a clock past everything it holds. */
export function newestStamp(s: SharedState): Hlc | undefined {
  let newest: Hlc | undefined;
  const see = (at: Hlc) => (newest === undefined || compareHlc(at, newest) > 0 ? (newest = at) : undefined);
  const notes = (n?: Record<string, NoteVersion[]>) => Object.values(n ?? {}).forEach((vs) => vs.forEach((v) => see(v.at)));
  for (const c of Object.values(s.conversations)) {
    if (c.status) see(c.status.at);
    if (c.promise) see(c.promise.at);
    if (c.read) see(c.read.at);
    Object.values(c.tags ?? {}).forEach((t) => see(t.at));
    notes(c.notes);
  }
  for (const c of Object.values(s.customers)) {
    if (c.greeting) see(c.greeting.at);
    if (c.language) see(c.language.at);
    if (c.register) see(c.register.at);
    if (c.sameAs) see(c.sameAs.at);
    notes(c.notes);
  }
  Object.values(s.senders).forEach((v) => see(v.at));
  Object.values(s.drafts ?? {}).forEach((vs) => vs.forEach((v) => see(v.at)));
  if (s.owner?.away) see(s.owner.away.at);
  return newest;
}

/** JSON with keys sorted: equal states read the same, byte for byte. */
export const canonicalState = (s: SharedState): string => canonicalJson(s);

function compact<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}
