/**
 * Where a server's secret comes from, in this order: the environment (`H2H_IMAP_PASSWORD`,
 * `H2H_SMTP_PASSWORD`), `accessTokenCommand` (OAuth2, XOAUTH2), `passwordCommand` (`pass show
 * shop/imap`), and last the config file's `password`, with a warning. The secret lives only in
 * memory: it is never printed, logged, or written anywhere by h2h, and error messages that could
 * carry it (a server's reply, a command's stderr) pass through `scrubSecrets` first.
 */
import { spawn } from 'node:child_process';
import { H2hError } from '../core/errors.js';
import { childEnv } from '../adapters/process/child-env.js';
import { scrubSecrets } from '../adapters/secure-connection/scrub-secrets.js';
import { secretsOf, type Credentials } from '../adapters/secure-connection/server-settings.js';
import type { ServerConfig } from './config.js';

// The adapters own these (they scrub what servers say); re-exported for the CLI's init and the tests.
export { scrubSecrets, secretsOf, type Credentials };
export type ServerKind = 'imap' | 'smtp';

type Env = Record<string, string | undefined>;

export const passwordEnvVar = (kind: ServerKind) => (kind === 'imap' ? 'H2H_IMAP_PASSWORD' : 'H2H_SMTP_PASSWORD');

export async function resolveCredentials(
  server: ServerConfig,
  kind: ServerKind,
  env: Env = process.env,
  warn: (line: string) => void = (line) => process.stderr.write(`h2h: warning: ${line}\n`),
): Promise<Credentials> {
  const fromEnv = env[passwordEnvVar(kind)];
  if (fromEnv) return { user: server.user, pass: fromEnv };
  if (server.accessTokenCommand) return { user: server.user, accessToken: await runSecretCommand(server.accessTokenCommand, `account.${kind}.accessTokenCommand`, env) };
  if (server.passwordCommand) return { user: server.user, pass: await runSecretCommand(server.passwordCommand, `account.${kind}.passwordCommand`, env) };
  if (server.password !== undefined) {
    warn(`the ${kind.toUpperCase()} password is stored in the config file; passwordCommand (e.g. "pass show shop/${kind}") or ${passwordEnvVar(kind)} keeps it out of it`);
    return { user: server.user, pass: server.password };
  }
  throw new H2hError(
    'CONFIG_INVALID',
    `no ${kind.toUpperCase()} password: set ${passwordEnvVar(kind)}, or account.${kind}.passwordCommand in the config (h2h init --password-command)`,
  );
}

/** Runs the command through the shell and returns the first line it prints (like `pass`). */
function runSecretCommand(command: string, what: string, env: Env): Promise<string> {
  return new Promise((resolve, reject) => {
    // No stdin: h2h's own input is not the command's (gpg's pinentry finds the terminal by itself).
    const child = spawn('/bin/sh', ['-c', command], { stdio: ['ignore', 'pipe', 'pipe'], env: childEnv(env) });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => {
      if (err.length < 4096) err += d;
    });
    child.on('error', (e) => reject(new H2hError('CONFIG_INVALID', `${what} could not run: ${e.message}`)));
    child.on('close', (code, signal) => {
      const secret = Buffer.concat(out).toString('utf8').split(/\r?\n/)[0] ?? '';
      // The command's own error text may help ("gpg: decryption failed"); its stdout never appears.
      const hint = scrubSecrets(err, secret ? [secret] : []).trim().split('\n')[0]?.replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 200);
      if (code !== 0) return reject(new H2hError('CONFIG_INVALID', `${what} failed (${signal ? `killed by ${signal}` : `exit ${code}`})${hint ? `: ${hint}` : ''}`));
      if (secret === '') return reject(new H2hError('CONFIG_INVALID', `${what} printed nothing`));
      resolve(secret);
    });
  });
}
