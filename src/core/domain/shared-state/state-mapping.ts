/**
 * Between a conversation's decisions as the local store keeps them (ConversationState) and the
 * shared state (shared-state.ts): what a local change adds to the shared state (`conversationDelta`,
 * only the fields that changed, stamped now), and the local state the shared state stands for
 * (`localState`, from every anchor of the conversation at once: mail grouped differently on
 * another machine, or merged since, still finds its decisions).
 */
import type { ConversationState, Note } from '../conversation.js';
import { parseHlc, type Hlc } from './hlc.js';
import { currentNote, joinStates, emptyShared, type NoteVersion, type SharedConversation } from './shared-state.js';

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function statusOf(s: ConversationState) {
  if (!s.status) return undefined;
  return { status: s.status, ...(s.snoozedUntil ? { snoozedUntil: s.snoozedUntil } : {}), ...(s.statusAt ? { statusAt: s.statusAt } : {}), ...(s.statusChangedAt ? { changedAt: s.statusChangedAt } : {}) };
}
const readOf = (s: ConversationState) => ({ ...(s.readAt ? { readAt: s.readAt } : {}), ...(s.markedUnread ? { unread: true } : {}) });

/** What changed between two local states of one conversation, as a shared delta stamped `at`; null when nothing did. */
export function conversationDelta(before: ConversationState, after: ConversationState, at: Hlc): SharedConversation | null {
  const delta: SharedConversation = {};
  // A status taken away (never decided again) is "open": the shared state has no absent status.
  if (!same(statusOf(before), statusOf(after))) delta.status = { v: statusOf(after) ?? { status: 'open' }, at };
  if (!same(readOf(before), readOf(after))) delta.read = { v: readOf(after), at };
  if (!same(before.promise, after.promise)) delta.promise = { v: after.promise ?? null, at };
  const was = new Set(before.tags ?? []);
  const is = new Set(after.tags ?? []);
  for (const t of new Set([...was, ...is])) if (was.has(t) !== is.has(t)) (delta.tags ??= {})[t] = { v: is.has(t), at };
  const notesBefore = new Map((before.notes ?? []).map((n) => [n.id, n]));
  const notesAfter = new Map((after.notes ?? []).map((n) => [n.id, n]));
  for (const id of new Set([...notesBefore.keys(), ...notesAfter.keys()])) {
    const a = notesBefore.get(id);
    const b = notesAfter.get(id);
    if (b && a && a.text === b.text) continue;
    (delta.notes ??= {})[id] = [b ? noteVersion(b, at) : { at, text: null, written: a!.at }];
  }
  return Object.keys(delta).length ? delta : null;
}

function noteVersion(n: Note, at: Hlc): NoteVersion {
  return { at, text: n.text, written: n.at, ...(n.author ? { author: n.author } : {}) };
}

/**
 * The local decisions the shared state holds for a conversation, from the entries of all its
 * anchors, over what the local store holds (`base`): where the shared state has a word (a status,
 * read marks, a tag, a note), it is the decision; where it has none, the local one stays (history
 * closed at import on every machine alike, a decision made before this store shared its own).
 */
export function localState(entries: SharedConversation[], base: ConversationState = {}): ConversationState {
  const joined = entries.reduce<SharedConversation | undefined>((acc, e) => {
    const a = emptyShared();
    const b = emptyShared();
    if (acc) a.conversations.x = acc;
    b.conversations.x = e;
    return joinStates(a, b).conversations.x;
  }, undefined);
  if (!joined) return base;
  const state: ConversationState = {};
  const status = joined.status ? joined.status.v : statusOf(base);
  // Open with no other decision is never decided: the same state a store that never saw one holds.
  if (status && !(status.status === 'open' && !status.changedAt)) {
    state.status = status.status;
    if (status.statusAt) state.statusAt = status.statusAt;
    if (status.changedAt) state.statusChangedAt = status.changedAt;
    if (status.snoozedUntil) state.snoozedUntil = status.snoozedUntil;
  }
  const tags = new Set(base.tags ?? []);
  for (const [t, word] of Object.entries(joined.tags ?? {})) word.v ? tags.add(t) : tags.delete(t);
  if (tags.size) state.tags = [...tags].sort();
  const notes = new Map((base.notes ?? []).map((n) => [n.id, n]));
  for (const [id, versions] of Object.entries(joined.notes ?? {})) {
    const n = currentNote(versions);
    // A note shows when it was first written; its text is its newest version.
    if (n) notes.set(id, { id, text: n.text!, at: versions[0].written, ...(n.author ? { author: n.author } : {}) });
    else notes.delete(id);
  }
  if (notes.size) state.notes = [...notes.values()].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : 1));
  const promise = joined.promise ? joined.promise.v : base.promise;
  if (promise) state.promise = promise;
  const read = joined.read ? joined.read.v : readOf(base);
  if (read.readAt) state.readAt = read.readAt;
  if (read.unread) state.markedUnread = true;
  return state;
}

/**
 * Which of a conversation's decisions the shared state holds from `sinceMs` on (by the wall time of
 * their stamps): the tags, and whether its read mark. A keyword or `\Seen` another client changed
 * on the server since the flags last agreed here yields to these (flag-sync.ts): the server does not
 * say when its flag changed, the shared state does, and an h2h machine's own push of an older
 * decision must not come back as a newer one.
 */
export function decidedSince(entries: SharedConversation[], sinceMs: number): { tags: Set<string>; read: boolean } {
  const after = (at: Hlc) => (parseHlc(at)?.wall ?? 0) >= sinceMs;
  const tags = new Set<string>();
  let read = false;
  for (const e of entries) {
    for (const [t, word] of Object.entries(e.tags ?? {})) if (after(word.at)) tags.add(t);
    if (e.read && after(e.read.at)) read = true;
  }
  return { tags, read };
}
