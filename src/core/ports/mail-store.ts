/**
 * The store as the core sees it. Two halves with different writers:
 * - `MailData`: what the mail says (messages, conversations, customers, sync positions). Written by
 *   import and sync in `transactMail`, which commits atomically: a crash leaves the last commit intact.
 * - `StateData`: what the owner decided (status, tags, notes, read marks). Written by `transactState`.
 * Every transaction takes the store lock, re-reads what other processes wrote, applies, writes.
 * Adapters (lowdb files, an in-memory fake) implement this; the core never sees files or locks.
 */
import type { ConversationRecord, ConversationState, Note } from '../domain/conversation.js';
import type { MessageMeta, QuoteSplit } from '../domain/message.js';

export type CustomerRecord = {
  email: string;
  /** Display name from their most recent mail. */
  name: string;
  /** When `name` was last seen, so older mail imported later does not overwrite it. */
  nameAt: string;
};

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

/**
 * The last triage change made through h2h (tags, status, read marks, notes), so it can be undone:
 * each conversation's state before and after it. Undo restores `before` only where the state is
 * still `after`, so it never reverts a later change.
 */
export type UndoRecord = {
  /** What was done, for the owner ("close 3 conversations"). */
  action: string;
  at: string;
  changes: { id: string; before: ConversationState; after: ConversationState }[];
  /** A customer note added by the change: undo removes it. */
  customerNote?: { email: string; noteId: string };
};

/**
 * A reply on its way out. Its exact bytes are in the raw store (`hash`) from the moment it is
 * queued, so every try sends the same message with the same Message-ID. `sending` is claimed under
 * the store lock before SMTP is spoken to: two processes never send one reply, and a sender that
 * died mid-send leaves `sending`, which becomes `unknown` (the owner decides) instead of a second copy.
 */
export type OutboxEntry = {
  id: string;
  conversationId: string;
  /** The customer message answered (its seq), for \Answered. */
  answersSeq: number;
  /** The conversation's newest seq when the reply was started (collision guard; kept for undo send). */
  baseSeq: number;
  messageId: string;
  hash: string;
  from: string;
  to: string[];
  subject: string;
  /** The owner's text, to take the reply back to the composer (undo send). */
  text: string;
  queuedAt: string;
  /** Not sent before (the undo window), or the next retry. */
  notBefore: string;
  status: 'queued' | 'sending' | 'failed' | 'rejected' | 'unknown' | 'sent';
  attempts: number;
  lastError?: string;
  claimedBy?: { pid: number; host: string; at: string };
  sentAt?: string;
  /** After sending: the copy appended to the server's Sent folder, \Answered set on the customer's message. */
  filedAt?: string;
  answeredAt?: string;
};

/** A reply being written, saved as the owner types: survives a crash and reopens. */
export type Draft = { conversationId: string; text: string; updatedAt: string; /** The conversation's newest seq when the draft was started (collision guard). */ baseSeq: number };

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

export type NewMessage = { meta: MessageMeta; searchText: string; text?: string; split?: QuoteSplit };

/** A message read back with its kept full text (undefined when none was kept: parse the raw file) and its quote split, when kept. */
export type StoredMessage = { meta: MessageMeta; text?: string; split?: QuoteSplit };

export type MailStore = {
  readonly dataDir: string;
  /** The last committed mail half, as loaded or refreshed. Treat as read-only. */
  mail(): MailData;
  state(): StateData;
  /** Re-reads whatever other processes committed since the last read. Cheap when nothing changed. */
  refresh(): Promise<void>;
  /** Whether another process committed since this one last read or wrote (its own writes do not count). */
  changedElsewhere(): Promise<boolean>;
  messages(seqs: number[]): Promise<MessageMeta[]>;
  /** Visits every committed message in seq order, holding one shard at a time. */
  scanMessages(visit: (m: MessageMeta) => void): Promise<void>;
  /**
   * The messages of many groups (conversations), group by group in the order given, with their
   * kept text when `withText`. Memory is bounded by how far apart a group's messages are, not by
   * how many groups there are: what a group needs is read when it is reached and dropped after the
   * last group that needs it.
   */
  readGroups(groups: number[][], withText: boolean): AsyncGenerator<StoredMessage[]>;
  readRaw(hash: string): Promise<Buffer>;
  /** Stores raw bytes (content-addressed, atomic; durable before the next commit, which may point at them) and returns their sha256. */
  writeRaw(raw: Uint8Array): Promise<string>;
  /** Message seqs whose text holds every word of `text`. */
  searchText(text: string): Promise<Set<number>>;
  transactMail<T>(fn: (tx: MailTransaction) => Promise<T> | T): Promise<T>;
  transactState<T>(fn: (state: StateData, mail: MailData) => T): Promise<T>;
  close(): Promise<void>;
};
