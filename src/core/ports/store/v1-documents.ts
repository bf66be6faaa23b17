/**
 * The v1 store's documents (mail.json, state.json), as the released v1 code wrote them. Only the
 * v1 reader and the v1 → v2 migration use these; the v2 port is ../mail-store.ts.
 */
import type { ConversationRecord, ConversationState, Note } from '../../domain/conversation.js';
import type { MessageMeta } from '../../domain/message.js';
import type { NewMessage, StoredMessage } from '../mail-store.js';
import type { CustomerRecord } from './conversation-store.js';
import type { Draft, OutboxEntry, UndoRecord } from './owner-store.js';

export type { CustomerRecord, Draft, NewMessage, OutboxEntry, StoredMessage, UndoRecord };

export type MailData = {
  /** The next message seq to hand out: every committed message has a lower one. */
  nextSeq: number;
  conversations: Record<string, ConversationRecord>;
  /** Ids of conversations that were merged into another, mapped to the survivor. */
  aliases: Record<string, string>;
  customers: Record<string, CustomerRecord>;
  /** Extra raw copies of a message (same Message-ID, different bytes): seq → sha256 list. */
  copies: Record<string, string[]>;
  /**
   * Set once the copies kept by older versions (any other bytes with a known Message-ID) were read
   * again and those with different content made messages of their own (see copy-review.ts).
   */
  copiesReviewed?: boolean;
  /** Where the IMAP sync stands. Committed together with the messages it covers. */
  sync: SyncData;
};

/**
 * One IMAP folder as last synced. `uids` maps each UID to the message it holds and the flags whose
 * meaning has been applied to the owner's state (`\Seen`, tag keywords): a later difference between
 * these and the server's flags is a change made elsewhere (or by us, not yet recorded).
 */
export type FolderSync = {
  uidValidity: string;
  /** Every message with a lower UID has been fetched and committed. */
  uidNext: number;
  /** Flag changes up to this modseq have been applied; absent without CONDSTORE. */
  highestModseq?: string;
  uids: Record<string, [seq: number, ...flags: string[]]>;
  /** Messages larger than the IMAP adapter accepts (UID → size as announced): reported, not fetched again. */
  tooLarge?: Record<string, number>;
};

export type SyncData = {
  /** The account the positions belong to ("user@host:port"); another account starts afresh. */
  account?: string;
  folders?: Record<string, FolderSync>;
  /** Seqs of messages expunged on the server: their local copy, tags and notes stay. */
  offServer?: number[];
};

export type CustomerState = { notes?: Note[]; firstName?: string };

export type StateData = {
  conversations: Record<string, ConversationState>;
  customers: Record<string, CustomerState>;
  undo?: UndoRecord;
  outbox?: Record<string, OutboxEntry>;
  drafts?: Record<string, Draft>;
};

/**
 * A mutable view of the mail half during a transaction. Copy-on-write: the top-level maps are fresh
 * copies, but the records in them are shared with the committed data, so a transaction replaces a
 * record (`data.conversations[id] = next`) and never changes one in place.
 */
export type MailTransaction = {
  data: MailData;
  /** Visits every committed message in seq order, a shard at a time (import's dedupe and threading index; memory stays flat). */
  scanMessages(visit: (m: MessageMeta) => void): Promise<void>;
  /**
   * Adds new messages (their seqs must come from `data.nextSeq`) with the text to index for search
   * and, when the message parsed, its full text (kept for exports).
   */
  appendMessages(messages: NewMessage[]): void;
  /** Nothing changed: commit nothing (an import of mail the store already has). */
  discard(): void;
};

