/**
 * An SMTP server on loopback that accepts any login and any recipient, keeps every message in memory
 * and relays it to Dovecot over LMTP, so mail h2h sends shows up in the recipients' IMAP mailboxes.
 * No TLS: h2h is pointed at it with `--smtp-tls none`.
 */
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { freePort } from './dovecot.js';

export type SunkMessage = { from: string; to: string[]; raw: Buffer };

export type SmtpSink = {
  host: string;
  port: number;
  /** Every message accepted so far, in order (only in the process that started the sink). */
  messages: SunkMessage[];
  stop(): Promise<void>;
};

/** `senders`: when given, MAIL FROM any other address is refused (553), as a server tying senders to logins does. */
export async function startSmtpSink(opts: { lmtpPort: number; port?: number; senders?: string[] }): Promise<SmtpSink> {
  const port = opts.port ?? (await freePort());
  const messages: SunkMessage[] = [];
  const lmtp = nodemailer.createTransport({ host: '127.0.0.1', port: opts.lmtpPort, lmtp: true, secure: false, ignoreTLS: true });
  const server = new SMTPServer({
    secure: false, authOptional: true, allowInsecureAuth: true, disabledCommands: ['STARTTLS'], logger: false,
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username });
    },
    onMailFrom(address, _session, callback) {
      if (opts.senders && !opts.senders.includes(address.address.toLowerCase())) {
        callback(Object.assign(new Error(`5.7.1 <${address.address}>: Sender address rejected: not owned by user shop`), { responseCode: 553 }));
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks);
        const to = session.envelope.rcptTo.map((r) => r.address);
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        try {
          await lmtp.sendMail({ envelope: { from, to }, raw });
        } catch {
          // Every recipient unknown to Dovecot: LMTP refuses, but the SMTP side has still accepted it
          // (as a real relay would), and it is in `messages`.
        }
        messages.push({ from, to, raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    host: '127.0.0.1',
    port,
    messages,
    async stop() {
      lmtp.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
