/**
 * The owner's small documents (store v2: owner.json, lowdb): drafts, the outbox, the undo journal.
 * Bounded by what the owner is doing now, not by the mailbox. Owned by ReplyService and
 * ConversationService (undo); refine here as they need.
 */
import type { Automation } from '../../domain/automated.js';
import type { ConversationState } from '../../domain/conversation.js';
import type { Recipients } from '../../domain/recipients.js';
import type { AwayPeriod, AwayState } from '../../domain/away.js';

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
  /** Messages a rule said were a machine's: undo gives each its `before` back where it is still `after`. */
  automated?: AutomatedChange[];
};

/** A stored message's machine-or-person changed (null: a person). */
export type AutomatedChange = { seq: number; conversationId: string; before: Automation | null; after: Automation | null };

/**
 * A reply on its way out. Its exact bytes are in the raw store (`hash`) from the moment it is
 * queued, so every try sends the same message with the same Message-ID. `sending` is claimed in a
 * store transaction before SMTP is spoken to: two processes never send one reply, and a sender that
 * died mid-send leaves `sending`, which becomes `unknown` (the owner decides) instead of a second copy.
 */
/** A reply that did not go and waits for the owner to see it: failed (retried by itself), refused, or of unknown fate. */
export const didNotGo = (status: OutboxEntry['status']): boolean => status === 'failed' || status === 'rejected' || status === 'unknown';

export type OutboxEntry = {
  id: string;
  /** Absent: a reply. New mail's conversation is its draft's key ("new-…") until it is sent and stored. */
  kind?: 'new' | 'forward';
  conversationId: string;
  /** The customer message answered (its seq), for \Answered; for a forward the one forwarded ($Forwarded); -1 for new mail. */
  answersSeq: number;
  /** The conversation's newest seq when the reply was started (collision guard; kept for undo send). */
  baseSeq: number;
  messageId: string;
  hash: string;
  from: string;
  to: string[];
  /** Bcc is in the envelope only (not in the message's headers). */
  cc?: string[];
  bcc?: string[];
  /** With their names, to take the message back to a draft as it was (undo send). */
  recipients?: Recipients;
  subject: string;
  /** The owner's text, to take the reply back to the composer (undo send). */
  text: string;
  /** Files sent with it (their bytes are in `hash`'s message; kept to take the reply back with them). */
  attachments?: OutgoingAttachment[];
  queuedAt: string;
  /** Not sent before (the undo window), or the next retry. */
  notBefore: string;
  /**
   * Send later (issue 19, L / --at): the time the owner chose. Until then it waits in the outbox;
   * if the conversation gets mail first (the customer writes again), it is not sent but becomes the
   * draft again, as a collision at queue time would.
   */
  sendAt?: string;
  status: 'queued' | 'sending' | 'failed' | 'rejected' | 'unknown' | 'sent';
  attempts: number;
  lastError?: string;
  claimedBy?: { pid: number; host: string; at: string };
  sentAt?: string;
  /** An away notice (away.ts): no answer, so the conversation keeps waiting on the shop, and not the owner's to edit. */
  notice?: true;
  /** After sending: the copy appended to the server's Sent folder, \Answered set on the customer's message. */
  filedAt?: string;
  answeredAt?: string;
};

/**
 * Mail being written, saved as the owner types: survives a crash and reopens. A reply is kept under
 * its conversation's id; new mail under "new-…" and a forward under "fwd-…" (`kind` says which).
 */
export type Draft = {
  /** The key it is kept under: the conversation's id for a reply. */
  conversationId: string;
  /** Absent: a reply. */
  kind?: 'new' | 'forward';
  /** New mail's subject (a reply's and a forward's follow from what they answer or forward). */
  subject?: string;
  /** The owner's address it goes from, when chosen (F); absent: the one the customer wrote to, else the main one. */
  from?: string;
  /** A forward's conversation, the message forwarded (its seq), and how it goes (absent: as the config says). */
  forwards?: { conversationId: string; seq: number; as?: 'inline' | 'attachment' };
  text: string;
  updatedAt: string;
  /** The conversation's newest seq when the draft was started (collision guard). */
  baseSeq: number;
  /** Files to send with it, copied into the store when attached (a later change to the file changes nothing). */
  attachments?: OutgoingAttachment[];
  /** Who it goes to, when the owner chose (reply-all, edited To/Cc/Bcc); absent: the answered message's sender. */
  recipients?: Recipients;
};

/**
 * The owner's word on a sender, over what h2h works out from the mail: a person (never a machine's
 * mail), automated (always), or blocked (their mail is spam). Kept by address, lower case.
 */
export type SenderVerdict = { as: 'person' | 'automated' | 'blocked'; at: string };

/** A file attached to a reply: its name as sent, its size, and its bytes kept in the store's raw files under `hash`. */
export type OutgoingAttachment = { name: string; size: number; hash: string };

/**
 * Reads see the last commit (any process); inside `transact` they see the transaction's own writes.
 * Every value handed out is a copy: changing it changes nothing until it is written back.
 */
export type OwnerReads = {
  /** The newest undoable change. */
  undoRecord(): UndoRecord | undefined;
  /** Every outbox entry, oldest queued first. */
  outbox(): OutboxEntry[];
  outboxEntry(id: string): OutboxEntry | undefined;
  draft(conversationId: string): Draft | undefined;
  /** Every saved draft, oldest update first. */
  drafts(): Draft[];
  senderVerdict(email: string): SenderVerdict | undefined;
  /** Every sender the owner has a word on, by address. */
  senderVerdicts(): [email: string, verdict: SenderVerdict][];
  /** The owner's absence now or last (away.ts), and the earlier ones (oldest first, a bounded few). */
  away(): { current: AwayState | null; earlier: AwayPeriod[] };
};

/** Only inside `transact`. Writing what is already there changes nothing (the file is not rewritten). */
export type OwnerWrites = {
  /** The whole journal becomes this one change (`undefined`: none), as a migrated store starts. */
  setUndoRecord(record: UndoRecord | undefined): void;
  /** A new undoable change, on top of the earlier ones (the oldest fall off past a bound). */
  pushUndoRecord(record: UndoRecord): void;
  /** Takes the newest change off (undone): the one before it is next. */
  popUndoRecord(): void;
  /** Drops every change `touches` says yes to (mail that was forgotten). */
  dropUndoRecords(touches: (record: UndoRecord) => boolean): void;
  /** Adds or replaces the entry with this id. */
  putOutboxEntry(entry: OutboxEntry): void;
  removeOutboxEntry(id: string): void;
  /** Adds or replaces the conversation's draft. */
  putDraft(draft: Draft): void;
  removeDraft(conversationId: string): void;
  /** null forgets the owner's word: h2h decides from the mail again. */
  setSenderVerdict(email: string, verdict: SenderVerdict | null): void;
  /** The same, from the shared state: not recorded for the other machines again. */
  writeUnsharedVerdict(email: string, verdict: SenderVerdict | null): void;
  /** The absence now or last; a new one moves the one before into `earlier`. */
  setAway(state: AwayState | null): void;
};
