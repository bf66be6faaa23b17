/**
 * Brings raw mail into the store: store and parse (outside the lock, many messages at once through
 * a MessageIntake, possibly on other threads, results used in input order), then commit in batches,
 * each while the next one is being parsed. Importing the same mail twice adds nothing: identical
 * bytes are skipped, and another copy of a known Message-ID with the same content (see
 * message-content.ts) is kept as an extra copy of that message. Different content under a known
 * Message-ID is a message of its own, shown, marked as sharing the id. One bad message never stops an import: it is stored raw with a warning.
 */
import { ConversationGrouper } from '../domain/conversation-grouping.js';
import { summariseConversation } from '../domain/conversation.js';
import { normaliseMessageId } from '../domain/message-ids.js';
import type { MessageMeta } from '../domain/message.js';
import { contentFingerprint } from '../domain/message-content.js';
import type { FolderKind } from '../domain/participants.js';
import { sha256Hex, uniqueShortId } from '../domain/short-id.js';
import type { Clock } from '../ports/clock.js';
import type { MailStore, MailTransaction, NewMessage } from '../ports/mail-store.js';
import { inProcessIntake, type MessageIntake } from '../ports/message-intake.js';
import type { MessageParser, ParsedMessage } from '../ports/message-parser.js';
import { KnownMail } from './known-mail.js';
import { groupingMessage, messageMeta, messageSearchText, syntheticMessageId, updateCustomers } from './message-records.js';

export { messageSearchText };

export type ImportInput = {
  raw: Uint8Array;
  source: string;
  seen: boolean;
  fallbackDate?: number;
  /** The caller's own reference (an IMAP UID), handed back in `onCommit`. */
  ref?: number;
  /** These bytes are kept as a copy of this message: decide again whether they are (copy-review.ts). */
  reviewCopyOf?: number;
};

/** Where an input ended up: its own new message, or the stored message it duplicates or copies. */
export type Placement = { input: ImportInput; seq: number };

export type ImportOptions = {
  /** Treat every imported message as already read (archives). */
  markRead?: boolean;
  /** Messages per commit: a crash loses at most one batch, and the next import redoes it. @default 2000 */
  batchSize?: number;
  /**
   * Runs inside each batch's transaction, after the batch's messages got their seqs, so the caller
   * can commit its own positions (IMAP UIDs) atomically with the mail. Returns true when it changed
   * `tx.data`, so a batch of only known mail still commits.
   */
  onCommit?: (tx: MailTransaction, placed: Placement[]) => boolean;
  /**
   * The kind of folder the mail comes from: mail from the shop's own address found in Sent is the
   * shop's, the same found in an inbox may be a web form's (see classifyParticipants). @default 'other'
   */
  folder?: FolderKind;
  /** How many inputs the caller expects, when it knows (a hint: a large import may start parser threads at once). */
  expected?: number;
};

export type ImportReport = {
  read: number;
  added: number;
  /** Byte-identical to mail already stored. */
  duplicates: number;
  /** Other copies of a stored Message-ID, kept as copies. */
  copies: number;
  conversationsCreated: number;
  conversationsUpdated: number;
  warnings: { source: string; message: string }[];
};

export type ImportSettings = {
  shopAddresses: Set<string>;
  subjectWindowDays: number;
};

/**
 * `parsed` is null for bytes the store already had when they were read: nothing to parse or write.
 * `input.raw` is dropped once the bytes are stored (a batch holds thousands); `size` keeps its length.
 */
type Pending = { input: ImportInput; hash: string; size: number; parsed: ParsedMessage | null; content: string };

const day = 86_400_000;
/** A longer text is not kept in the store (an export parses its raw file again): keeps text shards small. */
const keptTextLimit = 256 * 1024;
/**
 * Messages being stored and parsed at once (see MessageIntake), in input order, at most this many
 * and this many bytes. Enough to keep a parser thread busy while this thread commits a batch (it
 * cannot hand out work meanwhile: a first sync of 10,000 messages took 4.7 s with 64 in flight,
 * 4.1 s with 1,024); the byte limit bounds memory when messages are large.
 */
const inFlightLimit = 1024;
const inFlightBytes = 64 * 1024 * 1024;
const noBytes = new Uint8Array(0);

export class ImportService {
  private readonly intake: MessageIntake;

  constructor(
    private readonly store: MailStore,
    parser: MessageParser,
    private readonly settings: ImportSettings,
    private readonly clock: Clock,
    /** Where new messages are stored and parsed; by default on this thread, through `store` and `parser`. */
    intake?: MessageIntake,
  ) {
    this.intake = intake ?? inProcessIntake(store, parser);
  }

  async import(inputs: AsyncIterable<ImportInput> | Iterable<ImportInput>, options: ImportOptions = {}): Promise<ImportReport> {
    const batchSize = options.batchSize ?? 2000;
    const report: ImportReport = { read: 0, added: 0, duplicates: 0, copies: 0, conversationsCreated: 0, conversationsUpdated: 0, warnings: [] };
    const index = new KnownMail();
    await this.store.refresh();
    await index.sync(this.store.mail(), (visit) => this.store.scanMessages(visit));
    if (options.expected) this.intake.expect?.(options.expected);
    let batch: Pending[] = [];
    // A batch commits while the next one is being stored and parsed; batches commit one at a time, in order.
    let committing: Promise<void> = Promise.resolve();
    let commitFailure: { error: unknown } | undefined;
    const flush = async () => {
      await committing;
      if (batch.length === 0) return;
      const pending = batch;
      batch = [];
      committing = this.store.transactMail((tx) => this.commit(tx, pending, index, report, options));
      committing.catch((error: unknown) => (commitFailure ??= { error }));
    };
    // Inputs being stored and parsed, oldest first. Results are used strictly in input order, so
    // batches (and the caller's positions, such as ascending IMAP UIDs) follow the input, and every
    // raw file of a batch is on disk before the batch commits.
    const inFlight: { input: ImportInput; hash: string; size: number; parsed: Promise<ParsedMessage> | null; content: string }[] = [];
    let bytesInFlight = 0;
    const settleOldest = async () => {
      const next = inFlight.shift()!;
      if (next.parsed) bytesInFlight -= next.size;
      const parsed = next.parsed && (await next.parsed);
      if (parsed?.parseError) report.warnings.push({ source: next.input.source, message: `stored raw, could not parse: ${parsed.parseError}` });
      batch.push({ input: next.input, hash: next.hash, size: next.size, parsed, content: next.content });
      if (batch.length >= batchSize) await flush();
    };
    try {
      for await (const input of inputs) {
        report.read++;
        const hash = sha256Hex(input.raw);
        const stored = { ...input, raw: noBytes };
        if (index.hasHash(hash) && input.reviewCopyOf === undefined) {
          report.duplicates++; // already stored, byte for byte: nothing to parse or write
          if (options.onCommit) inFlight.push({ input: stored, hash, size: input.raw.byteLength, parsed: null, content: '' });
        } else {
          const parsed = this.intake.take(input.raw, hash);
          parsed.catch(() => {}); // awaited in order; this only keeps a failure behind a slower one from counting as unhandled
          // Taken while the bytes are at hand: they are dropped once stored.
          inFlight.push({ input: stored, hash, size: input.raw.byteLength, parsed, content: contentFingerprint(input.raw) });
          bytesInFlight += input.raw.byteLength;
        }
        while (inFlight.length >= inFlightLimit || bytesInFlight >= inFlightBytes) await settleOldest();
        if (commitFailure) throw commitFailure.error;
      }
      while (inFlight.length > 0) await settleOldest();
      await flush();
    } catch (error) {
      await committing.catch(() => {}); // a failed import leaves no commit running behind it
      throw error;
    }
    await committing;
    return report;
  }

  private async commit(tx: MailTransaction, pending: Pending[], index: KnownMail, report: ImportReport, options: ImportOptions): Promise<void> {
    const data = tx.data;
    await index.sync(tx.data, tx.scanMessages);
    const now = this.clock.now();
    const fresh: NewMessage[] = [];
    const copiesBefore = report.copies;
    const batchCopies: { twin: MessageMeta; hash: string }[] = [];
    const seenInBatch = new Map<string, MessageMeta[]>();
    const hashesInBatch = new Map<string, MessageMeta>();
    // Seqs of new messages are handed out after the loop: placements point at their meta until then.
    const placed: { input: ImportInput; seq?: number; meta?: MessageMeta }[] = [];
    for (const p of pending) {
      if (p.parsed === null) {
        placed.push({ input: p.input, seq: index.seqOfHash(p.hash) });
        continue;
      }
      if ((index.hasHash(p.hash) && p.input.reviewCopyOf === undefined) || hashesInBatch.has(p.hash)) {
        report.duplicates++;
        placed.push({ input: p.input, seq: index.seqOfHash(p.hash), meta: hashesInBatch.get(p.hash) });
        continue;
      }
      const ownId = normaliseMessageId(p.parsed.messageId);
      const messageId = ownId ?? syntheticMessageId({ ...p, parsed: p.parsed });
      // A synthetic id is derived from the content already: the same id is the same message.
      const known = ownId ? await this.sameContent(index, messageId, p.content) : index.seqsOf(messageId)[0];
      if (known !== undefined) {
        const copies = data.copies[known] ?? [];
        // Replace, never mutate: the transaction's data shares nested objects with the committed data.
        if (!copies.includes(p.hash)) data.copies[known] = [...copies, p.hash];
        index.addHash(p.hash, known);
        report.copies++;
        placed.push({ input: p.input, seq: known });
        continue;
      }
      const batchTwin = seenInBatch.get(messageId)?.find((m) => !ownId || m.content === p.content);
      if (batchTwin) {
        report.copies++;
        batchCopies.push({ twin: batchTwin, hash: p.hash });
        hashesInBatch.set(p.hash, batchTwin);
        placed.push({ input: p.input, meta: batchTwin });
        continue;
      }
      const sharesMessageId = index.seqsOf(messageId).length > 0 || seenInBatch.has(messageId);
      const copyOf = p.input.reviewCopyOf;
      if (copyOf !== undefined && data.copies[copyOf]?.includes(p.hash)) {
        // A copy kept by an older version turns out to be another message: it stops being a copy in the same commit.
        const rest = data.copies[copyOf].filter((h) => h !== p.hash);
        if (rest.length > 0) data.copies[copyOf] = rest;
        else delete data.copies[copyOf];
      }
      const meta = messageMeta({ ...p, parsed: p.parsed }, messageId, { now, shop: this.settings.shopAddresses, folder: options.folder, markRead: !!options.markRead, sharesMessageId });
      seenInBatch.set(messageId, [...(seenInBatch.get(messageId) ?? []), meta]);
      hashesInBatch.set(p.hash, meta);
      placed.push({ input: p.input, meta });
      const text = p.parsed.text !== undefined && p.parsed.text.length <= keptTextLimit ? p.parsed.text : undefined;
      fresh.push({ meta, searchText: messageSearchText(meta, p.parsed.newText), text, split: text === undefined ? undefined : p.parsed.split });
    }
    // Date order, so seq order within a batch follows the conversation as it happened (grouping does not depend on it).
    fresh.sort((a, b) => Date.parse(a.meta.date) - Date.parse(b.meta.date));
    for (const f of fresh) f.meta.seq = data.nextSeq++;
    for (const f of fresh) index.addMessage(f.meta);
    for (const { twin, hash } of batchCopies) {
      data.copies[twin.seq] = [...(data.copies[twin.seq] ?? []), hash];
      index.addHash(hash, twin.seq);
    }
    const placements = placed.flatMap((p) => {
      const seq = p.meta ? p.meta.seq : p.seq;
      return seq === undefined ? [] : [{ input: p.input, seq }];
    });
    const callerChanged = options.onCommit?.(tx, placements) ?? false;
    if (fresh.length === 0 && copiesBefore === report.copies && !callerChanged) {
      tx.discard();
      return;
    }

    const grouper = new ConversationGrouper(index.lookups(data), {
      subjectWindowMs: this.settings.subjectWindowDays * day,
      newId: (m) => {
        const id = uniqueShortId(m.messageId, (taken) => taken in data.conversations || taken in data.aliases || index.isNewId(taken));
        index.markNewId(id);
        return id;
      },
    });
    for (const f of fresh) grouper.add(groupingMessage(f.meta));
    const { assignments, merged } = grouper.result();

    // Rebuild every conversation that gained messages or absorbed another.
    const affected = new Map<string, number[]>();
    const add = (id: string, seqs: number[]) => affected.set(id, [...(affected.get(id) ?? []), ...seqs]);
    for (const [oldId, survivor] of merged) {
      const record = data.conversations[oldId];
      if (!record) continue; // created and merged within this batch: nobody has seen its id
      add(survivor, record.seqs);
      delete data.conversations[oldId];
      // Scripts and notes may hold the old id: it keeps resolving to the merged conversation.
      data.aliases[oldId] = survivor;
    }
    for (const [alias, target] of Object.entries(data.aliases)) if (merged.has(target)) data.aliases[alias] = merged.get(target)!;
    for (const [seq, id] of assignments) add(id, [seq]);
    // The metadata of every message in those conversations: this batch's from hand, the rest from the
    // store (KnownMail keeps only ids and hashes, not every message's metadata).
    const batchMetas = new Map(fresh.map((f) => [f.meta.seq, f.meta]));
    const storedSeqs = new Set<number>();
    for (const [id, seqs] of affected) for (const seq of [...(data.conversations[id]?.seqs ?? []), ...seqs]) if (!batchMetas.has(seq)) storedSeqs.add(seq);
    const storedMetas = new Map((await this.store.messages([...storedSeqs].sort((a, b) => a - b))).map((m) => [m.seq, m]));
    for (const [id, seqs] of affected) {
      const existing = data.conversations[id];
      const all = new Set([...(existing?.seqs ?? []), ...seqs]);
      const metas = [...all].map((seq) => batchMetas.get(seq) ?? storedMetas.get(seq)!);
      const record = summariseConversation(id, existing?.createdSeq ?? [...all].reduce((a, b) => Math.min(a, b)), metas);
      data.conversations[id] = record;
      index.setConversation(record);
      if (existing) report.conversationsUpdated++;
      else report.conversationsCreated++;
    }
    for (const f of fresh) updateCustomers(data, f.meta, this.settings.shopAddresses);
    tx.appendMessages(fresh);
    report.added += fresh.length;
  }

  /** The stored message with this id and this content, if any. Older stores did not record content: it is read from the raw file once. */
  private async sameContent(index: KnownMail, messageId: string, content: string): Promise<number | undefined> {
    for (const seq of index.seqsOf(messageId)) {
      let known = index.contentOf(seq);
      if (known === undefined) index.setContent(seq, (known = contentFingerprint(await this.store.readRaw(index.hashOf(seq)!))));
      if (known === content) return seq;
    }
    return undefined;
  }
}

