/**
 * Does the SMTP server let this login send as each of the owner's addresses? Asked the way a send
 * starts (MAIL FROM the address, RCPT TO the owner's own), then taken back with RSET: nothing is
 * sent. Servers that tie senders to logins (Postfix's smtpd_sender_login_maps, Exchange "send as")
 * refuse there (Postfix decides at RCPT TO); those that rewrite or refuse only at the end of DATA
 * are not caught (said in the README). nodemailer has no public call for commands alone (its
 * envelope call goes on to DATA, after which a RSET would be taken as the message): the
 * connection's own command queue (`_sendCommand`, `_responseActions`) is used, and when a nodemailer
 * version lacks it the check says it could not be made rather than guess.
 */
import { secretsOf, type Credentials } from '../secure-connection/server-settings.js';
import { scrubSecrets } from '../secure-connection/scrub-secrets.js';
import { describeSmtpError, smtpTransportOptions, type SmtpConnectOptions } from './smtp-connect.js';
import type { SmtpSettings } from './smtp-settings.js';

/** `refused`: what the server said (one line), or why the check could not be made. */
export type SenderCheck = { sender: string; accepted: boolean; refused?: string };

type Connection = {
  connect(callback: (error?: Error | null) => void): void;
  login(auth: unknown, callback: (error?: Error | null) => void): void;
  reset(callback: (error?: Error | null) => void): void;
  quit(): void;
  close(): void;
  once(event: 'error', listener: (error: Error) => void): void;
  _sendCommand?: (line: string) => void;
  _responseActions?: ((reply: string) => void)[];
};

export async function checkSenders(server: SmtpSettings, creds: Credentials, senders: string[], recipient: string, options: SmtpConnectOptions = {}): Promise<SenderCheck[]> {
  const { auth, ...transport } = smtpTransportOptions(server, creds, options);
  const { default: SMTPConnection } = await import('nodemailer/lib/smtp-connection');
  const connection = new SMTPConnection(transport as never) as unknown as Connection;
  const secrets = secretsOf(creds);
  const step = (run: (done: (error?: Error | null) => void) => void) => new Promise<Error | null>((resolve) => run((error) => resolve(error ?? null)));
  let failure: Error | null = null;
  connection.once('error', (error) => (failure = error));
  try {
    const setup = (await step((done) => connection.connect(done))) ?? (await step((done) => connection.login(auth, done)));
    if (setup || failure) throw describeSmtpError(setup ?? failure, server, secrets);
    const results: SenderCheck[] = [];
    const command = (line: string) =>
      new Promise<string>((resolve) => {
        connection._responseActions!.push(resolve);
        connection._sendCommand!(line);
      });
    for (const sender of senders) {
      if (typeof connection._sendCommand !== 'function' || !Array.isArray(connection._responseActions)) {
        results.push({ sender, accepted: false, refused: 'this nodemailer cannot ask the server (not checked)' });
        continue;
      }
      // Addresses come from the config (checked as addresses): no CR, LF or angle brackets reach the line.
      const mail = await command(`MAIL FROM:<${sender.replace(/[\r\n<>]/g, '')}>`);
      const rcpt = mail.startsWith('2') ? await command(`RCPT TO:<${recipient.replace(/[\r\n<>]/g, '')}>`) : mail;
      const refused = rcpt.startsWith('2') ? null : scrubSecrets(rcpt, secrets).replace(/[\u0000-\u001f\u007f]+/g, ' ').trim().slice(0, 200);
      results.push(refused === null ? { sender, accepted: true } : { sender, accepted: false, refused });
      // Whatever was accepted is taken back: no DATA follows.
      const reset = await step((done) => connection.reset(done));
      if (reset) throw describeSmtpError(reset, server, secrets);
    }
    return results;
  } finally {
    connection.quit();
    connection.close();
  }
}
