// h2h's IMAP connection rules against the real Dovecots of the test run (test/global-setup.ts): implicit
// TLS, STARTTLS *required*, certificates verified by default, clear text only when asked for; and a
// scripted fake server that records every byte, to show the password is never sent without TLS.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { connectImap, describeImapError, imapOptions } from '../../../src/adapters/imap/imap-connect.js';
import type { ImapSettings } from '../../../src/adapters/imap/imap-settings.js';
import { exitCodeFor } from '../../../src/cli/exit-codes.js';
import { AuthFailedError, H2hError, MailUnavailableError } from '../../../src/core/errors.js';
import { freePort, imapSession } from '../../mail-harness/dovecot.js';
import { uniqueUser, type MailUser } from '../../mail-harness/mailbox.js';

const mail = inject('mail');
const tlsDovecot = mail.dovecot;
const noTls = mail.noTls;

let dir: string;
let caFile: string;
let user: MailUser;
let plainUser: MailUser;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'h2h-imap-connect-'));
  caFile = join(dir, 'dovecot-ca.pem');
  writeFileSync(caFile, tlsDovecot.certPem);
  [user, plainUser] = await Promise.all([uniqueUser(tlsDovecot, 'connect'), uniqueUser(noTls, 'connect-plain')]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const server = (extra: Partial<ImapSettings>): ImapSettings => ({
  host: '127.0.0.1',
  port: tlsDovecot.tlsPort!,
  user: user.address,
  tls: 'tls',
  allowSelfSigned: false,
  ...extra,
});

/** What connectImap rejected with (fails the test when it connected). */
async function refusal(s: ImapSettings, pass: string, warn: (l: string) => void = () => {}): Promise<H2hError> {
  const outcome = await connectImap(s, { user: s.user, pass }, { warn, connectionTimeoutMs: 5_000 }).then(
    async (client) => {
      await client.logout().catch(() => client.close());
      return undefined;
    },
    (e: unknown) => e,
  );
  expect(outcome, 'connectImap should have refused').toBeInstanceOf(H2hError);
  return outcome as H2hError;
}

async function loggedIn(s: ImapSettings, pass: string, warn: (l: string) => void = () => {}): Promise<{ secure: boolean }> {
  const client = await connectImap(s, { user: s.user, pass }, { warn, connectionTimeoutMs: 5_000 });
  try {
    expect(client.authenticated).toBeTruthy();
    return { secure: client.secureConnection };
  } finally {
    await client.logout().catch(() => client.close());
  }
}

describe('imapOptions', () => {
  it('maps tls modes to imapflow: implicit TLS, STARTTLS required, never opportunistic', () => {
    const creds = { user: 'u', pass: 'p' };
    const base = { host: 'imap.shop.example', user: 'u', allowSelfSigned: false };
    expect(imapOptions({ ...base, port: 993, tls: 'tls' }, creds)).toMatchObject({ secure: true, doSTARTTLS: undefined, tls: {} });
    expect(imapOptions({ ...base, port: 143, tls: 'starttls' }, creds)).toMatchObject({ secure: false, doSTARTTLS: true });
    expect(imapOptions({ ...base, port: 143, tls: 'none' }, creds)).toMatchObject({ secure: false, doSTARTTLS: false });
    expect(imapOptions({ ...base, port: 993, tls: 'tls', allowSelfSigned: true }, creds).tls).toEqual({ rejectUnauthorized: false });
    expect(imapOptions({ ...base, port: 993, tls: 'tls' }, { user: 'u', accessToken: 'tok' }).auth).toEqual({ user: 'u', accessToken: 'tok' });
  });

  it('reads the CA file, and says so when it cannot', () => {
    expect(imapOptions(server({ ca: caFile }), { user: 'u', pass: 'p' }).tls).toEqual({ ca: [tlsDovecot.certPem] });
    expect(() => imapOptions(server({ ca: join(dir, 'missing.pem') }), { user: 'u', pass: 'p' })).toThrow(/account\.imap\.ca: cannot read the CA file .*missing\.pem: ENOENT/);
    const notPem = join(dir, 'not.pem');
    writeFileSync(notPem, 'hello');
    expect(() => imapOptions(server({ ca: notPem }), { user: 'u', pass: 'p' })).toThrow(/holds no PEM certificate/);
  });
});

describe('connectImap against Dovecot', () => {
  it('logs in over implicit TLS when given the CA (PEM path)', async () => {
    expect(await loggedIn(server({ ca: caFile }), user.password)).toEqual({ secure: true });
  });

  it('logs in with STARTTLS required on the plain port', async () => {
    expect(await loggedIn(server({ port: tlsDovecot.port, tls: 'starttls', ca: caFile }), user.password)).toEqual({ secure: true });
  });

  it('refuses a self-signed certificate by default, with a clear message, over implicit TLS and STARTTLS', async () => {
    for (const s of [server({}), server({ port: tlsDovecot.port, tls: 'starttls' })]) {
      const e = await refusal(s, user.password);
      expect(e).toBeInstanceOf(MailUnavailableError);
      // The fact; how to trust the issuer (a flag, a config key) is the CLI's to say (test/cli/init.test.ts).
      expect(e.message).toBe(`IMAP 127.0.0.1:${s.port}: the server's TLS certificate is self-signed and not trusted`);
      expect((e as MailUnavailableError).fix).toEqual({ protocol: 'imap', problem: 'untrusted-certificate' });
      expect((e as MailUnavailableError).transient).toBe(false);
      expect(exitCodeFor(e.code)).toBe(4);
    }
  });

  it('accepts a self-signed certificate with allowSelfSigned, and says so', async () => {
    const warnings: string[] = [];
    expect(await loggedIn(server({ allowSelfSigned: true }), user.password, (l) => warnings.push(l))).toEqual({ secure: true });
    expect(warnings).toEqual([`IMAP 127.0.0.1:${tlsDovecot.tlsPort}: the server's certificate is not verified (allowSelfSigned)`]);
  });

  it('tells a wrong password apart, fast, without the password in the message', async () => {
    const wrong = 'Wrong-Pa55word-xyz';
    const started = Date.now();
    const e = await refusal(server({ ca: caFile }), wrong);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(e).toBeInstanceOf(AuthFailedError);
    expect(e.message).toMatch(new RegExp(`^IMAP 127\\.0\\.0\\.1:${tlsDovecot.tlsPort} refused the login for this user: wrong user name or password \\(server: .*AUTHENTICATIONFAILED.*\\)$`));
    expect(e.message).not.toContain(wrong);
    expect(exitCodeFor(e.code)).toBe(6);
  });

  it('reports an unreachable port as unavailable (worth retrying)', async () => {
    const port = await freePort();
    const e = await refusal(server({ port, ca: caFile }), user.password);
    expect(e).toBeInstanceOf(MailUnavailableError);
    expect(e.message).toBe(`IMAP 127.0.0.1:${port}: connection refused (is the server running, and is the port right?)`);
    expect((e as MailUnavailableError).transient).toBe(true);
    expect(exitCodeFor(e.code)).toBe(4);
  });

  it('explains implicit TLS against a plain-text port', async () => {
    const e = await refusal(server({ port: tlsDovecot.port, ca: caFile }), user.password);
    expect(e).toBeInstanceOf(MailUnavailableError);
    expect(e.message).toMatch(/the TLS handshake failed .*is this an implicit-TLS port\?$/);
    expect((e as MailUnavailableError).fix).toEqual({ protocol: 'imap', problem: 'not-implicit-tls' });
  });

  it('refuses a server without STARTTLS when STARTTLS is required, before logging in', async () => {
    // A login name used nowhere else: if h2h sent LOGIN/AUTHENTICATE, Dovecot's log would name it.
    const probe = `probe-${process.pid}-${Date.now()}@example.test`;
    const e = await refusal(server({ port: noTls.port, tls: 'starttls', user: probe }), 'probe-password');
    expect(e).toBeInstanceOf(MailUnavailableError);
    expect(e.message).toBe(`IMAP 127.0.0.1:${noTls.port} does not offer STARTTLS, so h2h did not log in (it never sends the password in clear text)`);
    expect((e as MailUnavailableError).fix).toEqual({ protocol: 'imap', problem: 'no-starttls' });
    expect(exitCodeFor(e.code)).toBe(4);
    expect((e as MailUnavailableError).transient).toBe(false);
    // Dovecot logs every login attempt (auth_verbose). A marker login after the refused connection
    // shows the log has caught up; the probe user must not appear in it.
    const marker = `marker-${process.pid}-${Date.now()}@example.test`;
    await imapSession(noTls.port, [`LOGIN "${marker}" "x"`]);
    const log = () => readFileSync(join(noTls.root, 'log/dovecot.log'), 'utf8');
    await vi.waitFor(() => expect(log()).toContain(marker), { timeout: 5_000, interval: 20 });
    expect(log()).not.toContain(probe);
  });

  it('logs in in clear text only when told tls: none (loopback: no warning)', async () => {
    const warnings: string[] = [];
    expect(await loggedIn(server({ port: noTls.port, tls: 'none', user: plainUser.address }), plainUser.password, (l) => warnings.push(l))).toEqual({ secure: false });
    expect(warnings).toEqual([]);
  });
});

/**
 * A scripted IMAP server without STARTTLS that records everything the client sends and would accept
 * any login: if the password were sent, it would be in `received`.
 */
async function fakeServer(): Promise<{ port: number; received: () => string; closed: Promise<void>; stop: () => Promise<void> }> {
  let received = '';
  let resolveClosed!: () => void;
  const closed = new Promise<void>((r) => (resolveClosed = r));
  const sockets = new Set<Socket>();
  const srv: Server = createServer((socket) => {
    sockets.add(socket);
    socket.write('* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] fake ready\r\n');
    let buffer = '';
    let authTag = '';
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      buffer += chunk.toString('latin1');
      let nl: number;
      while ((nl = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 2);
        const [tag, command = ''] = line.split(' ');
        if (authTag) {
          // the SASL response line after the continuation
          socket.write(`${authTag} OK logged in\r\n`);
          authTag = '';
        } else if (/^CAPABILITY$/i.test(command)) socket.write(`* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n${tag} OK done\r\n`);
        else if (/^AUTHENTICATE$/i.test(command)) {
          authTag = tag;
          socket.write('+ \r\n');
        }
        else if (/^LOGOUT$/i.test(command)) socket.end(`* BYE\r\n${tag} OK bye\r\n`);
        else if (tag) socket.write(`${tag} OK done\r\n`);
      }
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      sockets.delete(socket);
      resolveClosed();
    });
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  return {
    port: (srv.address() as { port: number }).port,
    received: () => received,
    closed,
    stop: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        srv.close(() => r());
      }),
  };
}

describe('STARTTLS required against a server that does not offer it', () => {
  const password = 'Never-In-Clear-7';
  const b64 = (s: string) => Buffer.from(s).toString('base64');

  it('sends no login and no password', async () => {
    const fake = await fakeServer();
    try {
      const s: ImapSettings = { host: '127.0.0.1', port: fake.port, user: 'riitta@shop.example', tls: 'starttls', allowSelfSigned: false };
      const e = await refusal(s, password);
      expect(e.message).toMatch(/does not offer STARTTLS, so h2h did not log in/);
      await fake.closed;
      expect(fake.received()).not.toMatch(/LOGIN|AUTHENTICATE/i);
      expect(fake.received()).not.toContain(password);
      expect(fake.received()).not.toContain(b64(`\u0000riitta@shop.example\u0000${password}`));
    } finally {
      await fake.stop();
    }
  });

  it('(control) imapflow left to its opportunistic default would have sent it', async () => {
    const fake = await fakeServer();
    try {
      const s: ImapSettings = { host: '127.0.0.1', port: fake.port, user: 'riitta@shop.example', tls: 'starttls', allowSelfSigned: false };
      const client = new ImapFlow({ ...imapOptions(s, { user: s.user, pass: password }), doSTARTTLS: undefined });
      client.on('error', () => {});
      await client.connect().catch(() => {});
      client.close();
      await fake.closed;
      expect(fake.received()).toMatch(/AUTHENTICATE PLAIN/);
      expect(fake.received()).toContain(b64(`\u0000riitta@shop.example\u0000${password}`));
    } finally {
      await fake.stop();
    }
  });
});

describe('describeImapError', () => {
  const at = { host: 'imap.shop.example', port: 993 };
  it('keeps the secret out of what the server said', () => {
    const e = describeImapError(Object.assign(new Error('Command failed'), { authenticationFailed: true, response: 'NO [AUTHENTICATIONFAILED] bad password hunter2' }), at, ['hunter2']);
    expect(e).toBeInstanceOf(AuthFailedError);
    expect(e.message).toBe('IMAP imap.shop.example:993 refused the login for this user: wrong user name or password (server: NO [AUTHENTICATIONFAILED] bad password ***)');
  });

  it('names DNS failures, timeouts and expired certificates', () => {
    expect(describeImapError(Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }), at).message).toBe('IMAP imap.shop.example:993: host not found (check the host name)');
    expect(describeImapError(Object.assign(new Error('Failed to establish connection in required time'), { code: 'CONNECT_TIMEOUT' }), at).message).toBe('IMAP imap.shop.example:993: no answer in time (CONNECT_TIMEOUT)');
    const expired = describeImapError(Object.assign(new Error('certificate has expired'), { code: 'CERT_HAS_EXPIRED' }), at);
    expect(expired.message).toBe("IMAP imap.shop.example:993: the server's TLS certificate has expired (CERT_HAS_EXPIRED)");
    expect((expired as MailUnavailableError).transient).toBe(false);
    const dropped = describeImapError(Object.assign(new Error('the server closed the connection'), { code: 'EConnectionClosed' }), at);
    expect(dropped.message).toBe('IMAP imap.shop.example:993: the server closed the connection');
    expect((dropped as MailUnavailableError).transient).toBe(true);
    expect(describeImapError(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }), at).message).toBe('IMAP imap.shop.example:993: the server closed the connection (read ECONNRESET)');
  });
});
