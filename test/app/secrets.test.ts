import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ServerConfig } from '../../src/app/config.js';
import { resolveCredentials, scrubSecrets, secretsOf } from '../../src/app/secrets.js';
import { H2hError } from '../../src/core/errors.js';
import { tempDir } from '../helpers/temp-dir.js';

const SECRET = 'correct-horse-Battery-9';

const server = (extra: Partial<ServerConfig> = {}): ServerConfig => ({ host: 'imap.shop.example', port: 993, user: 'riitta@shop.example', tls: 'tls', allowSelfSigned: false, ...extra });

/** A command printing `text` (kept in a file, so the secret is not in the command line). */
function printing(text: string): string {
  const file = join(tempDir(), 'secret.txt');
  writeFileSync(file, text);
  return `cat '${file}'`;
}

function collect() {
  const lines: string[] = [];
  return { lines, warn: (line: string) => void lines.push(line) };
}

async function failure(p: Promise<unknown>): Promise<H2hError> {
  const error = await p.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(H2hError);
  return error as H2hError;
}

describe('resolveCredentials', () => {
  it('prefers the environment, then a command, then the config file', async () => {
    const all = server({ passwordCommand: printing('from-command\n'), password: 'from-config' });
    const w = collect();
    expect(await resolveCredentials(all, 'imap', { H2H_IMAP_PASSWORD: 'from-env' }, w.warn)).toEqual({ user: 'riitta@shop.example', pass: 'from-env' });
    expect(await resolveCredentials(all, 'imap', {}, w.warn)).toEqual({ user: 'riitta@shop.example', pass: 'from-command' });
    expect(await resolveCredentials(server({ password: 'from-config' }), 'imap', {}, w.warn)).toEqual({ user: 'riitta@shop.example', pass: 'from-config' });
    // Only the config-file password warns.
    expect(w.lines).toHaveLength(1);
  });

  it('reads the variable of its own server kind only', async () => {
    const env = { H2H_IMAP_PASSWORD: 'imap-pw', H2H_SMTP_PASSWORD: 'smtp-pw' };
    expect((await resolveCredentials(server(), 'imap', env)).pass).toBe('imap-pw');
    expect((await resolveCredentials(server(), 'smtp', env)).pass).toBe('smtp-pw');
    const e = await failure(resolveCredentials(server(), 'smtp', { H2H_IMAP_PASSWORD: 'imap-pw' }));
    expect(e.message).toMatch(/no SMTP password: set H2H_SMTP_PASSWORD/);
  });

  it('takes the first line a command prints (pass show), exactly', async () => {
    const creds = await resolveCredentials(server({ passwordCommand: printing(`${SECRET}\nurl: https://shop.example\n`) }), 'imap', {});
    expect(creds.pass).toBe(SECRET);
  });

  it('gives an OAuth2 access token from accessTokenCommand (before a password command)', async () => {
    const creds = await resolveCredentials(server({ accessTokenCommand: printing('ya29.token\n'), passwordCommand: printing('pw\n') }), 'imap', {});
    expect(creds).toEqual({ user: 'riitta@shop.example', accessToken: 'ya29.token' });
  });

  it('runs the command with the environment it was given', async () => {
    const creds = await resolveCredentials(server({ passwordCommand: 'printf "%s\\n" "$SHOP_PW"' }), 'imap', { PATH: process.env.PATH, SHOP_PW: 'via-env' });
    expect(creds.pass).toBe('via-env');
  });

  it('warns, without the password, when it comes from the config file', async () => {
    const w = collect();
    await resolveCredentials(server({ password: SECRET }), 'imap', {}, w.warn);
    expect(w.lines).toEqual([expect.stringMatching(/IMAP password is stored in the config file; passwordCommand .* keeps it out of it/)]);
    expect(w.lines.join('')).not.toContain(SECRET);
  });

  it('reports a failing command with its exit code and its stderr, never its stdout', async () => {
    const cmd = `printf '%s\\n' '${SECRET}'; echo 'gpg: decryption failed: No secret key' >&2; exit 2`;
    const e = await failure(resolveCredentials(server({ passwordCommand: cmd }), 'imap', {}));
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.message).toBe('account.imap.passwordCommand failed (exit 2): gpg: decryption failed: No secret key');
  });

  it('keeps the secret out of the message even when the command echoes it on stderr', async () => {
    const file = printing(`${SECRET}\n`);
    const e = await failure(resolveCredentials(server({ passwordCommand: `${file}; ${file} >&2; exit 1` }), 'smtp', {}));
    expect(e.message).toMatch(/^account\.smtp\.passwordCommand failed \(exit 1\): \*\*\*$/);
    expect(e.message).not.toContain(SECRET);
  });

  it('reports a command that prints nothing, or cannot be found', async () => {
    expect((await failure(resolveCredentials(server({ passwordCommand: 'true' }), 'imap', {}))).message).toBe('account.imap.passwordCommand printed nothing');
    const missing = await failure(resolveCredentials(server({ passwordCommand: 'no-such-h2h-command-xyz' }), 'imap', { PATH: process.env.PATH }));
    expect(missing.message).toMatch(/^account\.imap\.passwordCommand failed \(exit 127\): .*no-such-h2h-command-xyz.*not found/);
  });

  it('says where a missing password can come from', async () => {
    const e = await failure(resolveCredentials(server(), 'imap', {}));
    expect(e.message).toBe('no IMAP password: set H2H_IMAP_PASSWORD, or account.imap.passwordCommand in the config (h2h init --password-command)');
  });
});

describe('scrubSecrets', () => {
  it('removes the secret and its base64 form (as SASL PLAIN would carry it)', () => {
    const b64 = Buffer.from(SECRET).toString('base64');
    expect(scrubSecrets(`NO [AUTHENTICATIONFAILED] ${SECRET} / ${b64} .`, [SECRET])).toBe('NO [AUTHENTICATIONFAILED] *** / *** .');
    expect(scrubSecrets('nothing here', [])).toBe('nothing here');
  });

  it('removes the secret inside any base64 text, at every byte offset, and quoted or JSON-escaped', () => {
    const secret = 'S3cr"et\\pa55 wörd';
    for (let pad = 0; pad < 6; pad++) {
      const blob = Buffer.from(`${'u'.repeat(pad)}\u0000user\u0000${secret}\u0000tail`).toString('base64');
      expect(scrubSecrets(`NO [AUTHENTICATIONFAILED] got ${blob} here`, [secret])).toBe('NO [AUTHENTICATIONFAILED] got *** here');
    }
    expect(scrubSecrets(`BAD "S3cr\\"et\\\\pa55 wörd"`, [secret])).toBe('BAD "***"');
    expect(scrubSecrets(`said ${JSON.stringify(secret)}`, [secret])).toBe('said "***"');
  });

  it('removes any SASL PLAIN / XOAUTH2 / OAUTHBEARER blob, even of a secret it was not told (another account, a cut token)', () => {
    const plain = Buffer.from('\u0000someone\u0000other-pass').toString('base64');
    const xoauth = Buffer.from('user=someone\u0001auth=Bearer ya29.cut').toString('base64');
    const bearer = Buffer.from('n,a=someone,\u0001auth=Bearer x\u0001\u0001').toString('base64');
    expect(scrubSecrets(`NO ${plain} / ${xoauth} / ${bearer}`, [])).toBe('NO *** / *** / ***');
    // Words that only look like base64 stay.
    expect(scrubSecrets('NO [AUTHENTICATIONFAILED] Authentication failed, UNAVAILABLE', ['pass'])).toBe('NO [AUTHENTICATIONFAILED] Authentication failed, UNAVAILABLE');
  });

  it('lists the secrets of credentials', () => {
    expect(secretsOf({ user: 'u', pass: 'p' })).toEqual(['p']);
    expect(secretsOf({ user: 'u', accessToken: 't' })).toEqual(['t']);
    expect(secretsOf({ user: 'u', pass: '' })).toEqual([]);
    expect(secretsOf(undefined)).toEqual([]);
  });
});
