/**
 * Hands a reply's exact bytes to the SMTP server (nodemailer's SMTP transport, with the connection
 * rules of smtp-connect.ts) and says how a failure ended: nothing sent (retry), refused for good
 * (a 5xx answer to MAIL, RCPT or DATA), or unknown (the connection ended after the message went
 * over: it may have been delivered, so it is never sent again without the owner's word).
 */
import { Readable } from 'node:stream';
import { secretsOf, type Credentials } from '../secure-connection/server-settings.js';
import { SendError, type MailSender } from '../../core/ports/mail-sender.js';
import { describeSmtpError, smtpTransportOptions } from './smtp-connect.js';
import type { SmtpSettings } from './smtp-settings.js';

type SmtpErrorLike = { code?: string; responseCode?: number; command?: string };

/** The commands about this message: a 5xx answer to one of them is the server's final word on it. */
const messageCommands = new Set(['MAIL FROM', 'RCPT TO', 'DATA']);

export class SmtpMailSender implements MailSender {
  constructor(
    private readonly server: SmtpSettings,
    private readonly credentials: () => Promise<Credentials>,
    private readonly options: { connectionTimeoutMs?: number; socketTimeoutMs?: number } = {},
  ) {}

  async send(envelope: { from: string; to: string[] }, raw: Uint8Array): Promise<void> {
    let creds: Credentials;
    try {
      creds = await this.credentials();
    } catch (error) {
      throw new SendError({ outcome: 'retry', message: (error as Error).message });
    }
    const { default: nodemailer } = await import('nodemailer');
    const transport = nodemailer.createTransport(smtpTransportOptions(this.server, creds, this.options));
    // nodemailer reports a connection lost after DATA like one lost before it: whether the whole
    // message was handed over is known from the stream it reads the bytes from.
    let handedOver = false;
    const bytes = Readable.from([Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength)]);
    bytes.once('end', () => (handedOver = true));
    try {
      const info = await transport.sendMail({ envelope, raw: bytes });
      if (info.rejected.length > 0) throw new SendError({ outcome: 'rejected', message: `the server refused ${info.rejected.join(', ')}` });
    } catch (error) {
      if (error instanceof SendError) throw error;
      throw new SendError(failureOf(error, this.server, secretsOf(creds), handedOver));
    } finally {
      transport.close();
    }
  }
}

function failureOf(error: unknown, server: SmtpSettings, secrets: readonly string[], handedOver: boolean): SendError['failure'] {
  const e = (error ?? {}) as SmtpErrorLike;
  const message = describeSmtpError(error, server, secrets).message;
  // A refused login sent nothing: it goes once the login is fixed.
  if (e.code === 'EAUTH') return { outcome: 'retry', message };
  if (typeof e.responseCode === 'number') {
    // A 5xx to MAIL, RCPT or DATA refuses this message: "never". Any other answer (4xx, or a 5xx
    // to EHLO, STARTTLS or AUTH: a server without STARTTLS answers "502 unrecognized command") is
    // about the connection or the account, not the message: it stays in the outbox to go later.
    const isRefusal = e.responseCode >= 500 && messageCommands.has(e.command ?? '');
    return { outcome: isRefusal ? 'rejected' : 'retry', message };
  }
  // The whole message went over and no answer came (connection lost, timed out): it may have been delivered.
  if (handedOver) return { outcome: 'unknown', message: `${message}; the message may have been delivered` };
  return { outcome: 'retry', message };
}
