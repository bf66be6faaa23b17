// SMTP with the same rules as IMAP, against real SMTP servers on loopback (smtp-server): implicit TLS,
// STARTTLS required, clear text only when asked for; self-signed certificates refused unless trusted.
import { rmSync } from 'node:fs';
import { selfSignedCert } from '../../mail-harness/self-signed.js';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { describeSmtpError, smtpTransportOptions, verifySmtp } from '../../../src/adapters/smtp/smtp-connect.js';
import type { SmtpSettings } from '../../../src/adapters/smtp/smtp-settings.js';
import { exitCodeFor } from '../../../src/cli/exit-codes.js';
import { AuthFailedError, H2hError, MailUnavailableError } from '../../../src/core/errors.js';
import { freePort } from '../../mail-harness/dovecot.js';

const mail = inject('mail');
const PASSWORD = 'Smtp-Secret-42';

let dir: string;
let caFile: string;
let key: string;
let cert: string;

beforeAll(() => {
  ({ dir, caFile, key, cert } = selfSignedCert('h2h-smtp-connect-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Started = { port: number; logins: { user: string; pass: string }[]; stop: () => Promise<void> };

/** An SMTP server that records every login attempt and accepts only PASSWORD. */
async function startServer(options: SMTPServerOptions): Promise<Started> {
  const logins: { user: string; pass: string }[] = [];
  const server = new SMTPServer({
    logger: false,
    authMethods: ['PLAIN', 'LOGIN'],
    onAuth(auth, _session, callback) {
      logins.push({ user: auth.username ?? '', pass: auth.password ?? '' });
      if (auth.password === PASSWORD) callback(null, { user: auth.username });
      else callback(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }));
    },
    ...options,
  });
  server.on('error', () => {});
  const port = await freePort();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return { port, logins, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const cfg = (port: number, extra: Partial<SmtpSettings> = {}): SmtpSettings => ({ host: '127.0.0.1', port, tls: 'tls', allowSelfSigned: false, ...extra });

async function refusal(server: SmtpSettings, pass = PASSWORD): Promise<H2hError> {
  const outcome = await verifySmtp(server, { user: 'riitta@shop.example', pass }, { warn: () => {}, connectionTimeoutMs: 5_000 }).then(() => undefined, (e: unknown) => e);
  expect(outcome, 'verifySmtp should have refused').toBeInstanceOf(H2hError);
  return outcome as H2hError;
}

describe('smtpTransportOptions', () => {
  it('maps tls modes: secure for tls, requireTLS for starttls, ignoreTLS only for none', () => {
    const creds = { user: 'u', pass: 'p' };
    expect(smtpTransportOptions(cfg(465), creds)).toMatchObject({ secure: true, requireTLS: false, ignoreTLS: false, auth: { user: 'u', pass: 'p' } });
    expect(smtpTransportOptions(cfg(587, { tls: 'starttls' }), creds)).toMatchObject({ secure: false, requireTLS: true, ignoreTLS: false });
    expect(smtpTransportOptions(cfg(25, { tls: 'none' }), creds)).toMatchObject({ secure: false, requireTLS: false, ignoreTLS: true });
    expect(smtpTransportOptions(cfg(465, { ca: caFile, allowSelfSigned: true }), creds).tls).toEqual({ ca: [cert], rejectUnauthorized: false });
    expect(smtpTransportOptions(cfg(465), { user: 'u', accessToken: 'tok' }).auth).toEqual({ type: 'OAuth2', user: 'u', accessToken: 'tok' });
  });
});

describe('verifySmtp', () => {
  it('logs in to the test sink in clear text when told tls: none', async () => {
    await verifySmtp(cfg(mail.smtp.port, { tls: 'none' }), { user: 'riitta@shop.example', pass: 'anything' }, { warn: () => {} });
  });

  it('refuses a server without STARTTLS when STARTTLS is required, before AUTH', async () => {
    const server = await startServer({ secure: false, allowInsecureAuth: true, disabledCommands: ['STARTTLS'] });
    try {
      const e = await refusal(cfg(server.port, { tls: 'starttls' }));
      expect(e).toBeInstanceOf(MailUnavailableError);
      expect(e.message).toBe(`SMTP 127.0.0.1:${server.port} does not offer STARTTLS, so h2h did not log in (it never sends the password in clear text)`);
      expect((e as MailUnavailableError).fix).toEqual({ protocol: 'smtp', problem: 'no-starttls' });
      expect(exitCodeFor(e.code)).toBe(4);
      expect(server.logins).toEqual([]);
      // (control) the same server takes the login in clear text when that is asked for
      await verifySmtp(cfg(server.port, { tls: 'none' }), { user: 'riitta@shop.example', pass: PASSWORD }, { warn: () => {} });
      expect(server.logins).toEqual([{ user: 'riitta@shop.example', pass: PASSWORD }]);
    } finally {
      await server.stop();
    }
  });

  it('implicit TLS: refuses a self-signed certificate by default, accepts it with the CA or allowSelfSigned', async () => {
    const server = await startServer({ secure: true, key, cert });
    try {
      const e = await refusal(cfg(server.port));
      expect(e).toBeInstanceOf(MailUnavailableError);
      expect(e.message).toBe(`SMTP 127.0.0.1:${server.port}: the server's TLS certificate is self-signed and not trusted`);
      expect((e as MailUnavailableError).fix).toEqual({ protocol: 'smtp', problem: 'untrusted-certificate' });
      expect(server.logins).toEqual([]);
      await verifySmtp(cfg(server.port, { ca: caFile }), { user: 'riitta@shop.example', pass: PASSWORD });
      const warnings: string[] = [];
      await verifySmtp(cfg(server.port, { allowSelfSigned: true }), { user: 'riitta@shop.example', pass: PASSWORD }, { warn: (l) => warnings.push(l) });
      expect(warnings).toEqual([`SMTP 127.0.0.1:${server.port}: the server's certificate is not verified (allowSelfSigned)`]);
      expect(server.logins).toHaveLength(2);
    } finally {
      await server.stop();
    }
  });

  it('STARTTLS: upgrades with the CA, refuses the self-signed certificate without it', async () => {
    const server = await startServer({ secure: false, key, cert });
    try {
      const e = await refusal(cfg(server.port, { tls: 'starttls' }));
      expect(e.message).toMatch(/the server's TLS certificate is self-signed and not trusted/);
      expect(server.logins).toEqual([]);
      await verifySmtp(cfg(server.port, { tls: 'starttls', ca: caFile }), { user: 'riitta@shop.example', pass: PASSWORD });
      expect(server.logins).toHaveLength(1);
    } finally {
      await server.stop();
    }
  });

  it('tells a refused login apart, without the password in the message', async () => {
    const server = await startServer({ secure: true, key, cert });
    try {
      const wrong = 'Wrong-Smtp-Pass';
      const e = await refusal(cfg(server.port, { ca: caFile }), wrong);
      expect(e).toBeInstanceOf(AuthFailedError);
      expect(e.message).toMatch(new RegExp(`^SMTP 127\\.0\\.0\\.1:${server.port} refused the login for this user: wrong user name or password \\(server: 535 .*\\)$`));
      expect(e.message).not.toContain(wrong);
      expect(exitCodeFor(e.code)).toBe(6);
    } finally {
      await server.stop();
    }
  });

  it('reports an unreachable port as unavailable', async () => {
    const port = await freePort();
    const e = await refusal(cfg(port, { tls: 'none' }));
    expect(e).toBeInstanceOf(MailUnavailableError);
    expect(e.message).toBe(`SMTP 127.0.0.1:${port}: connection refused (is the server running, and is the port right?)`);
    expect((e as MailUnavailableError).transient).toBe(true);
  });

  it('scrubs the secret from what the server said', () => {
    const e = describeSmtpError(Object.assign(new Error('Invalid login'), { code: 'EAUTH', response: `535 bad password ${PASSWORD}` }), { host: 'smtp.shop.example', port: 465 }, [PASSWORD]);
    expect(e.message).toBe('SMTP smtp.shop.example:465 refused the login for this user: wrong user name or password (server: 535 bad password ***)');
  });
});
