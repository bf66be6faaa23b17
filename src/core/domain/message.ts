import type { Address } from './address.js';
import type { Automation } from './automated.js';
import type { Bounce } from './bounce.js';

export type AttachmentInfo = { name: string; type: string; size: number };

/** Which way a message went: from a customer to the shop, or from the shop (the agent or an alias). */
export type Direction = 'in' | 'out';

/** What the store keeps about one message; the body lives in the raw file and is parsed on demand. */
export type MessageMeta = {
  /** Arrival order in this store; never reused. Later arrivals have higher numbers. */
  seq: number;
  /** Short stable id for this message. */
  id: string;
  /** Message-ID with angle brackets; synthetic (`<sha256-…@h2h.invalid>`) when the mail had none. */
  messageId: string;
  isSyntheticId: boolean;
  /** sha256 of the raw bytes, which name the raw file. */
  hash: string;
  /** What the message says, header order and delivery fields aside (message-content.ts); absent in older stores. */
  content?: string;
  /** Another message with different content came with the same Message-ID (broken mailers and forms reuse ids). */
  sharesMessageId?: boolean;
  size: number;
  /** ISO-8601 UTC; falls back to the arrival time when the Date header is missing or unreadable. */
  date: string;
  from: Address | null;
  to: Address[];
  cc: Address[];
  replyTo: Address[];
  subject: string;
  references: string[];
  inReplyTo: string[];
  inReplyToWellFormed: boolean;
  direction: Direction;
  /** The customer this message is with (lower-case email). */
  customer: string;
  attachments: AttachmentInfo[];
  /** The start of the new (unquoted) text, for lists and previews. */
  snippet: string;
  /** Already read when it arrived (IMAP \Seen, mbox Status: R). */
  seenOnArrival: boolean;
  /** Set when the MIME structure could not be parsed: the raw message is kept and shown as is. */
  parseError?: string;
  /** Mail from a machine (a bounce, an auto-reply, a list, bulk mail, a notification) and what decided it; absent: a person (automated.ts). */
  automated?: Automation;
  /** A bounce's report: the shop's message that did not arrive (its Message-ID), to whom, and why. */
  bounce?: Bounce;
  /** Where it came from: an import path (with `#n` for the n-th message of an mbox) or an IMAP folder. */
  source: string;
};

/** A message as read in a conversation: metadata plus the decoded body. */
export type MessageBody = {
  /** Full text; HTML-only mail converted to text. */
  text: string;
  /** The text split into what the sender wrote, quoted history and signature, for views that fold quotes. */
  fragments: { kind: 'text' | 'quote' | 'signature'; text: string }[];
  /** Non-fatal parse problems to show next to the message. */
  warnings: string[];
};

/** How a text splits into new text, quotes and signature: worked out once, at import, and kept with the text. */
export type QuoteSplit = Pick<MessageBody, 'fragments' | 'warnings'>;
