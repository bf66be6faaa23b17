import type { Address, } from '../domain/address.js';
import type { Bounce } from '../domain/bounce.js';
import type { AttachmentInfo, MessageBody, QuoteSplit } from '../domain/message.js';

/** What import needs from a raw message. Header values are decoded (encoded words, charsets). */
export type ParsedMessage = {
  messageId?: string;
  from: Address | null;
  to: Address[];
  cc: Address[];
  replyTo: Address[];
  subject: string;
  /** Epoch ms, when the Date header (or a Received header) held a readable date. */
  date?: number;
  inReplyTo?: string;
  references?: string;
  attachments: AttachmentInfo[];
  /** New (unquoted) text, for snippets and search. */
  newText: string;
  /** The full text, as `MessageParser.text` gives it; absent when the MIME structure could not be parsed. */
  text?: string;
  /** `text` split into new text, quotes and signature (absent with `text`): stored, so showing a message never splits it again. */
  split?: QuoteSplit;
  /** Set when the MIME structure could not be parsed; the fields above then come from a plain header scan. */
  parseError?: string;
  /** The header fields that tell a machine from a person (core/domain/automated.ts names them), first of each, one line. */
  automationHeaders?: Record<string, string>;
  /** What a bounce says (the headers say it is one): the shop's message that did not arrive, to whom, why. */
  bounce?: Bounce;
};

export type MessageParser = {
  parse(raw: Uint8Array): Promise<ParsedMessage>;
  body(raw: Uint8Array): Promise<MessageBody>;
  /** The full text (HTML-only mail as text), without splitting off quotes: for exports. */
  text(raw: Uint8Array): Promise<string>;
  /** Attachments with their bytes, names as the sender gave them (untrusted): for exports. */
  attachmentFiles(raw: Uint8Array): Promise<{ name: string; content: Uint8Array }[]>;
  /**
   * The addresses the receiving servers wrote the message was delivered to (Delivered-To, and
   * X-Original-To before an alias was expanded), every occurrence, lower-case: which of the shop's
   * addresses a customer wrote to when it is in neither To nor Cc (Bcc, a forwarding alias).
   */
  deliveredTo(raw: Uint8Array): Promise<string[]>;
};
