/**
 * Servers that echo the credentials they were sent in their refusal (NO, BAD, BYE, an SMTP 535):
 * no form of the password or token reaches stderr, the JSON output or the store. The forms: as
 * sent (a LOGIN quoted string with its `\"` and `\\`, a literal, a SASL PLAIN or XOAUTH2 blob),
 * decoded by the server, and re-encoded in base64 at another alignment. Real loopback servers
 * (test/mail-harness/echo-servers.ts) driving `h2h sync` and `h2h reply --send`.
 */
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { startImapEcho, startSmtpEcho, type EchoForm, type EchoServer, type SmtpEchoForm } from '../mail-harness/echo-servers.js';
import { appendMessages, withImap, ensureFolder } from '../mail-harness/mailbox.js';
import { spawnCli } from '../helpers/spawn-cli.js';
import { agent, rawMessage } from '../helpers/store-fixture.js';
import { syncFixture } from '../helpers/sync-fixture.js';
import { tempDir } from '../helpers/temp-dir.js';

const servers: EchoServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.stop();
});

const user = 'shop@example.com';
const password = 'S3cr"et\\pa55 w0rd!';
const literalPassword = 'pässwörd-Ünïcode-42';
const token = 'ya29.a0AfB_hidden-T0ken/with+chars9';

/** Every form a secret must not appear in. Base64 at every alignment: the three 8+ char cores. */
function forbidden(secret: string): string[] {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const cores = [0, 1, 2].map((k) => Buffer.concat([Buffer.alloc(k), Buffer.from(secret)]).toString('base64').slice(k ? 4 : 0, Math.floor((k + Buffer.byteLength(secret)) / 3) * 4));
  return [secret, secret.replace(/[\\"]/g, '\\$&'), JSON.stringify(secret).slice(1, -1), b64(secret), b64(`\u0000${user}\u0000${secret}`), b64(`user=${user}\u0001auth=Bearer ${secret}\u0001\u0001`), ...cores.filter((c) => c.length >= 8)];
}

/** Every file under `dir`, as text. */
function filesUnder(dir: string): string {
  if (!existsSync(dir)) return '';
  let out = '';
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    out += statSync(path).isDirectory() ? filesUnder(path) : readFileSync(path, 'latin1') + readFileSync(path, 'utf8');
  }
  return out;
}

function expectNoSecret(text: string, secret: string) {
  for (const form of forbidden(secret)) expect(text.includes(form), `found ${JSON.stringify(form)} in ${JSON.stringify(text)}`).toBe(false);
}

type Login = { name: string; capabilities: string; secret: string; creds: Record<string, unknown>; env: Record<string, string> };
const logins: Login[] = [
  { name: 'LOGIN, quoted string', capabilities: '', secret: password, creds: {}, env: { H2H_IMAP_PASSWORD: password } },
  { name: 'LOGIN, literal', capabilities: '', secret: literalPassword, creds: {}, env: { H2H_IMAP_PASSWORD: literalPassword } },
  { name: 'AUTHENTICATE PLAIN', capabilities: 'AUTH=PLAIN', secret: password, creds: {}, env: { H2H_IMAP_PASSWORD: password } },
  { name: 'AUTHENTICATE XOAUTH2', capabilities: 'AUTH=XOAUTH2 SASL-IR', secret: token, creds: { accessTokenCommand: `echo '${token}'` }, env: {} },
];

describe('IMAP server echoing the login', () => {
  const cases = logins.flatMap((login) => [
    ...(['as-sent', 'decoded', 'base64'] as EchoForm[]).map((form) => ({ login, form, reply: 'NO' as 'NO' | 'BAD' | 'BYE' })),
    { login, form: 'as-sent' as EchoForm, reply: 'BAD' as 'NO' | 'BAD' | 'BYE' },
  ]);
  // imapflow reports a BYE as "Unexpected close" without its text; one case shows that stays so.
  cases.push({ login: logins[2]!, form: 'as-sent', reply: 'BYE' as const });
  for (const { login, form, reply } of cases) {
    it(`${login.name}, ${reply} echoing it ${form}: h2h sync shows the refusal, never the secret`, { timeout: 60_000 }, async () => {
      const server = await startImapEcho({ form, capabilities: login.capabilities, reply });
      servers.push(server);
      const root = tempDir();
      const configFile = join(root, 'config.json');
      writeFileSync(configFile, JSON.stringify({ agent, account: { imap: { host: '127.0.0.1', port: server.port, user, tls: 'none', ...login.creds } } }), { mode: 0o600 });
      const env = { H2H_CONFIG: configFile, H2H_DATA_DIR: join(root, 'data'), ...login.env };
      for (const args of reply === 'BYE' ? [['sync']] : [['sync'], ['sync', '--json']]) {
        const r = await spawnCli(args, { env });
        expect(r.code).not.toBe(0);
        if (reply !== 'BYE') expect(r.stderr + r.stdout).toMatch(/refus/); // the server's text was shown…
        expectNoSecret(r.stderr + r.stdout, login.secret); // …with no form of the secret
      }
      expectNoSecret(filesUnder(join(root, 'data')), login.secret);
    });
  }
});

describe('SMTP server echoing the login in its 535', () => {
  const cases: { name: string; secret: string; smtp: Record<string, unknown>; env: Record<string, string>; forms: SmtpEchoForm[] }[] = [
    { name: 'password (AUTH PLAIN)', secret: password, smtp: {}, env: { H2H_SMTP_PASSWORD: password }, forms: ['password', 'plain-blob', 'quoted'] },
    { name: 'token (XOAUTH2)', secret: token, smtp: { accessTokenCommand: `echo '${token}'` }, env: {}, forms: ['password', 'xoauth2-blob'] },
  ];
  for (const c of cases) {
    it(`${c.name}: h2h reply --send and the outbox keep no form of it`, { timeout: 120_000 }, async () => {
      const { dovecot } = inject('mail');
      const f = await syncFixture(dovecot);
      await withImap(dovecot, f.user, (client) => ensureFolder(client, 'Sent'));
      await appendMessages(dovecot, f.user, 'INBOX', [rawMessage({ from: 'Anna <anna@example.com>', to: agent.email, subject: 'Order', id: '<q@example.com>' })]);
      expect((await spawnCli(['sync'], { env: f.env })).code).toBe(0);
      const [conversation] = JSON.parse((await spawnCli(['list', '--json'], { env: f.env })).stdout) as { id: string }[];
      const config = JSON.parse(readFileSync(f.configFile, 'utf8')) as { account: Record<string, unknown> };
      for (const form of c.forms) {
        const server = await startSmtpEcho(form);
        servers.push(server);
        config.account.smtp = { host: '127.0.0.1', port: server.port, user, tls: 'none', ...c.smtp };
        writeFileSync(f.configFile, JSON.stringify(config), { mode: 0o600 });
        const env = { ...f.env, ...c.env };
        const sent = await spawnCli(['reply', conversation.id, '--body-file', '-', '--send'], { env, stdin: 'It left today.\n' });
        expect(sent.code).not.toBe(0);
        expect(sent.stderr).toMatch(/refus/);
        expectNoSecret(sent.stderr + sent.stdout, c.secret);
        const outbox = await spawnCli(['outbox', '--json'], { env });
        expect(outbox.stdout).toMatch(/refus/);
        expectNoSecret(outbox.stdout + outbox.stderr, c.secret);
      }
      expectNoSecret(filesUnder(f.dataDir), c.secret);
    });
  }
});
