/**
 * The owner's decisions as shared with the other machines through the mail server
 * (core/domain/shared-state): the merged state by entry, and the deltas of local decisions not yet
 * written to the server. Local decisions are recorded by the store itself as they are written
 * (writeStates, customer notes, greetings), so no writer can forget to share; decisions read from
 * the server are written with `applySharedStates`, which records nothing. Owned by StateSync.
 */
import type { ConversationState } from '../../domain/conversation.js';
import type { SharedState } from '../../domain/shared-state/shared-state.js';

export type SharedPending = { id: number; delta: SharedState };

export type SharedReads = {
  /** This machine's id in the shared state (made on first use). */
  sharedNode(): string;
  /** The merged state of these conversations' anchors, customers and senders (those known). */
  sharedEntries(keys: { conversations?: string[]; customers?: string[]; senders?: string[] }): SharedState;
  /** Local decisions not yet written to the server, oldest first. */
  sharedPending(): SharedPending[];
  /** Every anchor (a Message-ID) of a conversation: the Message-IDs of its messages that have shared decisions. */
  sharedAnchorsOf(conversationId: string): string[];
};

export type SharedWrites = {
  /** Merges a state read from the server into the entries (recording nothing to send). Returns the keys that changed. */
  mergeShared(state: SharedState): { conversations: string[]; customers: string[]; senders: string[] };
  /** The pending deltas with these ids were written to the server. */
  dropSharedPending(ids: number[]): void;
  /** Writes decisions that came from the shared state (recording no delta). */
  applySharedStates(states: Map<string, ConversationState>): void;
};
