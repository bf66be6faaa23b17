/**
 * The three-way flag reconciliation, pure: for one message, the flags recorded as agreed at the last
 * sync, the flags the server has now and what the owner decided here give what to tell the owner,
 * what to STORE and what to record. Recorded flags are the common ancestor: a side that differs
 * from them changed, and that change is carried to the other side.
 *
 * It runs in two stages because tags and read marks belong to conversations, not messages: first
 * every message's server-side change (`fromServer`), merged per conversation (`conversationChange`)
 * and applied to the owner's state; then each message against that updated state (`toServer`),
 * so a keyword another client put on one message reaches every message of the conversation.
 * `reconcileMessage` composes both for a conversation of one message (the table the tests spell out).
 *
 * Rules (see imap-flags.ts for which flags are tracked at all):
 * - Server differs from recorded: the server's change wins for that message (another client acted
 *   after the last agreement); `\Seen` added means read, removed means unread.
 * - Otherwise the owner's decision goes to the server: a tag missing as a keyword is added, a
 *   recorded keyword no longer a tag is removed (only where PERMANENTFLAGS allow keywords), and
 *   `\Seen` is added to a message the owner has read. `\Seen` is never removed: "unread" here is a
 *   reminder on the conversation, not a statement about each message on the server.
 * - A flag the server refused is not recorded, so its absence on the server is never read back as
 *   "removed by another client" and the tag stays here.
 * - Tags IMAP cannot carry (non-ASCII, specials) and keywords clients keep for themselves ($Junk,
 *   $label1…) take no part in either direction.
 */
import type { ConversationStatus } from './conversation.js';
import { isStatusKeyword, keywordOfTag, seenFlag, statusKeyword, trackedFlags } from './imap-flags.js';

export type FlagCapabilities = {
  /** PERMANENTFLAGS offer `\*`: keywords may be set and removed. */
  keywordsAllowed: boolean;
};

/** The owner's decisions as they bear on one message: its conversation's tags, and whether it is read. */
export type OwnerFlags = { tags: readonly string[]; read: boolean; status?: ConversationStatus };

/** What another client changed on one message, in the owner's terms. */
export type OwnerChange = { addTags: string[]; removeTags: string[]; read?: true; unread?: true };

/** The same for a whole conversation: `readSeq` is the newest message another client read. */
export type ConversationChange = { addTags: string[]; removeTags: string[]; readSeq?: number; unread?: boolean };

export type FlagChange = { add: string[]; remove: string[] };

/**
 * Stage one: the server's flags against the recorded ones. `server` is as the server reports it
 * (any case, untracked flags included); undefined when the server did not report the message (a
 * CONDSTORE fetch reports only what changed), which means unchanged. Null when nothing changed.
 */
export function fromServer(recorded: readonly string[], server: readonly string[] | undefined): { toOwner: OwnerChange; record: string[] } | null {
  if (server === undefined) return null;
  const after = trackedFlags(server);
  if (sameFlags(recorded, after)) return null;
  const toOwner: OwnerChange = {
    // Status keywords are h2h's own, written from the status (imap-flags.ts): never tags, never news.
    addTags: after.filter((f) => !recorded.includes(f) && f !== seenFlag && !isStatusKeyword(f)),
    removeTags: recorded.filter((f) => !after.includes(f) && f !== seenFlag && !isStatusKeyword(f)),
  };
  if (after.includes(seenFlag) && !recorded.includes(seenFlag)) toOwner.read = true;
  if (recorded.includes(seenFlag) && !after.includes(seenFlag)) toOwner.unread = true;
  return { toOwner, record: after };
}

/**
 * The messages' changes merged for their conversation. A tag added on one message and removed on
 * another in the same round stays: adding wins.
 */
export function conversationChange(messages: Iterable<{ seq: number; change: OwnerChange }>): ConversationChange {
  const out: ConversationChange = { addTags: [], removeTags: [] };
  for (const { seq, change } of messages) {
    out.addTags.push(...change.addTags);
    out.removeTags.push(...change.removeTags);
    if (change.read) out.readSeq = Math.max(out.readSeq ?? -1, seq);
    if (change.unread) out.unread = true;
  }
  out.removeTags = out.removeTags.filter((t) => !out.addTags.includes(t));
  return out;
}

/**
 * Stage two: the owner's decisions (already updated by stage one) against the recorded flags.
 * Null when the server already says what the owner decided.
 */
export function toServer(recorded: readonly string[], owner: OwnerFlags, caps: FlagCapabilities): { change: FlagChange; record: string[] } | null {
  const add: string[] = [];
  const remove: string[] = [];
  if (owner.read && !recorded.includes(seenFlag)) add.push(seenFlag);
  if (caps.keywordsAllowed) {
    const want = new Set([...owner.tags.map(keywordOfTag), owner.status ? statusKeyword(owner.status) : null].filter((k): k is string => k !== null));
    for (const k of want) if (!recorded.includes(k)) add.push(k);
    for (const f of recorded) if (f !== seenFlag && !want.has(f)) remove.push(f);
  }
  if (add.length === 0 && remove.length === 0) return null;
  return { change: { add, remove }, record: [...recorded.filter((f) => !remove.includes(f)), ...add].sort() };
}

/** The flags to record after a STORE of `change` of which the server refused `refused`. */
export function appliedFlags(recorded: readonly string[], change: FlagChange, refused: readonly string[]): string[] {
  return [...recorded.filter((f) => !change.remove.includes(f) || refused.includes(f)), ...change.add.filter((f) => !refused.includes(f))].sort();
}

export type Reconciled = {
  toOwner: OwnerChange | null;
  toServer: FlagChange | null;
  /** The flags to record when they differ from the recorded ones; null to leave the record alone. */
  record: string[] | null;
};

/**
 * Both stages for a conversation of one message. `refuses`: the flags the server will refuse when
 * asked to STORE them (known in real life only after the STORE; here so a table can say it).
 */
export function reconcileMessage(input: {
  recorded: readonly string[];
  server: readonly string[] | undefined;
  owner: OwnerFlags;
  caps: FlagCapabilities;
  refuses?: readonly string[];
}): Reconciled {
  const pulled = fromServer(input.recorded, input.server);
  const recorded = pulled?.record ?? [...input.recorded];
  const owner = pulled ? applyToOwner(input.owner, pulled.toOwner) : input.owner;
  const pushed = toServer(recorded, owner, input.caps);
  const final = pushed ? appliedFlags(recorded, pushed.change, input.refuses ?? []) : recorded;
  return {
    toOwner: pulled?.toOwner ?? null,
    toServer: pushed?.change ?? null,
    record: sameFlags(final, input.recorded) ? null : final,
  };
}

/** An owner change applied to one message's view (ConversationService.applyRemote does it for real). */
function applyToOwner(owner: OwnerFlags, change: OwnerChange): OwnerFlags {
  const tags = new Set(owner.tags);
  change.addTags.forEach((t) => tags.add(t));
  change.removeTags.forEach((t) => tags.delete(t));
  return { ...owner, tags: [...tags].sort(), read: change.unread ? false : change.read ? true : owner.read };
}

export function sameFlags(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((f) => b.includes(f));
}
