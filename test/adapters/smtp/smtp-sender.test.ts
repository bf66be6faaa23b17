// Sending a reply's bytes to real SMTP servers on loopback (smtp-server): STARTTLS and a login, and
// how each failure ends: nothing sent (retry), refused for good (rejected), or unknown (the
// connection dropped after the message went over).
import { rmSync } from 'node:fs';
import { selfSignedCert } from '../../mail-harness/self-signed.js';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SmtpMailSender } from '../../../src/adapters/smtp/smtp-sender.js';
import type { SmtpSettings } from '../../../src/adapters/smtp/smtp-settings.js';
import { SendError } from '../../../src/core/ports/mail-sender.js';
import { freePort } from '../../mail-harness/dovecot.js';

const PASSWORD = 'Smtp-Secret-42';
let dir: string;
let caFile: string;
let key: string;
let cert: string;
const stops: (() => Promise<void>)[] = [];

beforeAll(() => {
  ({ dir, caFile, key, cert } = selfSignedCert('h2h-smtp-sender-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

/** A STARTTLS SMTP server taking only PASSWORD; `onData` decides what happens to a message. */
async function startServer(onData: (raw: Buffer, server: SMTPServer, done: (error?: Error) => void) => void, options: SMTPServerOptions = {}) {
  const received: Buffer[] = [];
  const logins: string[] = [];
  const server: SMTPServer = new SMTPServer({
    logger: false,
    key,
    cert,
    authMethods: ['PLAIN', 'LOGIN'],
    onAuth(auth, _session, callback) {
      logins.push(auth.password ?? '');
      if (auth.password === PASSWORD) callback(null, { user: auth.username });
      else callback(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }));
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        received.push(raw);
        onData(raw, server, (error) => callback(error ?? null));
      });
    },
    ...options,
  });
  server.on('error', () => {});
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  stops.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { port, received, logins };
}

const config = (port: number): SmtpSettings => ({ host: '127.0.0.1', port, tls: 'starttls', ca: caFile, allowSelfSigned: false });
const sender = (port: number, pass = PASSWORD) => new SmtpMailSender(config(port), async () => ({ user: 'riitta@shop.example', pass }), { connectionTimeoutMs: 5000 });
const raw = Buffer.from('From: Riitta <riitta@shop.example>\r\nTo: anna@ex.com\r\nSubject: Re: Size\r\nMessage-ID: <t1@shop.example>\r\n\r\nHi Anna,\r\n');
const envelope = { from: 'riitta@shop.example', to: ['anna@ex.com'] };

async function failureOf(promise: Promise<void>) {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(SendError);
  return (error as SendError).failure;
}

describe('SmtpMailSender', () => {
  it('sends the exact bytes over STARTTLS after logging in', async () => {
    const s = await startServer((_raw, _server, done) => done());
    await sender(s.port).send(envelope, raw);
    expect(s.received).toHaveLength(1);
    expect(s.received[0].toString()).toBe(raw.toString());
    expect(s.logins).toEqual([PASSWORD]);
  });

  it('a refused login sends nothing and is retried once the login is right', async () => {
    const s = await startServer((_raw, _server, done) => done());
    const failure = await failureOf(sender(s.port, 'Bad-Pass-99').send(envelope, raw));
    expect(failure.outcome).toBe('retry');
    expect(failure.message).toMatch(/refused the login/);
    expect(failure.message).not.toContain('Bad-Pass-99');
    expect(s.received).toHaveLength(0);
  });

  it('a 5xx refusal of the message is final; a 4xx is retried', async () => {
    const rejecting = await startServer((_raw, _server, done) => done(Object.assign(new Error('Message rejected as spam'), { responseCode: 550 })));
    expect((await failureOf(sender(rejecting.port).send(envelope, raw))).outcome).toBe('rejected');
    const busy = await startServer((_raw, _server, done) => done(Object.assign(new Error('Try again later'), { responseCode: 451 })));
    expect((await failureOf(sender(busy.port).send(envelope, raw))).outcome).toBe('retry');
  });

  it('a connection dropped after the message went over is "unknown": it may have been delivered', async () => {
    const dropping = await startServer((_raw, server) => {
      // The message is in; the answer never comes: the server goes away.
      for (const connection of (server as unknown as { connections: Set<{ _socket: { destroy(): void } }> }).connections) connection._socket.destroy();
    });
    const failure = await failureOf(sender(dropping.port).send(envelope, raw));
    expect(dropping.received).toHaveLength(1);
    expect(failure.outcome).toBe('unknown');
    expect(failure.message).toMatch(/may have been delivered/);
  });

  it('a server that stalls after DATA is "unknown" once the socket times out: the message went over', async () => {
    const stalling = await startServer(() => {}); // takes the message, never answers
    const failure = await failureOf(new SmtpMailSender(config(stalling.port), async () => ({ user: 'riitta@shop.example', pass: PASSWORD }), { socketTimeoutMs: 300 }).send(envelope, raw));
    expect(stalling.received).toHaveLength(1);
    expect(failure.outcome).toBe('unknown');
  });

  it('a 5xx to MAIL FROM or RCPT TO is final, like one to DATA', async () => {
    const badSender = await startServer((_raw, _server, done) => done(), {
      onMailFrom: (_address, _session, callback) => callback(Object.assign(new Error('Sender refused'), { responseCode: 553 })),
    });
    expect((await failureOf(sender(badSender.port).send(envelope, raw))).outcome).toBe('rejected');
    const badRecipient = await startServer((_raw, _server, done) => done(), {
      onRcptTo: (_address, _session, callback) => callback(Object.assign(new Error('No such user'), { responseCode: 550 })),
    });
    expect((await failureOf(sender(badRecipient.port).send(envelope, raw))).outcome).toBe('rejected');
  });

  it('a server without STARTTLS (required) is a failure to retry, not a rejection, and gets no password', async () => {
    const plain = await startServer((_raw, _server, done) => done(), { disabledCommands: ['STARTTLS'] });
    const failure = await failureOf(sender(plain.port).send(envelope, raw));
    expect(failure.outcome).toBe('retry');
    expect(failure.message).toMatch(/does not offer STARTTLS/);
    expect(plain.logins).toEqual([]);
    expect(plain.received).toHaveLength(0);
  });

  it('a 5xx to EHLO or AUTH is a failure to retry, not a rejection', async () => {
    const noEhlo = await startServer((_raw, _server, done) => done(), { disabledCommands: ['EHLO'] } as SMTPServerOptions);
    expect((await failureOf(sender(noEhlo.port).send(envelope, raw))).outcome).toBe('retry');
    const authDown = await startServer((_raw, _server, done) => done(), {
      onAuth: (_auth, _session, callback) => callback(Object.assign(new Error('Authentication service unavailable'), { responseCode: 554 })),
    });
    expect((await failureOf(sender(authDown.port).send(envelope, raw))).outcome).toBe('retry');
  });

  it('a server that is not there is retried', async () => {
    expect((await failureOf(sender(await freePort()).send(envelope, raw))).outcome).toBe('retry');
  });
});
