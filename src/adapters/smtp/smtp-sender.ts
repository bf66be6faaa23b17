/**
 * Hands a reply's exact bytes to the SMTP server (nodemailer's SMTP transport, with the connection
 * rules of smtp-connect.ts) and says how a failure ended: nothing sent (retry), refused for good
 * (5xx), or unknown (the connection ended after the message went over: it may have been delivered,
 * so it is never sent again without the owner's word).
 */
import type { ServerConfig } from '../../app/config.js';
import { secretsOf, type Credentials } from '../../app/secrets.js';
import { SendError, type MailSender } from '../../core/ports/mail-sender.js';
import { describeSmtpError, smtpTransportOptions } from './smtp-connect.js';

type SmtpErrorLike = { code?: string; command?: string; responseCode?: number; response?: string; rejected?: string[] };

export class SmtpMailSender implements MailSender {
  constructor(
    private readonly server: ServerConfig,
    private readonly credentials: () => Promise<Credentials>,
    private readonly options: { connectionTimeoutMs?: number } = {},
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
    try {
      const info = await transport.sendMail({ envelope, raw: Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength) });
      if (info.rejected.length > 0) throw new SendError({ outcome: 'rejected', message: `the server refused ${info.rejected.join(', ')}` });
    } catch (error) {
      if (error instanceof SendError) throw error;
      throw new SendError(failureOf(error, this.server, secretsOf(creds)));
    } finally {
      transport.close();
    }
  }
}

function failureOf(error: unknown, server: ServerConfig, secrets: readonly string[]): SendError['failure'] {
  const e = (error ?? {}) as SmtpErrorLike;
  const message = describeSmtpError(error, server, secrets).message;
  if (typeof e.responseCode === 'number') {
    // The server answered: 4xx is "try later", 5xx "never".
    return { outcome: e.responseCode >= 500 ? 'rejected' : 'retry', message };
  }
  // No answer to the end of the message (connection lost or timed out after DATA): it may have been delivered.
  if (e.command === 'DATA' || e.command === 'DATA end' || /after DATA|Connection closed unexpectedly/i.test((error as Error)?.message ?? '') && e.command !== 'CONN') {
    return { outcome: 'unknown', message: `${message}; the message may have been delivered` };
  }
  return { outcome: 'retry', message };
}
