/**
 * Opens an authenticated imapflow connection with h2h's security rules: implicit TLS or *required*
 * STARTTLS (imapflow's default would continue in clear text when a server does not offer it),
 * certificates verified unless the user named a CA or allowed self-signed ones, clear text only
 * when configured as `tls: none`. Failures become one-line errors that tell apart a refused login
 * (AuthFailedError, retrying will not help) from a server that cannot be reached safely
 * (MailUnavailableError; `transient` when trying again later may help).
 */
import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import type { ImapFlow, ImapFlowOptions } from 'imapflow';
import { AuthFailedError, CommandRefusedError, H2hError, MailUnavailableError } from '../../core/errors.js';
import { scrubSecrets } from '../secure-connection/scrub-secrets.js';
import { secretsOf, type Credentials, type ServerSettings } from '../secure-connection/server-settings.js';
import type { ImapSettings } from './imap-settings.js';
import { commandDeadline, withDeadline } from './imap-deadline.js';
import { defaultFetchLimits } from './imap-fetch.js';

export type ImapConnectOptions = {
  connectionTimeoutMs?: number;
  /** Where the warnings for opt-in weak settings go (clear text, unverified certificates). @default stderr */
  warn?: (line: string) => void;
};

const defaultWarn = (line: string) => process.stderr.write(`h2h: warning: ${line}\n`);

export function imapOptions(server: ImapSettings, creds: Credentials, options: ImapConnectOptions = {}): ImapFlowOptions {
  return {
    host: server.host,
    port: server.port,
    secure: server.tls === 'tls',
    // true: STARTTLS required (a server without it is refused before any credentials are sent).
    // false: never upgrade (`none`, asked for explicitly). Never imapflow's opportunistic default.
    doSTARTTLS: server.tls === 'starttls' ? true : server.tls === 'none' ? false : undefined,
    tls: tlsOptions(server, 'imap'),
    auth: creds.accessToken !== undefined ? { user: creds.user, accessToken: creds.accessToken } : { user: creds.user, pass: creds.pass ?? '' },
    qresync: true,
    logger: false,
    disableAutoIdle: true,
    connectionTimeout: options.connectionTimeoutMs ?? 15_000,
    greetingTimeout: options.connectionTimeoutMs ?? 15_000,
    // A dead peer (server restarted, NAT dropped the flow) is noticed within this long.
    socketTimeout: 5 * 60_000,
    // A larger literal is refused before it is read (imapflow closes the connection): a hostile
    // server cannot make h2h buffer gigabytes. Responses hold at most one message body each.
    maxLiteralSize: defaultFetchLimits.maxMessageBytes,
    maxResponseSize: defaultFetchLimits.maxMessageBytes + 1024 * 1024,
    maxLineLength: 64 * 1024 * 1024,
  };
}

/**
 * Node TLS options for a server: its CA file when given, no verification only with allowSelfSigned.
 * Shared with SMTP. The host name is always checked against the certificate (unless allowSelfSigned).
 */
export function tlsOptions(server: ServerSettings, kind: 'imap' | 'smtp'): ConnectionOptions {
  const tls: ConnectionOptions = {};
  if (server.caPem) tls.ca = [server.caPem];
  else if (server.ca) tls.ca = [readCa(server.ca, kind)];
  if (server.allowSelfSigned) tls.rejectUnauthorized = false;
  return tls;
}

/** Warnings for what the user opted into, said on every connection so it is never forgotten. */
export function weakSettingWarnings(server: ServerSettings, kind: 'imap' | 'smtp'): string[] {
  const where = `${kind.toUpperCase()} ${server.host}:${server.port}`;
  const lines: string[] = [];
  if (server.tls === 'none' && !isLoopback(server.host)) lines.push(`${where}: no TLS (tls: none): the password and mail cross the network in clear text`);
  if (server.tls !== 'none' && server.allowSelfSigned) lines.push(`${where}: the server's certificate is not verified (allowSelfSigned)`);
  return lines;
}

export async function connectImap(server: ImapSettings, creds: Credentials, options: ImapConnectOptions = {}): Promise<ImapFlow> {
  const flowOptions = imapOptions(server, creds, options);
  for (const line of weakSettingWarnings(server, 'imap')) (options.warn ?? defaultWarn)(line);
  // Loaded on first connection: commands that never talk to the server start without it.
  const { ImapFlow } = await import('imapflow');
  const client = new ImapFlow(flowOptions);
  // Errors after connect surface as 'error' events; without a listener they would crash the process.
  client.on('error', () => {});
  try {
    // The greeting, TLS, LOGIN and what follows it, as one command: a server silent after LOGIN fails in bounded time.
    await withDeadline(commandDeadline(client, server), 'the login', () => client.connect());
  } catch (error) {
    client.close();
    throw describeImapError(error, server, secretsOf(creds));
  }
  if (server.tls !== 'none' && !client.secureConnection) {
    // Belt and braces: imapflow refuses this itself with doSTARTTLS / secure.
    client.close();
    throw new MailUnavailableError(`IMAP ${server.host}:${server.port}: the connection is not encrypted; h2h refuses to use it (tls: ${server.tls})`, { transient: false });
  }
  return client;
}

type ErrorLike = {
  code?: string;
  executedCommand?: string;
  message?: string;
  authenticationFailed?: boolean;
  tlsFailed?: boolean;
  response?: unknown;
  responseText?: unknown;
  serverResponseCode?: string;
};

/**
 * Turns what imapflow or the socket threw into an H2hError with one clear line. `secrets` (the
 * password or token in use) are scrubbed from anything the server or the socket said.
 */
export function describeImapError(error: unknown, server: Pick<ServerSettings, 'host' | 'port'>, secrets: readonly string[] = []): H2hError {
  if (error instanceof H2hError) return error;
  const e = (error ?? {}) as ErrorLike;
  const where = `IMAP ${server.host}:${server.port}`;
  const said = (s: unknown) => (typeof s === 'string' && s.trim() ? oneLine(scrubSecrets(s, secrets)).slice(0, 200) : '');
  if (e.authenticationFailed) {
    const reply = said(e.response) || said(e.responseText);
    return new AuthFailedError(`${where} refused the login for this user: wrong user name or password${reply ? ` (server: ${reply})` : ''}`);
  }
  const code = e.code ?? '';
  if (code === 'LiteralTooLarge' || code === 'ResponseTooLarge' || code === 'LineTooLarge' || code === 'TooManyTokens') {
    const error = new MailUnavailableError(`${where}: the server sent an answer larger than h2h accepts (${code}); the connection was closed, and the message is skipped on the next try`);
    (error as Error).cause = { code };
    return error;
  }
  const message = said(e.message);
  const tlsProblem = certificateProblem(code, message);
  if (tlsProblem) return certificateError(where, tlsProblem, 'imap');
  if (code === 'STARTTLS_INJECTION') return new MailUnavailableError(`${where}: data was slipped in before the STARTTLS handshake (a possible man-in-the-middle); h2h did not log in`);
  if (e.tlsFailed && /STARTTLS/i.test(message) && code !== 'UPGRADE_TIMEOUT') {
    return new MailUnavailableError(`${where} does not offer STARTTLS, so h2h did not log in (it never sends the password in clear text)`, {
      transient: false,
      fix: { protocol: 'imap', problem: 'no-starttls' },
    });
  }
  if (/^ERR_SSL_|^EPROTO$/.test(code) || /wrong version number|packet length too long|unknown protocol/i.test(message)) {
    return new MailUnavailableError(`${where}: the TLS handshake failed (${code || message}); is this an implicit-TLS port?`, { transient: false, fix: { protocol: 'imap', problem: 'not-implicit-tls' } });
  }
  if (code === 'ECONNREFUSED') return new MailUnavailableError(`${where}: connection refused (is the server running, and is the port right?)`);
  if (code === 'ENOTFOUND') return new MailUnavailableError(`${where}: host not found (check the host name)`);
  if (code === 'EAI_AGAIN') return new MailUnavailableError(`${where}: the host name could not be looked up (DNS); is the network up?`);
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'ENETDOWN') return new MailUnavailableError(`${where}: network unreachable`);
  if (/TIMEOUT|ETIMEDOUT/i.test(code)) return new MailUnavailableError(`${where}: no answer in time (${code})`);
  if (code === 'ECONNRESET' || code === 'EPIPE' || /^(NoConnection|EConnectionClosed|ClosedAfterConnect)/.test(code)) {
    return new MailUnavailableError(`${where}: the server closed the connection${message && !/closed the connection/i.test(message) ? ` (${message})` : ''}`);
  }
  // A tagged NO/BAD: the server's own words ("Message contains bare newlines"), not imapflow's "Command failed".
  const serverText = said(e.responseText);
  const command = /^\S+ ((?:UID )?[A-Z]+)/.exec(said(e.executedCommand))?.[1];
  if (serverText) return new CommandRefusedError(`${where}: the server refused ${command ?? 'the command'}: ${serverText}`);
  return new MailUnavailableError(`${where}: ${message || 'connection failed'}${code && !message.includes(code) ? ` (${code})` : ''}`);
}

/**
 * A one-line explanation when `code`/`message` say the server's certificate was not accepted;
 * `untrusted` when trusting its issuer (a CA file, allowSelfSigned) is the fix.
 */
export function certificateProblem(code: string, message: string): { text: string; untrusted: boolean } | undefined {
  const text = `${code} ${message}`;
  if (/SELF_SIGNED|self[- ]signed/i.test(text)) return { text: `the server's TLS certificate is self-signed and not trusted`, untrusted: true };
  if (/CERT_HAS_EXPIRED|certificate has expired/i.test(text)) return { text: `the server's TLS certificate has expired (${code || 'CERT_HAS_EXPIRED'})`, untrusted: false };
  if (/CERT_NOT_YET_VALID|not yet valid/i.test(text)) return { text: `the server's TLS certificate is not valid yet (is the clock right?)`, untrusted: false };
  if (/ERR_TLS_CERT_ALTNAME_INVALID|altnames|does not match certificate/i.test(text)) return { text: `the server's TLS certificate is for another host name; connect by the name on the certificate`, untrusted: false };
  if (/UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|unable to (verify|get (local )?issuer)|CERT_UNTRUSTED|CERT_REJECTED|CERT_SIGNATURE_FAILURE/i.test(text)) {
    return { text: `the server's TLS certificate is not trusted (${/^[A-Z_]+$/.test(code) ? code : 'unknown issuer'})`, untrusted: true };
  }
  return undefined;
}

/** The error for a certificate that was not accepted: never transient, only a setting fixes it. */
export function certificateError(where: string, problem: { text: string; untrusted: boolean }, protocol: 'imap' | 'smtp'): MailUnavailableError {
  return new MailUnavailableError(`${where}: ${problem.text}`, { transient: false, ...(problem.untrusted ? { fix: { protocol, problem: 'untrusted-certificate' as const } } : {}) });
}

function readCa(path: string, kind: 'imap' | 'smtp'): string {
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (error) {
    throw new H2hError('CONFIG_INVALID', `account.${kind}.ca: cannot read the CA file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new H2hError('CONFIG_INVALID', `account.${kind}.ca: ${path} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
  return pem;
}

export const isLoopback = (host: string) => host === 'localhost' || /^127\.\d+\.\d+\.\d+$/.test(host) || host === '::1' || host === '[::1]';
const oneLine = (s: string) => s.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
