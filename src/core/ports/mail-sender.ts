/**
 * Sending mail, as the core sees it: a composer that turns a reply into its exact bytes (once; the
 * outbox keeps them), and a sender that hands those bytes to the SMTP server. Adapters: nodemailer's
 * MailComposer and SMTP transport (src/adapters/smtp).
 */
import type { Address } from '../domain/address.js';

export type OutgoingMessage = {
  from: Address;
  to: Address[];
  cc?: Address[];
  subject: string;
  text: string;
  messageId: string;
  date: Date;
  inReplyTo?: string;
  references?: string[];
  /** Files, in order; the type comes from the name's extension unless given (a forwarded message/rfc822). */
  attachments?: { name: string; content: Uint8Array; type?: string }[];
  /** More header fields (X-Forwarded-Message-Id on a forward); values already header-safe. */
  headers?: Record<string, string>;
};

export interface MessageComposer {
  compose(message: OutgoingMessage): Promise<Uint8Array>;
}

/**
 * How a send ended, when it did not succeed: `retry` (nothing was sent: the server was unreachable
 * or answered 4xx), `rejected` (the server refused it for good: 5xx), `unknown` (the connection
 * ended after the message was handed over: it may have been delivered).
 */
export type SendFailure = { outcome: 'retry' | 'rejected' | 'unknown'; message: string };

export interface MailSender {
  /** Resolves when the server accepted the message for every recipient; rejects with SendError otherwise. */
  send(envelope: { from: string; to: string[] }, raw: Uint8Array): Promise<void>;
}

export class SendError extends Error {
  constructor(readonly failure: SendFailure) {
    super(failure.message);
  }
}
