/**
 * The intake part of the store port (store v2): what import asks to dedupe and group new mail
 * (indexed lookups over the batch at hand, never a scan of the mailbox) and what it writes.
 * Owned by ImportService; refine here as it needs.
 */
import type { ConversationRecord } from '../../domain/conversation.js';
import type { MessageMeta, QuoteSplit } from '../../domain/message.js';

/** A message to add: its seq is handed out by the store (`addMessages`). */
export type NewMessage = { meta: MessageMeta; searchText: string; text?: string; split?: QuoteSplit };

export type IntakeReads = {
  /** Which of these raw hashes the store holds, as a message or as an extra copy, and the message's seq. */
  knownHashes(hashes: string[]): Map<string, number>;
};

export type IntakeWrites = {
  /** Adds messages; returns their seqs (new stable identities, never reused) in order. */
  addMessages(messages: NewMessage[]): number[];
  /** Writes conversations' derived records (new ones, or ones whose mail changed); never touches decisions. */
  writeConversations(records: ConversationRecord[]): void;
};
