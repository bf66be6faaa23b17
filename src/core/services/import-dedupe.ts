/**
 * Dedupe of one import batch against the store, inside the batch's transaction: indexed queries
 * over the batch's own hashes and Message-IDs, never a pass over the mailbox. Identical bytes are
 * duplicates; another copy of a known Message-ID with the same content (message-content.ts) is kept
 * as an extra copy of that message; different content under a known Message-ID is a message of its
 * own, marked as sharing the id.
 */
import { normaliseMessageId } from '../domain/message-ids.js';
import type { MessageMeta } from '../domain/message.js';
import type { FolderKind } from '../domain/participants.js';
import type { KnownMessage, MailStore, NewMessage, StoreTx } from '../ports/mail-store.js';
import { contentFingerprint } from '../domain/message-content.js';
import type { ParsedMessage } from '../ports/message-parser.js';
import { messageMeta, messageSearchText, syntheticMessageId, type VerdictOf } from './message-records.js';

/** What an import input carries into dedupe (see ImportInput). */
export type DedupeInput = { seen: boolean; source: string; fallbackDate?: number; reviewCopyOf?: number };

/**
 * One stored and parsed input. `parsed` is null for bytes the store already had when they were read:
 * nothing to parse or write. The raw bytes are dropped once stored (a batch holds thousands).
 */
export type Pending<I extends DedupeInput> = { input: I; hash: string; size: number; parsed: ParsedMessage | null; content: string };

export type BatchOutcome<I> = {
  /** New messages, seqs not yet assigned. */
  fresh: NewMessage[];
  /** Copies of new messages of this batch (added once the twin has its seq). */
  batchCopies: { twin: MessageMeta; hash: string }[];
  /** Where each input went: a stored message's seq, or a new message (its meta gets the seq). */
  placed: { input: I; seq?: number; meta?: MessageMeta }[];
  duplicates: number;
  copies: number;
};

export type DedupeOptions = { now: number; shop: Set<string>; folder?: FolderKind; markRead: boolean; verdictOf?: VerdictOf };

/** A longer text is not kept in the store (an export parses its raw file again). */
const keptTextLimit = 256 * 1024;

const ownIdOf = (p: Pending<DedupeInput>) => (p.parsed ? (normaliseMessageId(p.parsed.messageId) ?? syntheticMessageId({ hash: p.hash, parsed: p.parsed })) : undefined);

/**
 * Content fingerprints of stored messages under the batch's Message-IDs that older stores kept
 * without one: read from their raw files once, before the transaction (which cannot wait for files).
 */
export async function legacyContents(store: Pick<MailStore, 'messagesById' | 'readRaw'>, pending: Pending<DedupeInput>[], cache: Map<number, string>): Promise<void> {
  const ids = [...new Set(pending.flatMap((p) => ownIdOf(p) ?? []))];
  for (const known of store.messagesById(ids)) {
    if (known.content === undefined && !cache.has(known.seq)) cache.set(known.seq, contentFingerprint(await store.readRaw(known.hash)));
  }
}

export function dedupeBatch<I extends DedupeInput>(tx: StoreTx, pending: Pending<I>[], legacy: Map<number, string>, o: DedupeOptions): BatchOutcome<I> {
  const out: BatchOutcome<I> = { fresh: [], batchCopies: [], placed: [], duplicates: 0, copies: 0 };
  const stored = tx.knownHashes(pending.map((p) => p.hash));
  const ids = pending.map((p) => ownIdOf(p));
  const knownById = new Map<string, KnownMessage[]>();
  for (const k of tx.messagesById([...new Set(ids.flatMap((id) => id ?? []))])) (knownById.get(k.messageId) ?? knownById.set(k.messageId, []).get(k.messageId)!).push(k);
  const contentOf = (k: KnownMessage) => {
    if (k.content !== undefined) return k.content;
    const content = legacy.get(k.seq);
    // Kept, so the raw file is read only once.
    if (content !== undefined) tx.setContent(k.seq, (k.content = content));
    return content;
  };
  const seenInBatch = new Map<string, MessageMeta[]>();
  const hashesInBatch = new Map<string, MessageMeta>();
  pending.forEach((p, i) => {
    if (p.parsed === null) {
      const seq = stored.get(p.hash);
      if (seq !== undefined) out.placed.push({ input: p.input, seq });
      return;
    }
    if ((stored.has(p.hash) && p.input.reviewCopyOf === undefined) || hashesInBatch.has(p.hash)) {
      out.duplicates++;
      out.placed.push({ input: p.input, seq: stored.get(p.hash), meta: hashesInBatch.get(p.hash) });
      return;
    }
    const messageId = ids[i]!;
    const ownId = normaliseMessageId(p.parsed.messageId);
    const known = knownById.get(messageId) ?? [];
    // A synthetic id is derived from the content already: the same id is the same message.
    const twin = ownId ? known.find((k) => contentOf(k) === p.content) : known[0];
    if (twin !== undefined) {
      if (stored.get(p.hash) !== twin.seq) tx.addCopy(twin.seq, p.hash);
      stored.set(p.hash, twin.seq);
      out.copies++;
      out.placed.push({ input: p.input, seq: twin.seq });
      return;
    }
    const batchTwin = seenInBatch.get(messageId)?.find((m) => !ownId || m.content === p.content);
    if (batchTwin) {
      out.copies++;
      out.batchCopies.push({ twin: batchTwin, hash: p.hash });
      hashesInBatch.set(p.hash, batchTwin);
      out.placed.push({ input: p.input, meta: batchTwin });
      return;
    }
    const copyOf = p.input.reviewCopyOf;
    // A copy kept by an older version turns out to be another message: it stops being a copy in the same commit.
    if (copyOf !== undefined && stored.get(p.hash) === copyOf) tx.removeCopy(copyOf, p.hash);
    const sharesMessageId = known.length > 0 || seenInBatch.has(messageId);
    const meta = messageMeta({ ...p, parsed: p.parsed }, messageId, { ...o, sharesMessageId });
    seenInBatch.set(messageId, [...(seenInBatch.get(messageId) ?? []), meta]);
    hashesInBatch.set(p.hash, meta);
    out.placed.push({ input: p.input, meta });
    const text = p.parsed.text !== undefined && p.parsed.text.length <= keptTextLimit ? p.parsed.text : undefined;
    out.fresh.push({ meta, searchText: messageSearchText(meta, p.parsed.newText), text, split: text === undefined ? undefined : p.parsed.split });
  });
  return out;
}
