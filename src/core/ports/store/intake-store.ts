/**
 * The intake part of the store port (store v2): what import asks to dedupe and group new mail
 * (indexed lookups over the batch at hand, never a scan of the mailbox) and what it writes.
 * Owned by ImportService; refine here as it needs.
 *
 * Messages' conversation ids are always current: a merge moves the merged conversation's messages
 * to the survivor, so no lookup here has to follow aliases.
 */
import type { ConversationRecord } from '../../domain/conversation.js';
import type { GroupingLookups } from '../../domain/conversation-grouping.js';
import type { MessageMeta, QuoteSplit } from '../../domain/message.js';

/** A message to add: its seq is handed out by the store (`addMessages`). */
export type NewMessage = { meta: MessageMeta; searchText: string; text?: string; split?: QuoteSplit };

/** A stored message as dedupe sees it, found by its Message-ID. */
export type KnownMessage = {
  seq: number;
  messageId: string;
  isSyntheticId: boolean;
  hash: string;
  /** Content fingerprint (message-content.ts); absent for messages of older stores until import reads it once. */
  content?: string;
  size: number;
  customer: string;
  /** Absent only inside the transaction that is adding the message. */
  conversationId?: string;
};

/** One customer seen on a message: their name there and the message's date (the newest date's name wins). */
export type CustomerSighting = { email: string; name: string; at: string };

/** Extra copies kept for one message (same Message-ID and content, other bytes). */
export type KeptCopies = { seq: number; hashes: string[] };

export type IntakeReads = {
  /** Which of these raw hashes the store holds, as a message or as an extra copy, and the message's seq. */
  knownHashes(hashes: string[]): Map<string, number>;
  /** Stored messages carrying any of these Message-IDs as their own, oldest (lowest seq) first. */
  messagesById(messageIds: string[]): KnownMessage[];
  /** What ConversationGrouper asks of the store (conversations of committed, grouped messages). */
  groupingLookups(): GroupingLookups;
  /** Every message of a conversation, in date order (an indexed read of that conversation only). */
  conversationMessages(conversationId: string): MessageMeta[];
  /** Whether a conversation id is in use, as a conversation or as an alias of a merged one. */
  conversationIdTaken(id: string): boolean;
  /** Whether the copies kept by older versions were reviewed (copy-review.ts). */
  copiesReviewed(): boolean;
  /** Every kept extra copy, by message (small: only byte-different deliveries of one message). */
  keptCopies(): KeptCopies[];
};

export type IntakeWrites = {
  /** Adds messages without a conversation yet; returns their seqs (new stable identities, never reused) in order. */
  addMessages(messages: NewMessage[]): number[];
  /** Puts messages (added in this transaction) in a conversation. */
  placeMessages(seqs: number[], conversationId: string): void;
  /** Records the content fingerprint of a message stored without one (older stores). */
  setContent(seq: number, content: string): void;
  addCopy(seq: number, hash: string): void;
  removeCopy(seq: number, hash: string): void;
  setCopiesReviewed(): void;
  /** Writes conversations' derived records (new ones, or ones whose mail changed) with their participants; never touches decisions. */
  writeConversations(records: ConversationRecord[]): void;
  /**
   * Merges `merged` into `survivor` (whose record is written): moves its messages, folds the owner's
   * decisions about it into the survivor's (tags united, notes moved, status per mergeStates), and
   * keeps its id as an alias of the survivor (so are ids that were aliases of it).
   */
  mergeConversation(merged: string, survivor: string): void;
  /** Keeps customers' display names current: the name on their newest mail wins. */
  seeCustomers(sightings: CustomerSighting[]): void;
};
