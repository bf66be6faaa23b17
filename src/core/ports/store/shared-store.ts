/**
 * The owner's decisions as shared with the other machines through the mail server
 * (core/domain/shared-state): the merged state by entry, and the deltas of local decisions not yet
 * written to the server. Local decisions are recorded by the store itself as they are written
 * (writeStates, customer notes, greetings), so no writer can forget to share; decisions read from
 * the server are written with `writeUnsharedStates`, which records nothing. Owned by StateSync.
 */
import type { ConversationState, Note } from '../../domain/conversation.js';
import type { SenderVerdict } from './owner-store.js';
import type { AwayDecision, SharedState } from '../../domain/shared-state/shared-state.js';
import type { Register } from '../../domain/greetings.js';

export type SharedPending = { id: number; delta: SharedState };

/** What the shared state says of a customer, as written into the local store (each field only when it says it). */
export type SharedCustomerWrite = { firstName?: string | null; language?: string | null; register?: Register | null; sameAs?: string | null; notes?: Note[] };

/**
 * A draft as this machine last synced it: the shared versions it stood on (`heads`) and its content
 * then (`sig`, canonical JSON; null: no draft here). A draft whose content differs was written here
 * since; one that matches takes what the other machines wrote.
 */
export type DraftHere = { heads: string[]; sig: string | null };

export type SharedReads = {
  /** This machine's id in the shared state (made on first use). */
  sharedNode(): string;
  /** The merged state of these conversations' anchors, customers and senders (those known); `owner`: 'away'. */
  sharedEntries(keys: { conversations?: string[]; customers?: string[]; senders?: string[]; drafts?: string[]; owner?: 'away'[] }): SharedState;
  /** Every draft the shared state holds, by shared key (draft-sharing.ts). */
  sharedDraftKeys(): string[];
  /** What this machine's drafts were, as shared, when last synced (draft-sharing.ts). */
  sharedDraftsHere(): Record<string, DraftHere>;
  /** Which version of each draft this machine last copied to the Drafts folder (draft-mirror.ts). */
  sharedDraftsMirrored(): Record<string, string>;
  /** Local decisions not yet written to the server, oldest first. */
  sharedPending(): SharedPending[];
  /** Every anchor (a Message-ID) of a conversation: the Message-IDs of its messages that have shared decisions. */
  sharedAnchorsOf(conversationId: string): string[];
  /** The anchor a conversation's decisions are shared under: one it already has, else its first message's Message-ID. */
  sharedAnchorOf(conversationId: string): string | undefined;
  /** Anchors with shared decisions whose mail is not here yet (applied when it comes). */
  sharedWaiting(): string[];
  /** Whether the decisions this store held before it shared them have been recorded once (an upgraded store). */
  sharedSeeded(): boolean;
  /** Whether this store has read another machine's decisions from the server: it joined a desk kept elsewhere. */
  sharedJoined(): boolean;
  /** When the server last refused to keep the shared state (a read-only account, no CREATE), if it did. */
  sharedRefusedAt(): number | undefined;
  /** When the last full sync finished (wall ms; 0 before the first): flags and the shared state agreed then. */
  sharedAgreedAt(): number;
  /** The newest stamp this store made or read, if any. */
  sharedLastStamp(): string | undefined;
};

export type SharedWrites = {
  /** Merges a state read from the server into the entries (recording nothing to send). Returns the keys that changed. */
  mergeShared(state: SharedState): { conversations: string[]; customers: string[]; senders: string[]; drafts: string[]; owner: string[] };
  /** Records a local decision to share (the store records its own writes; this is for decisions made before it did). */
  recordShared(delta: SharedState): void;
  /** A stamp for a decision recorded now (the clock moves: a write). */
  sharedStamp(): string;
  setSharedWaiting(anchors: string[]): void;
  markSharedSeeded(): void;
  markSharedJoined(): void;
  setSharedRefusedAt(at: number | null): void;
  setSharedAgreedAt(at: number): void;
  setSharedDraftsHere(here: Record<string, DraftHere>): void;
  setSharedDraftsMirrored(mirrored: Record<string, string>): void;
  /** The pending deltas with these ids were written to the server. */
  dropSharedPending(ids: number[]): void;
  /**
   * Writes decisions without recording them for the other machines: those that came from the shared
   * state, and defaults every machine derives alike from the mail (history closed at import), which
   * must never win over a decision the owner made elsewhere.
   */
  writeUnsharedStates(states: Map<string, ConversationState>): void;
  /** A customer's greeting (when given) and notes (when given: these and no others), and the person they were merged into (null: none), from the shared state. */
  writeUnsharedCustomer(email: string, c: SharedCustomerWrite): void;
  /** A sender verdict from the shared state (null: none). */
  writeUnsharedVerdict(email: string, verdict: SenderVerdict | null): void;
  /** The owner's absence from the shared state: who got a notice here stays while it is the same absence. */
  writeUnsharedAway(away: NonNullable<AwayDecision>): void;
};
