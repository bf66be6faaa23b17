/**
 * The owner's drafts through the state log (docs/two-machines.md), at each sync: a draft written
 * here since the last sync becomes a new version, written over the versions it was started from;
 * what the other machines wrote comes here where this machine's draft was not touched; two machines
 * writing over the same version keep both (shared-drafts.ts), said as a conflict. A reply queued in
 * the outbox keeps its draft on the server until it is sent, so a laptop lost with it does not lose
 * it: another machine takes it back as a draft once it is an hour old and not in Sent; one that was
 * sent (its Message-ID is in the store) is never taken back, so it cannot go twice.
 *
 * Drafts are shared by conversation anchor (a Message-ID), never by local ids or seqs
 * (sharedDraftKey in shared-drafts.ts).
 */
import { canonicalJson } from '../domain/canonical-json.js';
import { conversationOfDraftKey, draftKeyOf, forwardDraftKey, isForwardKey, isNewMailKey } from '../domain/draft-keys.js';
import { draftOf, parseSharedDraftKey, sharedDraftKey, type DraftVersion, type SharedDraft } from '../domain/shared-state/shared-drafts.js';
import { emptyShared } from '../domain/shared-state/shared-state.js';
import type { Draft, DraftHere, StoreTx } from '../ports/mail-store.js';

/** A queued reply's draft is taken back by another machine only once the one that queued it has had this long to send it. */
export const queuedGraceMs = 3_600_000;

/** `needed`: a dry run (no writes given) found something to write. */
export type DraftSharing = { recorded: number; applied: number; conflicts: string[]; needed?: true };

/** What it reads: the store outside a transaction (a dry run: a sync with nothing to share commits nothing) or inside. */
export type DraftReads = Pick<StoreTx, 'drafts' | 'outbox' | 'draft' | 'sharedDraftKeys' | 'sharedDraftsHere' | 'sharedEntries' | 'sharedAnchorOf' | 'conversationMessages' | 'conversationsOfMessageIds' | 'messagesById'>;

/**
 * `has`: whether this machine has an attachment's bytes (a draft from another machine whose
 * attachment is not here comes without it, and says so in its text).
 */
export function shareDrafts(tx: DraftReads, w: StoreTx | null, now: number, has: (hash: string) => boolean): DraftSharing {
  const out: DraftSharing = { recorded: 0, applied: 0, conflicts: [] };
  const needed = (): DraftSharing => ({ ...out, needed: true });
  const here = tx.sharedDraftsHere();
  const local = new Map<string, Draft>();
  for (const d of tx.drafts()) {
    const key = sharedKeyOf(tx, d.conversationId);
    if (key) local.set(key, d);
  }
  // Replies queued and not sent yet: their drafts stay on the server until they are.
  const queued = new Map<string, SharedDraft>();
  for (const e of tx.outbox()) {
    const key = e.status !== 'sent' ? sharedKeyOf(tx, draftKeyOf(e)) : null;
    if (!key) continue;
    const draft: Draft = { conversationId: draftKeyOf(e), ...(e.kind ? { kind: e.kind } : {}), subject: e.subject, from: e.from, text: e.text, updatedAt: e.queuedAt, baseSeq: e.baseSeq, ...(e.recipients ? { recipients: e.recipients } : {}), ...(e.attachments?.length ? { attachments: e.attachments } : {}) };
    queued.set(key, { ...toShared(tx, draft), queued: e.messageId });
  }
  let changed = false;
  for (const key of new Set([...local.keys(), ...queued.keys(), ...tx.sharedDraftKeys(), ...Object.keys(here)])) {
    const base: DraftHere = here[key] ?? { heads: [], sig: null };
    const mine = local.get(key);
    // Queued here: the reply as it waits in the outbox, marked with its Message-ID.
    const ownShared = mine ? toShared(tx, mine) : (queued.get(key) ?? null);
    const ownSig = ownShared && canonicalJson(ownShared);
    const editedHere = (ownSig ?? null) !== base.sig;
    if (editedHere) {
      if (!w) return needed();
      const version: DraftVersion = { at: w.sharedStamp(), after: base.heads, draft: ownShared };
      w.recordShared({ ...emptyShared(), drafts: { [key]: [version] } });
      out.recorded++;
    }
    const merged = draftOf(versionsOf(tx, key));
    // Neither written here nor elsewhere since the last sync: nothing to do.
    if (!editedHere && sameSet(merged.heads, base.heads)) continue;
    let target = merged.draft;
    if (target?.queued && !queued.has(key)) {
      // Sent (it is in the store, from Sent): never back as a draft. Young: the machine that queued it may still send it.
      if (tx.messagesById([target.queued]).length > 0) target = null;
      else if (now - Date.parse(target.updatedAt) < queuedGraceMs) continue;
      else target = { ...target, queued: undefined };
    }
    if (merged.conflict) out.conflicts.push(`${target?.subject ?? key}: ${merged.conflict}`);
    const localKey = localKeyOf(tx, key);
    if (localKey === null) continue; // its conversation is not here yet: next time
    const wanted = target && fromShared(tx, localKey, target, has);
    if (target && !wanted) continue;
    const current = tx.draft(localKey);
    if (!w) return needed();
    if (canonicalJson(current ?? null) !== canonicalJson(wanted ?? null) && !(queued.has(key) && !mine)) {
      if (wanted) w.putDraft(wanted);
      else if (current) w.removeDraft(localKey);
      out.applied++;
    }
    const after = tx.draft(localKey);
    here[key] = { heads: merged.heads, sig: after ? canonicalJson(toShared(tx, after)) : queued.has(key) ? ownSig ?? null : null };
    changed = true;
  }
  if (changed && w) w.setSharedDraftsHere(here);
  return out;
}

const versionsOf = (tx: DraftReads, key: string): DraftVersion[] => tx.sharedEntries({ drafts: [key] }).drafts?.[key] ?? [];
const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

function sharedKeyOf(tx: DraftReads, localKey: string): string | null {
  if (isNewMailKey(localKey)) return sharedDraftKey({ kind: 'new', key: localKey });
  const conversation = conversationOfDraftKey(localKey);
  const anchor = conversation && tx.sharedAnchorOf(conversation);
  if (!anchor) return null;
  return sharedDraftKey({ kind: isForwardKey(localKey) ? 'forward' : 'reply', anchor });
}

/** The local key of a shared one; null when its conversation is not here. */
function localKeyOf(tx: DraftReads, key: string): string | null {
  const k = parseSharedDraftKey(key);
  if (k.kind === 'new') return k.key;
  const conversation = tx.conversationsOfMessageIds([k.anchor]).get(k.anchor);
  if (conversation === undefined) return null;
  return k.kind === 'forward' ? forwardDraftKey(conversation) : conversation;
}

const messageIdOf = (tx: DraftReads, conversation: string | null, seq: number): string | undefined =>
  conversation === null ? undefined : tx.conversationMessages(conversation).find((m) => m.seq === seq)?.messageId;

function toShared(tx: DraftReads, d: Draft): SharedDraft {
  const conversation = conversationOfDraftKey(d.conversationId);
  const base = messageIdOf(tx, conversation, d.baseSeq);
  const forwarded = d.forwards && messageIdOf(tx, d.forwards.conversationId, d.forwards.seq);
  const anchor = conversation ? tx.sharedAnchorOf(conversation) : undefined;
  return {
    ...(d.kind ? { kind: d.kind } : {}),
    ...(anchor ? { anchor } : {}),
    ...(d.subject !== undefined ? { subject: d.subject } : {}),
    ...(d.from !== undefined ? { from: d.from } : {}),
    text: d.text,
    ...(base ? { base } : {}),
    ...(d.forwards && forwarded ? { forwards: { messageId: forwarded, ...(d.forwards.as ? { as: d.forwards.as } : {}) } } : {}),
    ...(d.recipients ? { recipients: d.recipients } : {}),
    ...(d.attachments?.length ? { attachments: d.attachments } : {}),
    updatedAt: d.updatedAt,
  };
}

/** The local draft for a shared one; null when what it stands on is not here (the forwarded message). */
function fromShared(tx: DraftReads, localKey: string, s: SharedDraft, has: (hash: string) => boolean): Draft | null {
  const conversation = conversationOfDraftKey(localKey);
  const seqOf = (messageId: string | undefined) => (messageId ? tx.messagesById([messageId])[0]?.seq : undefined);
  const newest = conversation ? tx.conversationMessages(conversation).at(-1)?.seq : undefined;
  const forwarded = s.forwards && seqOf(s.forwards.messageId);
  if (s.forwards && forwarded === undefined) return null;
  const attachments = (s.attachments ?? []).filter((a) => has(a.hash));
  const elsewhere = (s.attachments ?? []).filter((a) => !has(a.hash)).map((a) => `\n[${a.name} is attached on the other machine, not on this one: attach it again here]`);
  return {
    conversationId: localKey,
    ...(s.kind ? { kind: s.kind } : {}),
    ...(s.subject !== undefined ? { subject: s.subject } : {}),
    ...(s.from !== undefined ? { from: s.from } : {}),
    ...(s.forwards && conversation ? { forwards: { conversationId: conversation, seq: forwarded!, ...(s.forwards.as ? { as: s.forwards.as } : {}) } } : {}),
    text: s.text + elsewhere.join(''),
    updatedAt: s.updatedAt,
    baseSeq: seqOf(s.base) ?? newest ?? -1,
    ...(attachments.length ? { attachments } : {}),
    ...(s.recipients ? { recipients: s.recipients } : {}),
  };
}
