// `h2h init` end to end: flags and questions → the config file (0600, atomic, .bak), both logins tested
// against the run's real Dovecot and SMTP sink (test/global-setup.ts) before anything is written.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { uniqueUser, type MailUser } from '../mail-harness/mailbox.js';
import { home, interactive } from '../helpers/init-session.js';
import { runCli } from '../helpers/run-cli.js';
import { spawnCli } from '../helpers/spawn-cli.js';

const mail = inject('mail');
const imaps = mail.dovecot.tlsPort!;

let caDir: string;
let caFile: string;
let user: MailUser;

beforeAll(async () => {
  caDir = mkdtempSync(join(tmpdir(), 'h2h-init-ca-'));
  caFile = join(caDir, 'dovecot.pem');
  writeFileSync(caFile, mail.dovecot.certPem);
  user = await uniqueUser(mail.dovecot, 'init');
});
afterAll(() => rmSync(caDir, { recursive: true, force: true }));

const identity = ['--name', 'Riitta Virtanen', '--email', 'riitta@shop.example'];
/** Flags for the run's servers: IMAPS with the harness CA, the SMTP sink in clear text on loopback. */
const serverFlags = () => [
  '--imap-host', '127.0.0.1', '--imap-port', String(imaps), '--imap-user', user.address, '--imap-ca', caFile,
  '--smtp-host', '127.0.0.1', '--smtp-port', String(mail.smtp.port), '--smtp-tls', 'none',
];
const passwords = (imap: string) => ({ H2H_IMAP_PASSWORD: imap, H2H_SMTP_PASSWORD: 'sink-accepts-any' });

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, any>;
const mode = (path: string) => statSync(path).mode & 0o777;
const lines = (text: string) => text.split('\n').filter((l) => l !== '');

describe('h2h init with flags', () => {
  it('writes the config 0600 in a 0700 folder at the XDG path, without testing (--no-verify)', async () => {
    const h = home();
    const r = await runCli(['init', ...identity, '--imap-host', 'imap.shop.example', '--smtp-host', 'smtp.shop.example', '--password-command', 'pass show shop/mail', '--no-verify'], { env: h.env });
    expect(r.stderr).toContain(`wrote ${h.configFile}`);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('');
    expect(readJson(h.configFile)).toEqual({
      agent: { name: 'Riitta Virtanen', email: 'riitta@shop.example' },
      account: {
        imap: { host: 'imap.shop.example', port: 993, user: 'riitta@shop.example', tls: 'tls', passwordCommand: 'pass show shop/mail' },
        smtp: { host: 'smtp.shop.example', port: 465, user: 'riitta@shop.example', tls: 'tls', passwordCommand: 'pass show shop/mail' },
        folders: [],
      },
    });
    expect(mode(h.configFile)).toBe(0o600);
    expect(mode(join(h.root, 'config', 'h2h'))).toBe(0o700);
    expect(r.stderr).toMatch(/IMAP {2}riitta@shop\.example at imap\.shop\.example:993, TLS: not tested \(--no-verify\)/);
  });

  it('fills in ports by TLS mode and users from the email; keeps every other flag', async () => {
    const h = home();
    const r = await runCli(
      ['--config', h.configFile, 'init', ...identity, '--signature', 'Riitta\nNordic Feet', '--imap-host', 'imap.shop.example', '--imap-tls', 'starttls',
        '--imap-user', 'riitta', '--smtp-host', 'smtp.shop.example', '--smtp-tls', 'starttls', '--imap-ca', relative(process.cwd(), caFile),
        '--allow-self-signed', '--access-token-command', 'oauth2-token shop', '--folder', 'Orders', '--folder', 'Returns', '--no-verify', '--json'],
      { env: {} },
    );
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ configFile: h.configFile, verified: { imap: false, smtp: false } });
    const doc = readJson(h.configFile);
    expect(doc.agent.signature).toBe('Riitta\nNordic Feet');
    expect(doc.account).toEqual({
      // the SMTP login defaults to the IMAP login; the CA path is stored absolute; --imap-ca is for IMAP only
      imap: { host: 'imap.shop.example', port: 143, user: 'riitta', tls: 'starttls', ca: caFile, allowSelfSigned: true, accessTokenCommand: 'oauth2-token shop' },
      smtp: { host: 'smtp.shop.example', port: 587, user: 'riitta', tls: 'starttls', allowSelfSigned: true, accessTokenCommand: 'oauth2-token shop' },
      folders: ['Orders', 'Returns'],
    });
    const none = home();
    await runCli(['--config', none.configFile, 'init', ...identity, '--imap-host', 'h', '--imap-tls', 'none', '--smtp-host', 'h', '--smtp-tls', 'none', '--no-verify']);
    expect(readJson(none.configFile).account.imap.port).toBe(143);
    expect(readJson(none.configFile).account.smtp.port).toBe(25);
  });

  it('off a terminal, names every missing flag (exit 2) and writes nothing', async () => {
    const h = home();
    let r = await runCli(['init', '--name', 'Riitta', '--no-verify'], { env: h.env });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe('h2h: missing --email (h2h init asks for them on a terminal; see h2h init --help)\n');
    // One server and not the other: both are needed.
    r = await runCli(['init', ...identity, '--imap-host', 'imap.shop.example', '--no-verify'], { env: h.env });
    expect(r.stderr).toBe('h2h: missing --smtp-host (h2h init asks for them on a terminal; see h2h init --help)\n');
    expect(existsSync(h.configFile)).toBe(false);
  });

  it('an identity only: import works at once, and init again adds the servers without --force', async () => {
    const h = home();
    const before = await runCli(['import', join(h.root, 'none.mbox')], { env: h.env });
    expect(before.exitCode).toBe(2);
    expect(before.stderr).toBe('h2h: import needs to know which address is yours: run h2h init --name "Your Name" --email you@your-shop.example (the mail account can come later)\n');
    let r = await runCli(['init', ...identity], { env: h.env });
    expect(r.exitCode).toBe(0);
    expect(readJson(h.configFile)).toEqual({ agent: { name: 'Riitta Virtanen', email: 'riitta@shop.example' } });
    expect(r.stderr).toContain('mail account: none yet (h2h init again adds it)');
    expect(r.stderr).toContain('next: h2h import <mbox or maildir>');
    const mbox = join(h.root, 'old.mbox');
    writeFileSync(mbox, 'From a@b Mon Jan  1 00:00:00 2024\nFrom: Anna <anna@ex.com>\nTo: riitta@shop.example\nSubject: Size\nMessage-ID: <s1@ex.com>\nDate: Mon, 1 Jan 2024 00:00:00 +0000\n\nhello\n');
    expect((await runCli(['import', mbox], { env: h.env })).exitCode).toBe(0);
    // Servers later, no --force: nothing is lost (the identity-only file is kept as .bak).
    r = await runCli(['init', ...identity, ...serverFlags(), '--no-verify'], { env: h.env });
    expect(r.exitCode).toBe(0);
    expect(readJson(h.configFile).account.imap.host).toBe('127.0.0.1');
    // No password stored and none in the environment: sync would stop at once, so that comes first.
    expect(r.stderr).toContain('next: set H2H_IMAP_PASSWORD and H2H_SMTP_PASSWORD (or h2h init --force --password-command "…"), then h2h sync');
    // An identity-only run again keeps that account as it was; replacing an account still needs --force.
    expect((await runCli(['init', ...identity], { env: h.env })).exitCode).toBe(2);
    r = await runCli(['init', '--name', 'Riitta V.', '--email', 'riitta@shop.example', '--force'], { env: h.env });
    expect(r.exitCode).toBe(0);
    expect(readJson(h.configFile)).toMatchObject({ agent: { name: 'Riitta V.' }, account: { imap: { host: '127.0.0.1' } } });
    expect(r.stderr).toContain('kept as it was');
  });

  it('reports a bad value by its flag (exit 2)', async () => {
    const h = home();
    const cases: [string[], RegExp][] = [
      [['--email', 'riitta@'], /^h2h: --email: "riitta@" is not an email address\n$/],
      [['--imap-port', '0'], /--imap-port <port>' argument '0' is invalid\. must be a port number/],
      [['--imap-tls', 'ssl'], /--imap-tls <mode>' argument 'ssl' is invalid\. must be one of tls, starttls, none/],
      [['--imap-host', 'bad host'], /^h2h: --imap-host: "bad host" is not a host name\n$/],
      [['--imap-ca', join(caDir, 'missing.pem')], /^h2h: --imap-ca: cannot read .*missing\.pem \(ENOENT\)\n$/],
      [['--password-command', 'a', '--access-token-command', 'b'], /not both/],
    ];
    for (const [extra, expected] of cases) {
      const r = await runCli(['init', '--name', 'R', '--email', 'riitta@shop.example', '--imap-host', 'imap.shop.example', '--smtp-host', 's', ...extra, '--no-verify'], { env: h.env });
      expect(r.stderr).toMatch(expected);
      expect(r.exitCode).toBe(2);
    }
    expect(existsSync(h.configFile)).toBe(false);
  });

  it('refuses to replace an existing config without --force, naming the file', async () => {
    const h = home();
    mkdirSync(join(h.root, 'config', 'h2h'), { recursive: true });
    // A config with a mail account (one with only an identity is added to without --force, see above).
    const before = JSON.stringify({ agent: { name: 'Old', email: 'old@shop.example' }, account: { imap: { host: 'imap.old.example', user: 'old' } } });
    writeFileSync(h.configFile, before, { mode: 0o600 });
    const r = await runCli(['init', ...identity, '--imap-host', 'i', '--smtp-host', 's', '--no-verify'], { env: h.env });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe(`h2h: ${h.configFile} already exists; h2h init --force replaces it (keeping the current one as ${h.configFile}.bak)\n`);
    expect(readFileSync(h.configFile, 'utf8')).toBe(before);
    expect(existsSync(`${h.configFile}.bak`)).toBe(false);
  });

  it('with --force keeps the other settings and the previous file as config.json.bak', async () => {
    const h = home();
    mkdirSync(join(h.root, 'config', 'h2h'), { recursive: true });
    const old = {
      agent: { name: 'Old', email: 'old@shop.example', aliases: ['hello@shop.example'], signature: 'Old sig' },
      account: { imap: { host: 'old', user: 'old' }, folders: ['Orders'], sentFolder: 'Sent Items' },
      threading: { subjectWindowDays: 7 },
      searches: { refunds: 'tag:refund status:open' },
      futureKey: { kept: true },
    };
    writeFileSync(h.configFile, JSON.stringify(old), { mode: 0o600 });
    const r = await runCli(['init', ...identity, '--imap-host', 'imap.shop.example', '--smtp-host', 'smtp.shop.example', '--no-verify', '--force'], { env: h.env });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain(`(the previous one is ${h.configFile}.bak)`);
    const doc = readJson(h.configFile);
    expect(doc.agent).toEqual({ name: 'Riitta Virtanen', email: 'riitta@shop.example', aliases: ['hello@shop.example'], signature: 'Old sig' });
    expect(doc.account.imap).toEqual({ host: 'imap.shop.example', port: 993, user: 'riitta@shop.example', tls: 'tls' });
    expect(doc.account.folders).toEqual(['Orders']);
    expect(doc.account.sentFolder).toBe('Sent Items');
    expect(doc.threading).toEqual({ subjectWindowDays: 7 });
    expect(doc.searches).toEqual(old.searches);
    expect(doc.futureKey).toEqual({ kept: true });
    expect(readJson(`${h.configFile}.bak`)).toEqual(old);
    expect(mode(h.configFile)).toBe(0o600);
  });
});

describe('h2h init tests both logins before saving', () => {
  it('against the real Dovecot (IMAPS, --imap-ca) and SMTP sink; the password is not stored or shown', async () => {
    const h = home();
    const r = await runCli(['init', ...identity, ...serverFlags(), '--json'], { env: { ...h.env, ...passwords(user.password) } });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ configFile: h.configFile, verified: { imap: true, smtp: true } });
    const text = readFileSync(h.configFile, 'utf8');
    expect(text).not.toContain(user.password);
    expect(readJson(h.configFile).account.imap).toEqual({ host: '127.0.0.1', port: imaps, user: user.address, tls: 'tls', ca: caFile });
  });

  it('with --password-command (STARTTLS required on the plain port)', async () => {
    const h = home();
    const secretFile = join(h.root, 'pw');
    writeFileSync(secretFile, `${user.password}\n`);
    const flags = serverFlags().map((f) => (f === String(imaps) ? String(mail.dovecot.port) : f));
    const r = await runCli(['init', ...identity, ...flags, '--imap-tls', 'starttls', '--password-command', `cat '${secretFile}'`], { env: { ...h.env, PATH: process.env.PATH } });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toMatch(/IMAP .*STARTTLS: login ok/);
    expect(r.stderr).toMatch(/SMTP .*no TLS: login ok/);
    expect(r.stderr).toContain('next: h2h sync fetches your mail, then h2h opens the desk');
    expect(r.stderr + r.stdout).not.toContain(user.password);
    expect(readJson(h.configFile).account.imap.passwordCommand).toBe(`cat '${secretFile}'`);
  });

  it('a wrong password: exit 6, one clear line, nothing written (an existing config untouched)', async () => {
    const h = home();
    const wrong = 'Not-The-Password-1';
    const r = await runCli(['init', ...identity, ...serverFlags()], { env: { ...h.env, ...passwords(wrong) } });
    expect(r.exitCode).toBe(6);
    expect(lines(r.stderr)).toEqual([
      expect.stringMatching(new RegExp(`^h2h: IMAP 127\\.0\\.0\\.1:${imaps} refused the login for this user: wrong user name or password`)),
    ]);
    expect(r.stderr).not.toContain(wrong);
    expect(existsSync(h.configFile)).toBe(false);
    expect(existsSync(join(h.root, 'config'))).toBe(false);

    mkdirSync(join(h.root, 'config', 'h2h'), { recursive: true });
    writeFileSync(h.configFile, '{"agent":{"name":"Old","email":"old@shop.example"}}', { mode: 0o600 });
    const again = await runCli(['init', ...identity, ...serverFlags(), '--force', '--json'], { env: { ...h.env, ...passwords(wrong) } });
    expect(again.exitCode).toBe(6);
    expect(JSON.parse(again.stderr)).toEqual({ error: { code: 'AUTH_FAILED', message: expect.stringMatching(/refused the login/) } });
    expect(readFileSync(h.configFile, 'utf8')).toBe('{"agent":{"name":"Old","email":"old@shop.example"}}');
    expect(existsSync(`${h.configFile}.bak`)).toBe(false);
  });

  it('exits 6 from a real h2h process too', async () => {
    const h = home();
    const r = await spawnCli(['init', ...identity, ...serverFlags()], { env: { ...h.env, ...passwords('wrong-again') } });
    expect(r.code).toBe(6);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(existsSync(h.configFile)).toBe(false);
  });

  it('refuses a server without STARTTLS when --imap-tls starttls (exit 4), nothing written', async () => {
    const h = home();
    const flags = ['--imap-host', '127.0.0.1', '--imap-port', String(mail.noTls.port), '--imap-tls', 'starttls', '--smtp-host', '127.0.0.1', '--smtp-port', String(mail.smtp.port), '--smtp-tls', 'none'];
    const r = await runCli(['init', ...identity, ...flags], { env: { ...h.env, ...passwords('whatever') } });
    expect(r.exitCode).toBe(4);
    // The adapter states the fact; the CLI adds the flags that change the setting.
    expect(r.stderr).toBe(
      `h2h: IMAP 127.0.0.1:${mail.noTls.port} does not offer STARTTLS, so h2h did not log in (it never sends the password in clear text). Use --imap-tls tls (port 993) if the server has implicit TLS; --imap-tls none only for a trusted local server\n`,
    );
    expect(existsSync(h.configFile)).toBe(false);
  });

  it('refuses the self-signed certificate without --imap-ca (exit 4); --allow-self-signed accepts it, with a warning', async () => {
    const h = home();
    const withoutCa = serverFlags().filter((f, i, all) => f !== '--imap-ca' && all[i - 1] !== '--imap-ca');
    const r = await runCli(['init', ...identity, ...withoutCa], { env: { ...h.env, ...passwords(user.password) } });
    expect(r.exitCode).toBe(4);
    expect(r.stderr).toBe(
      `h2h: IMAP 127.0.0.1:${imaps}: the server's TLS certificate is self-signed and not trusted; give its CA certificate (--imap-ca <pem>, account.imap.ca) or, for a server you control, allow self-signed certificates (--allow-self-signed, account.imap.allowSelfSigned)\n`,
    );
    expect(existsSync(h.configFile)).toBe(false);
    const ok = await runCli(['init', ...identity, ...withoutCa, '--allow-self-signed'], { env: { ...h.env, ...passwords(user.password) } });
    expect(ok.exitCode).toBe(0);
    expect(ok.stderr).toContain(`h2h: warning: IMAP 127.0.0.1:${imaps}: the server's certificate is not verified (allowSelfSigned)`);
    expect(readJson(h.configFile).account.imap.allowSelfSigned).toBe(true);
  });

  it('off a terminal with no password to test with: exit 2 with the ways to give one', async () => {
    const h = home();
    const r = await runCli(['init', ...identity, ...serverFlags()], { env: h.env });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe('h2h: no IMAP password to test the login with: give --password-command, set H2H_IMAP_PASSWORD, or skip the test with --no-verify\n');
    expect(existsSync(h.configFile)).toBe(false);
  });
});

describe('h2h init on a terminal', () => {
  const answers = (password: string, store: 'y' | 'n') => [
    'Riitta Virtanen', // name
    'riitta@shop.example', // email
    '', // signature: the name
    '127.0.0.1', // IMAP server
    '', // security: tls (default)
    String(imaps), // port
    user.address, // login
    '', // SMTP server: the same host by default
    'none', // SMTP security
    String(mail.smtp.port), // port
    '', // SMTP login: the IMAP login
    '', // no password command: type it
    password, // IMAP password
    '', // SMTP password: the same
    // (the logins are tested here)
    store, // keep it in the config file?
  ];

  it('Enter at the IMAP question: an identity only, and what to run next', async () => {
    const h = home();
    const r = await interactive(['init'], ['Riitta Virtanen', 'riitta@shop.example', '', ''], h.env);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain('IMAP server (e.g. imap.shop.example; Enter: add the mail account later): ');
    expect(r.stderr).not.toContain('IMAP security');
    expect(readJson(h.configFile)).toEqual({ agent: { name: 'Riitta Virtanen', email: 'riitta@shop.example' } });
    expect(r.stderr).toContain('next: h2h import');
  });

  it('asks for what is missing; a typed password tests the logins and is not stored', async () => {
    const h = home();
    const r = await interactive(['init', '--imap-ca', caFile], answers(user.password, 'n'), h.env);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain('Your name, as customers see it: ');
    expect(r.stderr).toContain('IMAP security: tls, starttls or none [tls]: ');
    expect(r.stderr).toContain(`SMTP login [${user.address}]: `);
    expect(r.stderr).toContain(`checking IMAP 127.0.0.1:${imaps} … ok`);
    expect(r.stderr).toContain(`checking SMTP 127.0.0.1:${mail.smtp.port} … ok`);
    expect(r.stderr).toContain('none stored: set H2H_IMAP_PASSWORD and H2H_SMTP_PASSWORD');
    expect(r.stderr).toContain('next: set H2H_IMAP_PASSWORD and H2H_SMTP_PASSWORD');
    expect(r.stderr + r.stdout).not.toContain(user.password);
    const doc = readJson(h.configFile);
    expect(readFileSync(h.configFile, 'utf8')).not.toContain(user.password);
    expect(doc.account.imap).toEqual({ host: '127.0.0.1', port: imaps, user: user.address, tls: 'tls', ca: caFile });
    expect(doc.account.smtp).toEqual({ host: '127.0.0.1', port: mail.smtp.port, user: user.address, tls: 'none' });
  });

  it('stores the typed password only when asked to, with a warning', async () => {
    const h = home();
    const r = await interactive(['init', '--imap-ca', caFile], answers(user.password, 'y'), h.env);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain('h2h: warning: the password will be stored in the config file');
    expect(r.stderr).toContain('next: h2h sync fetches your mail, then h2h opens the desk');
    const doc = readJson(h.configFile);
    expect(doc.account.imap.password).toBe(user.password);
    expect(doc.account.smtp.password).toBe(user.password);
    expect(mode(h.configFile)).toBe(0o600);
    expect(r.stderr).not.toContain(user.password);
  });

  it('asks again after a bad answer, and a wrong typed password then q writes nothing (exit 6)', async () => {
    const h = home();
    // The keep question is never reached: after the failed login, q.
    const list = [...answers('wrong-typed-pw', 'n').slice(0, -1), 'q'];
    list.splice(1, 0, 'not-an-address');
    const r = await interactive(['init', '--imap-ca', caFile], list, h.env);
    expect(r.stderr).toContain('"not-an-address" is not an email address');
    expect(r.exitCode).toBe(6);
    expect(r.stderr).not.toContain('wrong-typed-pw');
    expect(existsSync(h.configFile)).toBe(false);
  });

  it('a wrong password keeps every answer: p asks only the password again, then the keep question comes after the login worked', async () => {
    const h = home();
    const list = [...answers('wrong-typed-pw', 'y').slice(0, -1), 'p', user.password, 'y'];
    const r = await interactive(['init', '--imap-ca', caFile], list, h.env);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain(`checking IMAP 127.0.0.1:${imaps} … failed`);
    expect(r.stderr).toContain('[p] type the password again, [e] change the IMAP server settings, [r] try again as it is, [s] save without this test, [q] quit, writing nothing');
    // Nothing asked twice but the password; the keep question only once the login was ok.
    expect(r.stderr.match(/Your name, as customers see it/g)).toHaveLength(1);
    expect(r.stderr.match(/IMAP server \(/g)).toHaveLength(1);
    const keep = r.stderr.indexOf('Keep the password in the config file');
    expect(keep).toBeGreaterThan(r.stderr.indexOf(`checking IMAP 127.0.0.1:${imaps} … ok`));
    expect(keep).toBeGreaterThan(r.stderr.indexOf(`checking SMTP 127.0.0.1:${mail.smtp.port} … ok`));
    expect(r.stderr).not.toContain(user.password);
    const doc = readJson(h.configFile);
    expect(doc.agent).toEqual({ name: 'Riitta Virtanen', email: 'riitta@shop.example' });
    expect(doc.account.imap).toEqual({ host: '127.0.0.1', port: imaps, user: user.address, tls: 'tls', ca: caFile, password: user.password });
    expect(doc.account.smtp.password).toBe(user.password);
  });

  it("an untrusted certificate: t trusts a PEM file, the login is tested again, and the file is in the config", async () => {
    const h = home();
    const list = [...answers(user.password, 'n').slice(0, -1), 't', caFile, 'n'];
    const r = await interactive(['init'], list, h.env);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toMatch(/certificate/);
    expect(r.stderr).toContain("[t] trust a CA or the server's own certificate (a PEM file)");
    expect(r.stderr).toContain(`checking IMAP 127.0.0.1:${imaps} … ok`);
    expect(readJson(h.configFile).account.imap.ca).toBe(caFile);
  });

  it('e changes the failing server\'s settings (the earlier answers are the defaults); s saves without the test', async () => {
    const h = home();
    const list = answers(user.password, 'n');
    // IMAP on the plain port with implicit TLS first: the test fails; e, then the right security and port.
    list[list.indexOf(String(imaps))] = String(mail.dovecot.port);
    const fixed = ['e', '', 'starttls', String(mail.dovecot.port), ''];
    const r = await interactive(['init', '--imap-ca', caFile], [...list.slice(0, -1), ...fixed, 'n'], h.env);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain('IMAP server [127.0.0.1]: ');
    expect(r.stderr).toContain(`IMAP login [${user.address}]: `);
    expect(r.stderr).toContain(`checking IMAP 127.0.0.1:${mail.dovecot.port} … ok`);
    expect(readJson(h.configFile).account.imap).toMatchObject({ port: mail.dovecot.port, tls: 'starttls' });

    const saved = home();
    const r2 = await interactive(['init', '--imap-ca', caFile], [...answers('wrong-typed-pw', 'n').slice(0, -1), 's', 'n'], saved.env);
    expect(r2.exitCode).toBe(0);
    expect(r2.stderr).toContain('IMAP  ' + user.address);
    expect(r2.stderr).toMatch(/IMAP .*: not tested/);
    expect(existsSync(saved.configFile)).toBe(true);
  });

  it('asks for a signature (Enter: the name); \\n starts a new line', async () => {
    const h = home();
    const r = await interactive(['init'], ['Riitta Virtanen', 'riitta@shop.example', 'Riitta\\nLumo Tea & Ceramics', ''], h.env);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain('Your signature under replies (\\n for a new line; Enter: Riitta Virtanen): ');
    expect(readJson(h.configFile).agent.signature).toBe('Riitta\nLumo Tea & Ceramics');
    // A reply ends with it (an identity-only config is enough to draft one from imported mail).
    const mbox = join(h.root, 'old.mbox');
    writeFileSync(mbox, 'From a@b Mon Jan  1 00:00:00 2024\nFrom: Anna Berg <anna@ex.com>\nTo: riitta@shop.example\nSubject: Size\nMessage-ID: <s1@ex.com>\nDate: Mon, 1 Jan 2024 00:00:00 +0000\n\nDo you have it in 39?\n');
    expect((await runCli(['import', mbox], { env: h.env })).exitCode).toBe(0);
    const listed = await runCli(['list', 'from:anna', '--json'], { env: h.env });
    const [conversation] = JSON.parse(listed.stdout) as { id: string }[];
    const drafted = await runCli(['reply', conversation!.id, '--body-file', '-', '--json'], { env: h.env, stdin: 'Yes, we do.\n' });
    expect(drafted.exitCode).toBe(0);
    expect(JSON.parse(drafted.stdout).draft.text).toMatch(/Yes, we do\.\n\nBest wishes,\nRiitta\nLumo Tea & Ceramics\n$/);
  });

  it('input that ends early is a usage error, nothing written', async () => {
    const h = home();
    const r = await interactive(['init'], ['Riitta Virtanen'], h.env);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/h2h: the input ended before every question was answered\n$/);
    expect(existsSync(h.configFile)).toBe(false);
  });
});
