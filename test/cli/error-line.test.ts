// The CLI's line for an error: the adapter's fact, plus the flag and config key that change the
// setting when one would fix it (adapters raise SettingsFix; only the CLI knows its flags).
import { describe, expect, it } from 'vitest';
import { errorLine } from '../../src/cli/error-line.js';
import { AuthFailedError, MailUnavailableError } from '../../src/core/errors.js';

const refused = (message: string, protocol: 'imap' | 'smtp', problem: 'no-starttls' | 'not-implicit-tls' | 'untrusted-certificate') =>
  new MailUnavailableError(message, { transient: false, fix: { protocol, problem } });

describe('errorLine', () => {
  it('names the flags of each protocol for a server without STARTTLS', () => {
    expect(errorLine(refused('SMTP h:587 does not offer STARTTLS, so h2h did not log in', 'smtp', 'no-starttls'))).toBe(
      'SMTP h:587 does not offer STARTTLS, so h2h did not log in. Use --smtp-tls tls (port 465) if the server has implicit TLS; --smtp-tls none only for a trusted local server',
    );
    expect(errorLine(refused('IMAP h:143 does not offer STARTTLS', 'imap', 'no-starttls'))).toBe(
      'IMAP h:143 does not offer STARTTLS. Use --imap-tls tls (port 993) if the server has implicit TLS; --imap-tls none only for a trusted local server',
    );
  });

  it('names the STARTTLS port and flag after a failed implicit-TLS handshake', () => {
    expect(errorLine(refused('SMTP h:587: the TLS handshake failed (x); is this an implicit-TLS port?', 'smtp', 'not-implicit-tls'))).toBe(
      'SMTP h:587: the TLS handshake failed (x); is this an implicit-TLS port? For port 587 use --smtp-tls starttls',
    );
    expect(errorLine(refused('IMAP h:143: the TLS handshake failed (x); is this an implicit-TLS port?', 'imap', 'not-implicit-tls'))).toBe(
      'IMAP h:143: the TLS handshake failed (x); is this an implicit-TLS port? For port 143 use --imap-tls starttls',
    );
  });

  it('names the CA flag and key of the protocol for an untrusted certificate', () => {
    expect(errorLine(refused("SMTP h:465: the server's TLS certificate is not trusted (CERT_UNTRUSTED)", 'smtp', 'untrusted-certificate'))).toBe(
      "SMTP h:465: the server's TLS certificate is not trusted (CERT_UNTRUSTED); give its CA certificate (--smtp-ca <pem>, account.smtp.ca) or, for a server you control, allow self-signed certificates (--allow-self-signed, account.smtp.allowSelfSigned)",
    );
  });

  it('adds nothing where no setting is the fix', () => {
    expect(errorLine(new MailUnavailableError('IMAP h:993: connection refused'))).toBe('IMAP h:993: connection refused');
    expect(errorLine(new AuthFailedError('IMAP h:993 refused the login'))).toBe('IMAP h:993 refused the login');
    expect(errorLine(new Error('first\nsecond'))).toBe('first');
  });
});
