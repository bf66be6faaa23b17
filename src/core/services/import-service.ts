/**
 * Brings raw mail into the store: store and parse (outside the lock, many messages at once through
 * a MessageIntake, possibly on other threads, results used in input order), then commit in batches,
 * each while the next one is being parsed. Importing the same mail twice adds nothing: identical
 * bytes are skipped, and another copy of a known Message-ID with the same content (see
 * message-content.ts) is kept as an extra copy of that message. Different content under a known
 * Message-ID is a message of its own, shown, marked as sharing the id. One bad message never stops an import: it is stored raw with a warning.
 *
 * Nothing here holds or reads the mailbox: dedupe (import-dedupe.ts) and grouping
 * (conversation-assembler.ts) are indexed store queries over the batch at hand, inside the batch's
 * one transaction, so a run costs what its own mail costs, not what the store holds.
 */
import type { Rule } from '../domain/rules.js';
import { rulesOnNewMail } from './rule-engine.js';
import { spamFromBlocked } from './spam-marks.js';
import { addRuleHits, type RuleCount } from './sync-types.js';
import { contentFingerprint } from '../domain/message-content.js';
import type { FolderKind } from '../domain/participants.js';
import { sha256Hex } from '../domain/short-id.js';
import type { ConversationState } from '../domain/conversation.js';
import { formatHlc } from '../domain/shared-state/hlc.js';
import { emptyShared, type SharedState } from '../domain/shared-state/shared-state.js';
import { conversationDelta } from '../domain/shared-state/state-mapping.js';
import type { Clock } from '../ports/clock.js';
import type { MailStore, StoreTx } from '../ports/mail-store.js';
import { inProcessIntake, type MessageIntake } from '../ports/message-intake.js';
import type { MessageParser, ParsedMessage } from '../ports/message-parser.js';
import { assembleBatch } from './conversation-assembler.js';
import { dedupeBatch, legacyContents, type Pending } from './import-dedupe.js';
import { newMergeSuggestions } from './merge-suggestions.js';
import { mergeSuggestionText } from '../domain/merge-suggestion.js';
import { customerSightings, messageSearchText } from './message-records.js';

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
   * can commit its own positions (IMAP UIDs) through `tx` atomically with the mail. Returns true when
   * it wrote something, so a batch of only known mail still commits (otherwise it is rolled back:
   * no new revision for nothing).
   */
  onCommit?: (tx: StoreTx, placed: Placement[]) => boolean;
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
  /** New conversations stored closed as history (ImportSettings.closeOlderThanDays). */
  closedAsHistory?: number;
  /** Conversations that became spam: new mail from a blocked sender (absent when none). */
  spam?: number;
  /** Conversations each rule acted on (absent when none did). */
  rules?: RuleCount[];
  /** `merge`: the merge a new address replying in a customer's thread suggests (merge-suggestions.ts). */
  warnings: { source: string; message: string; merge?: { address: string; person: string } }[];
};

export type ImportSettings = {
  shopAddresses: Set<string>;
  subjectWindowDays: number;
  /**
   * A conversation first stored with its newest message older than this many days is history, not
   * work: it is stored closed (as of that message, so the customer writing again reopens it), and
   * years of imported mail do not fill the Open view. 0: every new conversation is open. @default 0
   */
  closeOlderThanDays?: number;
  /** The owner's rules, run on each batch's new mail (rule-engine.ts), and the saved searches their queries may name. */
  rules?: Rule[];
  searches?: Record<string, string>;
};

const day = 86_400_000;
/** Thrown inside a batch's transaction that changed nothing: rolls it back, so nothing commits and no revision is spent. */
const nothingToCommit = Symbol('nothing to commit');
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
    // Content fingerprints read from raw files of older stores' messages, for this run (see legacyContents).
    const legacy = new Map<number, string>();
    if (options.expected) this.intake.expect?.(options.expected);
    let batch: Pending<ImportInput>[] = [];
    // A batch commits while the next one is being stored and parsed; batches commit one at a time, in order.
    let committing: Promise<void> = Promise.resolve();
    let commitFailure: { error: unknown } | undefined;
    const flush = async () => {
      await committing;
      if (batch.length === 0) return;
      const pending = batch;
      batch = [];
      committing = (async () => {
        await legacyContents(this.store, pending, legacy);
        await this.store.transact((tx) => this.commit(tx, pending, legacy, report, options));
      })().catch((error: unknown) => {
        if (error !== nothingToCommit) throw error;
      });
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
        if (input.reviewCopyOf === undefined && this.store.knownHashes([hash]).has(hash)) {
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

  /** One batch, inside its transaction: dedupe, new messages with their seqs, the caller's positions, conversations, customers. */
  private commit(tx: StoreTx, pending: Pending<ImportInput>[], legacy: Map<number, string>, report: ImportReport, options: ImportOptions): void {
    const verdictOf = (email: string) => tx.senderVerdict(email)?.as;
    const outcome = dedupeBatch(tx, pending, legacy, { now: this.clock.now(), shop: this.settings.shopAddresses, folder: options.folder, markRead: !!options.markRead, verdictOf });
    report.duplicates += outcome.duplicates;
    report.copies += outcome.copies;
    const { fresh } = outcome;
    // Date order, so seq order within a batch follows the conversation as it happened (grouping does not depend on it).
    fresh.sort((a, b) => Date.parse(a.meta.date) - Date.parse(b.meta.date));
    const seqs = tx.addMessages(fresh);
    fresh.forEach((f, i) => (f.meta.seq = seqs[i]));
    for (const { twin, hash } of outcome.batchCopies) tx.addCopy(twin.seq, hash);
    const placements = outcome.placed.flatMap((p) => {
      const seq = p.meta ? p.meta.seq : p.seq;
      return seq === undefined ? [] : [{ input: p.input, seq }];
    });
    const callerChanged = options.onCommit?.(tx, placements) ?? false;
    if (fresh.length === 0 && outcome.copies === 0 && !callerChanged) throw nothingToCommit;

    const metas = fresh.map((f) => f.meta);
    const { records, merges, placements: joined } = assembleBatch(tx, metas, this.settings.subjectWindowDays * day);
    // Survivors' records first: a merge folds the merged conversation's decisions into the survivor's row.
    tx.writeConversations(records.map((r) => r.record));
    for (const [merged, survivor] of merges) tx.mergeConversation(merged, survivor);
    for (const [id, seqs] of joined) tx.placeMessages(seqs, id);
    tx.seeCustomers(metas.flatMap((m) => customerSightings(m, this.settings.shopAddresses)));
    for (const r of records) {
      if (r.created) report.conversationsCreated++;
      else report.conversationsUpdated++;
    }
    const closeDays = this.settings.closeOlderThanDays ?? 0;
    // A store joining a desk kept on another machine takes its statuses from there (state-sync.ts).
    if (closeDays > 0 && !tx.sharedJoined()) {
      const before = this.clock.now() - closeDays * day;
      const history = new Map<string, ConversationState>();
      for (const { record, created } of records) {
        const state = created && Date.parse(record.lastAt) < before ? tx.conversation(record.id)?.state : undefined;
        if (state && (state.status ?? 'open') === 'open') history.set(record.id, { ...state, status: 'closed', statusAt: record.lastAt, statusChangedAt: new Date(this.clock.now()).toISOString() });
      }
      if (history.size) {
        // A default, not the owner's decision: shared stamped at the epoch, so that a machine set up
        // later has the same desk whatever its own config says, and any decision of the owner's wins.
        tx.writeUnsharedStates(history);
        tx.recordShared(historyDelta(tx, history));
        report.closedAsHistory = (report.closedAsHistory ?? 0) + history.size;
      }
    }
    const hits = rulesOnNewMail(tx, this.settings.rules ?? [], joined, new Set(metas.filter((m) => m.direction === 'in').map((m) => m.seq)), { now: this.clock.now(), searches: this.settings.searches ?? {}, shop: this.settings.shopAddresses });
    const spam = spamFromBlocked(tx, joined, metas);
    if (spam.length) report.spam = (report.spam ?? 0) + spam.length;
    if (hits.length) report.rules = addRuleHits(report.rules, hits.map((h) => ({ name: h.name, conversations: h.conversations.length })));
    report.added += fresh.length;
    // Suggested, never made: the owner decides who is who (h2h customers merge).
    for (const s of newMergeSuggestions(tx, records.map((r) => r.record), new Set(metas.map((m) => m.seq)))) report.warnings.push({ source: `conversation ${s.conversationId}`, message: mergeSuggestionText(s), merge: { address: s.address, person: s.person } });
  }
}

/** History closed at import, as shared decisions older than any the owner makes. */
function historyDelta(tx: StoreTx, history: Map<string, ConversationState>): SharedState {
  const delta = emptyShared();
  const atEpoch = formatHlc({ wall: 0, counter: 0, node: tx.sharedNode() });
  for (const [id, state] of history) {
    const anchor = tx.sharedAnchorOf(id);
    const d = anchor && conversationDelta({}, { status: state.status, ...(state.statusAt ? { statusAt: state.statusAt } : {}), ...(state.statusChangedAt ? { statusChangedAt: state.statusChangedAt } : {}) }, atEpoch);
    if (d) delta.conversations[anchor] = d;
  }
  return delta;
}
