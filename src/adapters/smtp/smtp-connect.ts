/**
 * nodemailer SMTP transports with the same security rules as IMAP: `tls` is implicit TLS (465),
 * `starttls` *requires* STARTTLS (a server without it is refused before AUTH), `none` is clear
 * text and only ever used when configured so. Certificates are verified unless the user named a
 * CA or allowed self-signed ones. Errors become AuthFailedError (the login was refused) or
 * MailUnavailableError, one line each, with the secret scrubbed from anything the server said.
 */
import type { SMTPTransportOptions } from 'nodemailer/lib/smtp-transport';
import { AuthFailedError, H2hError, MailUnavailableError } from '../../core/errors.js';
import { scrubSecrets } from '../secure-connection/scrub-secrets.js';
import { secretsOf, type Credentials } from '../secure-connection/server-settings.js';
import type { SmtpSettings } from './smtp-settings.js';
import { certificateError, certificateProblem, tlsOptions, weakSettingWarnings } from '../imap/imap-connect.js';

export type SmtpConnectOptions = {
  connectionTimeoutMs?: number;
  /** A server silent this long mid-conversation (after DATA too) ends the send: "unknown" once the message went over. @default 60 s */
  socketTimeoutMs?: number;
  /** Where the warnings for opt-in weak settings go. @default stderr */
  warn?: (line: string) => void;
};

export function smtpTransportOptions(server: SmtpSettings, creds: Credentials, options: SmtpConnectOptions = {}): SMTPTransportOptions {
  const timeout = options.connectionTimeoutMs ?? 15_000;
  return {
    host: server.host,
    port: server.port,
    secure: server.tls === 'tls',
    requireTLS: server.tls === 'starttls',
    ignoreTLS: server.tls === 'none',
    tls: tlsOptions(server, 'smtp'),
    auth: creds.accessToken !== undefined ? { type: 'OAuth2', user: creds.user, accessToken: creds.accessToken } : { user: creds.user, pass: creds.pass ?? '' },
    // Log in even when the server does not advertise AUTH: sending as the shop needs the login to work.
    forceAuth: true,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: options.socketTimeoutMs ?? 60_000,
    logger: false,
    debug: false,
  };
}

/** Connects, upgrades as configured and logs in; resolves when all of that worked. */
export async function verifySmtp(server: SmtpSettings, creds: Credentials, options: SmtpConnectOptions = {}): Promise<void> {
  const transportOptions = smtpTransportOptions(server, creds, options);
  for (const line of weakSettingWarnings(server, 'smtp')) (options.warn ?? ((l: string) => process.stderr.write(`h2h: warning: ${l}\n`)))(line);
  // Loaded when needed: commands that never send start without it.
  const { default: nodemailer } = await import('nodemailer');
  const transport = nodemailer.createTransport(transportOptions);
  try {
    await transport.verify();
  } catch (error) {
    throw describeSmtpError(error, server, secretsOf(creds));
  } finally {
    transport.close();
  }
}

type SmtpErrorLike = { code?: string; originalCode?: string; message?: string; response?: unknown; responseCode?: number; command?: string };

export function describeSmtpError(error: unknown, server: Pick<SmtpSettings, 'host' | 'port'>, secrets: readonly string[] = []): H2hError {
  if (error instanceof H2hError) return error;
  const e = (error ?? {}) as SmtpErrorLike;
  const where = `SMTP ${server.host}:${server.port}`;
  const clean = (s: unknown) => (typeof s === 'string' && s.trim() ? scrubSecrets(s, secrets).replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 200) : '');
  const code = e.code ?? '';
  const original = e.originalCode ?? '';
  const message = clean(e.message);
  if (code === 'EAUTH') {
    const reply = clean(e.response);
    return new AuthFailedError(`${where} refused the login for this user: wrong user name or password${reply ? ` (server: ${reply})` : message ? ` (${message})` : ''}`);
  }
  const tlsProblem = certificateProblem(original || code, message);
  if (tlsProblem) return certificateError(where, tlsProblem, 'smtp');
  if (code === 'ETLS' && e.command === 'STARTTLS' && /upgrading connection with STARTTLS/i.test(message)) {
    return new MailUnavailableError(`${where} does not offer STARTTLS, so h2h did not log in (it never sends the password in clear text)`, {
      transient: false,
      fix: { protocol: 'smtp', problem: 'no-starttls' },
    });
  }
  if (code === 'ETLS' || /^ERR_SSL_|^EPROTO$/.test(original) || /wrong version number|packet length too long/i.test(message)) {
    return new MailUnavailableError(`${where}: the TLS handshake failed (${message || code}); is this an implicit-TLS port?`, { transient: false, fix: { protocol: 'smtp', problem: 'not-implicit-tls' } });
  }
  const sys = original || code;
  if (sys === 'ECONNREFUSED') return new MailUnavailableError(`${where}: connection refused (is the server running, and is the port right?)`);
  if (sys === 'ENOTFOUND' || (code === 'EDNS' && /ENOTFOUND/.test(message))) return new MailUnavailableError(`${where}: host not found (check the host name)`);
  if (sys === 'EAI_AGAIN' || code === 'EDNS') return new MailUnavailableError(`${where}: the host name could not be looked up (DNS); is the network up?`);
  if (sys === 'EHOSTUNREACH' || sys === 'ENETUNREACH' || sys === 'ENETDOWN') return new MailUnavailableError(`${where}: network unreachable`);
  if (code === 'ETIMEDOUT' || /TIMEOUT/.test(sys)) return new MailUnavailableError(`${where}: no answer in time`);
  if (code === 'ECONNECTION' || sys === 'ECONNRESET' || sys === 'EPIPE') return new MailUnavailableError(`${where}: the server closed the connection${message ? ` (${message})` : ''}`);
  return new MailUnavailableError(`${where}: ${message || 'connection failed'}${code && !message.includes(code) ? ` (${code})` : ''}`);
}
