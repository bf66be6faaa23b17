/**
 * Reads the certificate a mail server presents, without trusting it and without logging in: for
 * `h2h init`, so an owner whose server has a self-signed certificate can see its fingerprint and
 * choose to trust exactly that certificate (saved as the server's `ca`), instead of hunting for a
 * PEM file or turning verification off. Speaks just enough IMAP or SMTP to reach STARTTLS; sends
 * no credentials. Nothing here decides to trust anything: the caller asks the owner.
 */
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect, type DetailedPeerCertificate, type TLSSocket } from 'node:tls';
import { MailUnavailableError } from '../../core/errors.js';
import type { ServerSettings } from './server-settings.js';

export type ServerCertificate = {
  /** The certificate the server presented, as `CN=…`-style text. */
  subject: string;
  issuer: string;
  /** SHA-256 of the presented certificate, colon-separated hex (as providers publish it). */
  fingerprint: string;
  validTo: string;
  /**
   * The PEM to trust so that this server verifies: the self-signed top of the chain it sent (its own
   * certificate when self-signed, else its CA). Absent when the chain does not end in a self-signed
   * certificate (the CA was not sent): trusting the server's own certificate would not verify.
   */
  trustPem?: string;
  /** The subject of `trustPem`'s certificate, when it is not the presented one (a CA). */
  trustSubject?: string;
};

/** Server lines longer than this end the attempt: a hostile server cannot make h2h buffer without bound. */
const maxLineBytes = 8 * 1024;

export async function fetchServerCertificate(server: Pick<ServerSettings, 'host' | 'port' | 'tls'>, protocol: 'imap' | 'smtp', options: { timeoutMs?: number } = {}): Promise<ServerCertificate> {
  const where = `${protocol.toUpperCase()} ${server.host}:${server.port}`;
  if (server.tls === 'none') throw new MailUnavailableError(`${where}: no TLS (tls: none), so there is no certificate to read`, { transient: false });
  const timeoutMs = options.timeoutMs ?? 15_000;
  let plain: Socket | undefined;
  let secure: TLSSocket | undefined;
  const timer = setTimeout(() => (secure ?? plain)?.destroy(new Error(`no answer in ${timeoutMs / 1000} s`)), timeoutMs);
  try {
    if (server.tls === 'starttls') {
      plain = await opened(netConnect({ host: server.host, port: server.port }));
      await (protocol === 'imap' ? imapStartTls : smtpStartTls)(lineReader(plain));
    }
    // rejectUnauthorized off: the certificate is read to be shown, never used to log in.
    const socket = tlsConnect({ ...(plain ? { socket: plain } : { host: server.host, port: server.port }), servername: isIP(server.host) ? undefined : server.host, rejectUnauthorized: false });
    secure = socket;
    await new Promise<void>((resolve, reject) => {
      socket.once('secureConnect', resolve);
      socket.once('error', reject);
      socket.once('close', () => reject(new Error('the server closed the connection')));
    });
    return describeChain(socket.getPeerCertificate(true));
  } catch (error) {
    if (error instanceof MailUnavailableError) throw error;
    throw new MailUnavailableError(`${where}: could not read the server's certificate (${(error as Error).message})`, { transient: false });
  } finally {
    clearTimeout(timer);
    secure?.destroy();
    plain?.destroy();
  }
}

function describeChain(leaf: DetailedPeerCertificate): ServerCertificate {
  if (!leaf || !leaf.raw) throw new Error('the server sent no certificate');
  let top = leaf;
  // Node links the root's issuerCertificate to itself; a chain that stops early has none.
  for (let i = 0; i < 10 && top.issuerCertificate && top.issuerCertificate !== top && top.issuerCertificate.raw; i++) top = top.issuerCertificate;
  const isSelfSigned = top.issuerCertificate === top || (top.issuerCertificate === undefined && name(top.subject) === name(top.issuer));
  return {
    subject: name(leaf.subject),
    issuer: name(leaf.issuer),
    fingerprint: leaf.fingerprint256,
    validTo: leaf.valid_to,
    ...(isSelfSigned ? { trustPem: pemOf(top.raw) } : {}),
    ...(isSelfSigned && top !== leaf ? { trustSubject: name(top.subject) } : {}),
  };
}

const name = (fields: object | undefined): string =>
  Object.entries((fields ?? {}) as Record<string, string | string[] | undefined>)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join('+') : value}`)
    .join(', ');

const pemOf = (der: Buffer): string => `-----BEGIN CERTIFICATE-----\n${der.toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;

function opened(socket: Socket): Promise<Socket> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

type LineReader = { next(): Promise<string>; send(line: string): void; detach(): void };

/** Lines from the plain socket until STARTTLS; detached before the TLS handshake takes the socket over. */
function lineReader(socket: Socket): LineReader {
  let buffer = '';
  let waiting: { resolve: (line: string) => void; reject: (error: Error) => void } | null = null;
  let failure: Error | null = null;
  const lines: string[] = [];
  const flush = () => {
    if (!waiting) return;
    if (lines.length) {
      const w = waiting;
      waiting = null;
      w.resolve(lines.shift()!);
    } else if (failure) {
      const w = waiting;
      waiting = null;
      w.reject(failure);
    }
  };
  const onData = (chunk: Buffer) => {
    buffer += chunk.toString('latin1');
    let end: number;
    while ((end = buffer.indexOf('\n')) >= 0) {
      lines.push(buffer.slice(0, end).replace(/\r$/, ''));
      buffer = buffer.slice(end + 1);
    }
    if (buffer.length > maxLineBytes) failure = new Error('the server sent an overlong line');
    flush();
  };
  const onEnd = (error?: Error) => {
    failure ??= error ?? new Error('the server closed the connection');
    flush();
  };
  const onClose = () => onEnd();
  socket.on('data', onData);
  socket.on('error', onEnd);
  socket.on('close', onClose);
  return {
    next: () => {
      if (lines.length) return Promise.resolve(lines.shift()!);
      if (failure) return Promise.reject(failure);
      return new Promise((resolve, reject) => {
        waiting = { resolve, reject };
      });
    },
    send: (line) => void socket.write(`${line}\r\n`),
    // Before the TLS handshake takes the socket over: nothing more is read as plain text (bytes a
    // server slipped in after its STARTTLS answer are dropped, never shown).
    detach: () => {
      socket.off('data', onData);
      socket.off('error', onEnd);
      socket.off('close', onClose);
      socket.on('error', () => {}); // reported by the TLS socket that wraps it
    },
  };
}

async function imapStartTls(reader: LineReader): Promise<void> {
  const greeting = await reader.next();
  if (!/^\* OK\b/i.test(greeting)) throw new Error(`unexpected greeting: ${short(greeting)}`);
  reader.send('h2h1 STARTTLS');
  for (;;) {
    const line = await reader.next();
    if (/^h2h1 /i.test(line)) {
      if (!/^h2h1 OK\b/i.test(line)) throw new Error(`STARTTLS refused: ${short(line)}`);
      return reader.detach();
    }
  }
}

async function smtpStartTls(reader: LineReader): Promise<void> {
  await reply(reader, '220');
  reader.send('EHLO localhost');
  await reply(reader, '250');
  reader.send('STARTTLS');
  await reply(reader, '220');
  reader.detach();
}

/** Reads one (possibly multi-line) SMTP reply and requires its code. */
async function reply(reader: LineReader, code: string): Promise<void> {
  for (;;) {
    const line = await reader.next();
    if (!line.startsWith(code)) throw new Error(`unexpected reply: ${short(line)}`);
    if (line[3] !== '-') return;
  }
}

const short = (line: string) => line.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').slice(0, 120);
