/**
 * Drafts in the shared state: every machine's versions of a draft, merged so that none is lost.
 * A version names the versions its writer had in front of it (`after`); the versions no other
 * names are the heads. One head: that is the draft. Two or more (written on two machines from the
 * same version, or one sent while the other kept writing): a conflict, and the draft shown is the
 * newest with the others' text kept below it, said in words (`draftOf`); the owner's next save
 * writes over all of them. A version written over loses its text (it is in the newer one) and keeps
 * its stamp, so the log stays small and a late copy of it cannot come back as a head.
 *
 * The join is the union of versions by stamp, then every version named in another's `after`
 * stripped of its text: stripping depends only on what is in the union, so the join stays
 * commutative, associative and idempotent.
 */
import { compareHlc, type Hlc } from './hlc.js';

/** A draft as every machine can read it: conversations by anchor Message-ID, never by local ids or seqs. */
export type SharedDraft = {
  kind?: 'new' | 'forward';
  /** The conversation answered or forwarded, by anchor; none for new mail. */
  anchor?: string;
  subject?: string;
  from?: string;
  text: string;
  /** The Message-ID of the conversation's newest message when the draft was started (collision guard). */
  base?: string;
  /** A forward's message, by Message-ID, and how it goes. */
  forwards?: { messageId: string; as?: 'inline' | 'attachment' };
  recipients?: { to: SharedAddress[]; cc: SharedAddress[]; bcc: SharedAddress[] };
  /** Attached files by name, size and content hash (the bytes travel in the Drafts folder's copy). */
  attachments?: { name: string; size: number; hash: string }[];
  /** Queued in the outbox of the machine that wrote it, as the reply with this Message-ID (draft-sharing.ts). */
  queued?: string;
  updatedAt: string;
};
export type SharedAddress = { name: string; email: string };

/**
 * The key a draft is shared under: a reply's and a forward's by their conversation's anchor
 * (`r:<anchor>`, `f:<anchor>`), new mail's by its own local key (`n:new-…`).
 */
export type SharedDraftKey = { kind: 'reply' | 'forward'; anchor: string } | { kind: 'new'; key: string };

export function sharedDraftKey(k: SharedDraftKey): string {
  return k.kind === 'new' ? `n:${k.key}` : `${k.kind === 'reply' ? 'r' : 'f'}:${k.anchor}`;
}

export function parseSharedDraftKey(key: string): SharedDraftKey {
  const rest = key.slice(2);
  return key.startsWith('n:') ? { kind: 'new', key: rest } : { kind: key.startsWith('f:') ? 'forward' : 'reply', anchor: rest };
}

/** Every key a conversation's drafts can be shared under (what forgetting it erases). */
export const conversationDraftKeys = (anchor: string): string[] => [sharedDraftKey({ kind: 'reply', anchor }), sharedDraftKey({ kind: 'forward', anchor })];

/** `draft`: absent when written over (its text is in a newer version), null when sent or thrown away. */
export type DraftVersion = { at: Hlc; after: Hlc[]; draft?: SharedDraft | null };

/** Both sides' versions of one draft, once each, oldest first, those written over without their text. */
export function joinDraftVersions(a: DraftVersion[] | undefined, b: DraftVersion[] | undefined): DraftVersion[] | undefined {
  if (!a) return b;
  if (!b) return a;
  const byStamp = new Map<Hlc, DraftVersion>();
  for (const v of [...a, ...b]) {
    const seen = byStamp.get(v.at);
    // The same stamp is the same write; a copy without its text is that write, written over.
    if (!seen || (seen.draft !== undefined && (v.draft === undefined || JSON.stringify(v) > JSON.stringify(seen)))) byStamp.set(v.at, v);
  }
  const over = new Set([...byStamp.values()].flatMap((v) => v.after));
  return [...byStamp.values()]
    .map((v) => (over.has(v.at) && v.draft !== undefined ? { at: v.at, after: v.after } : v))
    .sort((x, y) => compareHlc(x.at, y.at));
}

/** The versions no other was written over: what the draft is now (more than one: a conflict). */
export function draftHeads(versions: DraftVersion[]): DraftVersion[] {
  const over = new Set(versions.flatMap((v) => v.after));
  return versions.filter((v) => !over.has(v.at));
}

export type DraftNow = {
  /** The draft to show: null when every head was sent or thrown away. */
  draft: SharedDraft | null;
  /** The stamps of the heads: a save here is written over all of them. */
  heads: Hlc[];
  /** More than one head: what happened, in the owner's words (shown, and said by the sync). */
  conflict?: string;
};

/**
 * The draft as it stands. On a conflict the newest head with text is the draft, and the text of
 * every other head with text follows it under a line saying where it came from; a head that was
 * sent or thrown away on another machine while this one was written is said too.
 */
export function draftOf(versions: DraftVersion[]): DraftNow {
  const heads = draftHeads(versions);
  const stamps = heads.map((h) => h.at);
  const written = heads.filter((h): h is DraftVersion & { draft: SharedDraft } => !!h.draft).sort((x, y) => compareHlc(y.at, x.at));
  if (written.length === 0) return { draft: null, heads: stamps };
  if (heads.length === 1) return { draft: written[0].draft, heads: stamps };
  const [newest, ...others] = written;
  const text = [newest.draft.text, ...others.map((o) => `\n--- also written on another machine (${o.draft.updatedAt.slice(0, 16).replace('T', ' ')} UTC): ---\n${o.draft.text}`)].join('\n');
  const gone = heads.length > written.length;
  const conflict = others.length
    ? `written on two machines at once: both versions are in the draft${gone ? ' (and it was sent or thrown away on another)' : ''}`
    : 'sent or thrown away on another machine while it was written here: kept';
  return { draft: { ...newest.draft, text }, heads: stamps, conflict };
}
