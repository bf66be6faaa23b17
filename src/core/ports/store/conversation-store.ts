/**
 * The conversation part of the store port (store v2): lists by query, one conversation by id, the
 * customer, and the owner's decisions. Owned by ConversationService.
 *
 * A conversation merged into another has no decisions of its own: whoever merges (import) folds its
 * state into the survivor's (mergeStates) and writes that with `writeStates`. So an entry's state is
 * always the whole of the owner's decisions about it.
 */
import type { ConversationListItem, ConversationRecord, ConversationState, Note } from '../../domain/conversation.js';
import type { QueryNode } from '../../domain/query/query-ast.js';
import type { Register } from '../../domain/greetings.js';

export type CustomerRecord = {
  email: string;
  /** Display name from their most recent mail. */
  name: string;
  /** When `name` was last seen, so older mail imported later does not overwrite it. */
  nameAt: string;
};

/**
 * A customer with what the owner keeps about them: the name a reply greets them by, and notes (oldest
 * first). A person (`customer`, `customers`) also has `addresses`: those merged into them (h2h customers
 * merge), oldest merge first; their notes are then the notes about every address of theirs.
 */
export type CustomerDetails = CustomerRecord & { firstName?: string; notes: Note[]; addresses?: string[] };

/** One line of `h2h customers`: a customer with conversations, and when they were first and last in touch. */
export type CustomerSummary = CustomerDetails & {
  /** Their conversations, oldest first. */
  conversationIds: string[];
  firstContactAt: string;
  lastContactAt: string;
};

/** A conversation's derived record with the owner's decisions about it. */
export type ConversationEntry = { record: ConversationRecord; state: ConversationState };

export type ConversationQuery = {
  query: QueryNode;
  /** The clock, for snoozes that have ended. */
  now: number;
  /** Newest activity first (default; ties by id), or the customer waiting longest first (none waiting last, newest activity first, then id). */
  sort?: 'activity' | 'waiting';
  limit?: number;
  /** Only among these conversations (a list brought up to date from those that changed). */
  ids?: string[];
};

export type ConversationReads = {
  /** Conversations matching the query (the same answer as matchConversation over every conversation), sorted, up to `limit`. */
  findConversations(q: ConversationQuery): ConversationEntry[];
  /** The same conversations as list rows (what viewConversation says of each, with the customer's name), without reading their messages. */
  listConversations(q: ConversationQuery): ConversationListItem[];
  /**
   * Conversations whose record or decisions were written after revision `since`, and those whose
   * snooze ended in (`snoozes.after`, `snoozes.upTo`] (a clock moving on changes their status, no write does).
   */
  changedConversations(since: number, snoozes: { after: number; upTo: number }): string[];
  /**
   * Conversations gone since revision `since`, given those changed since (`changedConversations`):
   * the ones merged into them; null when others were removed since (forgotten, reindexed), so a
   * list kept current is read again whole.
   */
  removedConversations(since: number, changed: string[]): string[] | null;
  /** By exact id; an id merged into another resolves to the survivor. */
  conversation(id: string): ConversationEntry | undefined;
  /** Up to `max` conversation ids starting with `prefix` (short ids), in id order. */
  conversationIdsWithPrefix(prefix: string, max: number): string[];
  /** A person's conversations (those of every address merged into them too), oldest first. */
  conversationsOfCustomer(email: string): ConversationEntry[];
  /** A person: their name and setting, the notes about every address of theirs, the addresses merged into them. */
  customer(email: string): CustomerDetails | undefined;
  /** The names of many customers at once (those known): from their mail, and the first name the owner set. */
  customerNames(emails: string[]): Map<string, { name: string; firstName?: string; register?: Register }>;
  /** Persons with at least one conversation (under any address of theirs), latest contact first. */
  customers(): CustomerSummary[];
  /** Every tag on a conversation, most used first (ties by name). */
  tagsInUse(): string[];
  /** The conversation holding a message with each of these Message-IDs (ids not held are left out). */
  conversationsOfMessageIds(messageIds: string[]): Map<string, string>;
};

export type ConversationWrites = {
  /** Replaces the owner's decisions about these conversations (status, tags, read marks, notes): `{}` is "never decided". */
  writeStates(states: Map<string, ConversationState>): void;
  /** Adds a note about a customer (who must be known); about a merged address, the note is about its person. */
  addCustomerNote(email: string, note: Note): void;
  /** Removes a note about a customer; false when it was not there. */
  removeCustomerNote(email: string, noteId: string): boolean;
  /** The name replies greet the customer by; null forgets it (the name from their mail is used again). */
  setFirstName(email: string, firstName: string | null): void;
  /** The register replies to the customer are written in; null: the shop's again. */
  setCustomerRegister(email: string, register: Register | null): void;
};
