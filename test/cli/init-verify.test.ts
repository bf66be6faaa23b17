// `h2h init` on a terminal when a login test fails: the failing step is offered again, never the
// whole setup. Against the run's real Dovecot (self-signed IMAPS) and SMTP sink (test/global-setup.ts).
import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../mail-harness/dovecot.js';
import { uniqueUser, type MailUser } from '../mail-harness/mailbox.js';
import { home, interactive } from '../helpers/init-session.js';
import { runCli } from '../helpers/run-cli.js';

const mail = inject('mail');
const imaps = mail.dovecot.tlsPort!;
const fingerprint = new X509Certificate(mail.dovecot.certPem).fingerprint256;
/** The same certificate, whatever line breaks its PEM has. */
const der = (pem: string) => new X509Certificate(pem).raw.toString('base64');
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, any>;
const count = (text: string, what: string) => text.split(what).length - 1;

let user: MailUser;
beforeAll(async () => {
  user = await uniqueUser(mail.dovecot, 'initv');
});

/** Every answer of a first setup, up to the typed passwords (the logins are tested after them). */
const answers = (password: string, smtpPort = mail.smtp.port) => [
  'Riitta Virtanen', 'riitta@shop.example', '', // name, email, signature
  '127.0.0.1', '', String(imaps), user.address, // IMAP: host, tls, port, login
  '', 'none', String(smtpPort), '', // SMTP: host, security, port, login
  '', password, '', // no password command; IMAP password; SMTP: the same
];

describe('h2h init: an untrusted certificate', () => {
  it('shows its fingerprint; c trusts exactly it: tested, then saved beside the config as account.imap.ca', async () => {
    const h = home();
    const r = await interactive(['init'], [...answers(user.password), 'c', 'n'], h.env);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain(`SHA-256 fingerprint: ${fingerprint}`);
    expect(r.stderr).toContain('[c] trust this certificate (if the fingerprint is the one your provider gives)');
    expect(r.stderr).toContain(`checking IMAP 127.0.0.1:${imaps} … failed`);
    expect(r.stderr).toContain(`checking IMAP 127.0.0.1:${imaps} … ok`);
    expect(count(r.stderr, 'Your name, as customers see it')).toBe(1);
    const pemFile = join(dirname(h.configFile), 'imap-certificate.pem');
    expect(readJson(h.configFile).account.imap).toEqual({ host: '127.0.0.1', port: imaps, user: user.address, tls: 'tls', ca: pemFile });
    expect(der(readFileSync(pemFile, 'utf8'))).toBe(der(mail.dovecot.certPem));
    // The saved file is what later connections trust: a fresh init naming it logs in.
    const again = home();
    const check = await runCli(['init', '--name', 'R', '--email', 'riitta@shop.example', '--imap-host', '127.0.0.1', '--imap-port', String(imaps), '--imap-user', user.address,
      '--imap-ca', pemFile, '--smtp-host', '127.0.0.1', '--smtp-port', String(mail.smtp.port), '--smtp-tls', 'none', '--json'],
    { env: { ...again.env, H2H_IMAP_PASSWORD: user.password, H2H_SMTP_PASSWORD: 'x' } });
    expect(JSON.parse(check.stdout).verified).toEqual({ imap: true, smtp: true });
  });

  it('trusting it, then quitting at the next failure (a wrong password), writes nothing: no config, no certificate', async () => {
    const h = home();
    const r = await interactive(['init'], [...answers('wrong-typed-pw'), 'c', 'q'], h.env);
    expect(r.exitCode).toBe(6);
    expect(r.stderr).toMatch(/refused the login/);
    expect(existsSync(join(h.root, 'config'))).toBe(false);
  });

  it('off a terminal it stays one error line (exit 4), nothing written', async () => {
    const h = home();
    const r = await runCli(['init', '--name', 'R', '--email', 'riitta@shop.example', '--imap-host', '127.0.0.1', '--imap-port', String(imaps), '--imap-user', user.address,
      '--smtp-host', '127.0.0.1', '--smtp-port', String(mail.smtp.port), '--smtp-tls', 'none'],
    { env: { ...h.env, H2H_IMAP_PASSWORD: user.password, H2H_SMTP_PASSWORD: 'x' } });
    expect(r.exitCode).toBe(4);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toContain('fingerprint');
    expect(existsSync(join(h.root, 'config'))).toBe(false);
  });
});

describe('h2h init: the SMTP step fails', () => {
  it('IMAP is not asked or tested again: e asks only the SMTP settings (the earlier answers as defaults)', async () => {
    const h = home();
    const closed = await freePort();
    // SMTP at a port nobody listens on: connection refused, after the IMAP login worked (its certificate trusted with c).
    const fix = ['e', '', 'none', String(mail.smtp.port), ''];
    const done = await interactive(['init'], [...answers(user.password, closed), 'c', ...fix, 'n'], h.env);
    expect(done.exitCode).toBe(0);
    expect(done.stderr).toContain(`checking SMTP 127.0.0.1:${closed} … failed`);
    expect(done.stderr).toMatch(/connection refused/);
    expect(done.stderr).toContain('[e] change the SMTP server settings');
    expect(done.stderr).toContain(`SMTP port [${closed}]: `);
    expect(done.stderr).toContain(`checking SMTP 127.0.0.1:${mail.smtp.port} … ok`);
    expect(count(done.stderr, `checking IMAP 127.0.0.1:${imaps} … ok`)).toBe(1);
    expect(count(done.stderr, 'IMAP server (')).toBe(1);
    expect(count(done.stderr, 'IMAP password')).toBe(1);
    const doc = readJson(h.configFile);
    expect(doc.agent).toEqual({ name: 'Riitta Virtanen', email: 'riitta@shop.example' });
    expect(doc.account.smtp).toEqual({ host: '127.0.0.1', port: mail.smtp.port, user: user.address, tls: 'none' });
  });
});

describe('h2h init: the password command fails', () => {
  it('p asks only for another command (the earlier answers kept), and both logins are tested with it', async () => {
    const h = home();
    const right = join(h.root, 'pw');
    writeFileSync(right, `${user.password}\n`);
    const missing = join(h.root, 'no-such-file');
    const first = [...answers('').slice(0, -3), `cat '${missing}'`];
    // The command runs before the connection: it fails first; then the certificate is trusted (c).
    const r = await interactive(['init'], [...first, 'p', `cat '${right}'`, 'c'], { ...h.env, PATH: process.env.PATH });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toMatch(/account\.imap\.passwordCommand failed \(exit 1\)/);
    expect(r.stderr).toContain('[p] change the password command (Enter there: type the password instead)');
    expect(count(r.stderr, 'A command that prints the password')).toBe(2);
    expect(count(r.stderr, 'Your name, as customers see it')).toBe(1);
    expect(count(r.stderr, 'IMAP server (')).toBe(1);
    expect(r.stderr).toContain(`checking SMTP 127.0.0.1:${mail.smtp.port} … ok`);
    expect(r.stderr).not.toContain(user.password);
    const doc = readJson(h.configFile);
    expect(doc.account.imap.passwordCommand).toBe(`cat '${right}'`);
    expect(doc.account.smtp.passwordCommand).toBe(`cat '${right}'`);
    expect(r.stderr).toContain('next: h2h sync fetches your mail');
  });

  it('a command changed after the SMTP step failed is the IMAP secret too: IMAP is tested again with it', async () => {
    const h = home();
    const pw = join(h.root, 'pw');
    writeFileSync(pw, `${user.password}\n`);
    const closed = await freePort();
    const first = [...answers('', closed).slice(0, -3), `cat '${pw}'`];
    const fix = ['e', '', 'none', String(mail.smtp.port), ''];
    const r = await interactive(['init'], [...first, 'c', 'p', `cat  '${pw}'`, ...fix], { ...h.env, PATH: process.env.PATH });
    expect(r.exitCode).toBe(0);
    expect(count(r.stderr, `checking IMAP 127.0.0.1:${imaps} … ok`)).toBe(2);
    expect(readJson(h.configFile).account.imap.passwordCommand).toBe(`cat  '${pw}'`);
  });
});
