/**
 * The conversation part of the store port (store v2): lists by query, one conversation by id, the
 * customer, and the owner's decisions. Owned by ConversationService; refine here as it needs.
 */
import type { ConversationRecord, ConversationState, Note } from '../../domain/conversation.js';
import type { QueryNode } from '../../domain/query/query-ast.js';

export type CustomerRecord = {
  email: string;
  /** Display name from their most recent mail. */
  name: string;
  /** When `name` was last seen, so older mail imported later does not overwrite it. */
  nameAt: string;
};

/** A conversation's derived record with the owner's decisions (those of conversations merged into it folded in). */
export type ConversationEntry = { record: ConversationRecord; state: ConversationState };

export type ConversationQuery = {
  query: QueryNode;
  /** The clock, for snoozes that have ended and relative dates. */
  now: number;
  /** Newest activity first (default), or the customer waiting longest first. */
  sort?: 'activity' | 'waiting';
  limit?: number;
};

export type ConversationReads = {
  /** Conversations matching the query (the same answer as matchConversation over every conversation), sorted, up to `limit`. */
  findConversations(q: ConversationQuery): ConversationEntry[];
  /** By exact id; an id merged into another resolves to the survivor. */
  conversation(id: string): ConversationEntry | undefined;
  /** Up to `max` conversation ids starting with `prefix` (short ids). */
  conversationIdsWithPrefix(prefix: string, max: number): string[];
  /** A customer's conversations, oldest first. */
  conversationsOfCustomer(email: string): ConversationEntry[];
  customer(email: string): (CustomerRecord & { firstName?: string; notes: Note[] }) | undefined;
};

export type ConversationWrites = {
  /** Replaces the owner's decisions about these conversations (status, tags, read marks, notes). */
  writeStates(states: Map<string, ConversationState>): void;
};
