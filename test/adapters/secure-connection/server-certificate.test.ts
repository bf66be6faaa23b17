// Reading a server's certificate to show and, if the owner says so, trust it: against the run's real
// Dovecot (IMAPS and STARTTLS, self-signed) and SMTP servers on loopback (implicit TLS and STARTTLS).
import { X509Certificate } from 'node:crypto';
import { rmSync } from 'node:fs';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { fetchServerCertificate } from '../../../src/adapters/secure-connection/server-certificate.js';
import { MailUnavailableError } from '../../../src/core/errors.js';
import { freePort } from '../../mail-harness/dovecot.js';
import { selfSignedCert } from '../../mail-harness/self-signed.js';

const mail = inject('mail');
const host = '127.0.0.1';
/** The same certificate, whatever line breaks its PEM has. */
const der = (pem: string) => new X509Certificate(pem).raw.toString('base64');

let dir: string;
let cert: string;
let selfSignedKey: string;
const servers: SMTPServer[] = [];

async function smtpServer(secure: boolean): Promise<number> {
  const server = new SMTPServer({ logger: false, secure, key: selfSignedKey, cert, authOptional: true });
  server.on('error', () => {});
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, host, () => resolve()));
  servers.push(server);
  return port;
}

beforeAll(() => {
  ({ dir, cert, key: selfSignedKey } = selfSignedCert('h2h-server-cert-'));
});
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  rmSync(dir, { recursive: true, force: true });
});

describe('fetchServerCertificate', () => {
  it('reads a self-signed IMAPS certificate: its fingerprint, and itself as the PEM to trust', async () => {
    const found = await fetchServerCertificate({ host, port: mail.dovecot.tlsPort!, tls: 'tls' }, 'imap');
    const expected = new X509Certificate(mail.dovecot.certPem);
    expect(found.fingerprint).toBe(expected.fingerprint256);
    expect(der(found.trustPem!)).toBe(der(mail.dovecot.certPem));
    expect(found.trustSubject).toBeUndefined();
    expect(found.subject).toMatch(/CN=/);
  });

  it('speaks IMAP up to STARTTLS (no login) to read the same certificate', async () => {
    const found = await fetchServerCertificate({ host, port: mail.dovecot.port, tls: 'starttls' }, 'imap');
    expect(der(found.trustPem!)).toBe(der(mail.dovecot.certPem));
  });

  it('reads SMTP certificates over implicit TLS and after STARTTLS', async () => {
    for (const secure of [true, false]) {
      const port = await smtpServer(secure);
      const found = await fetchServerCertificate({ host, port, tls: secure ? 'tls' : 'starttls' }, 'smtp');
      expect(der(found.trustPem!)).toBe(der(cert));
      expect(found.fingerprint).toBe(new X509Certificate(cert).fingerprint256);
    }
  });

  it('a server without STARTTLS, or tls none, is one error line, not a certificate', async () => {
    const noStartTls = await fetchServerCertificate({ host, port: mail.noTls.port, tls: 'starttls' }, 'imap').catch((e: unknown) => e);
    expect(noStartTls).toBeInstanceOf(MailUnavailableError);
    expect((noStartTls as Error).message).toMatch(new RegExp(`^IMAP 127\\.0\\.0\\.1:${mail.noTls.port}: could not read the server's certificate \\(STARTTLS refused`));
    const none = await fetchServerCertificate({ host, port: mail.noTls.port, tls: 'none' }, 'imap').catch((e: unknown) => e);
    expect((none as Error).message).toMatch(/no TLS \(tls: none\)/);
  });
});
