/**
 * `h2h init`'s login tests. Off a terminal a failed test is the command's error (nothing written).
 * On a terminal, a failed step is offered again instead of starting over: every answer given so far
 * is kept, and only the failing part is asked anew (the password or password command, that server's
 * settings, or a certificate to trust: the one the server shows, with its fingerprint), so a mistyped
 * password never costs the newcomer the dozen answers before it.
 */
import { imapSettings, smtpSettings } from '../../app/adapter-settings.js';
import type { ServerConfig } from '../../app/config.js';
import { passwordEnvVar, resolveCredentials, type Credentials, type ServerKind } from '../../app/secrets.js';
import { describeError, H2hError, MailUnavailableError, UsageError } from '../../core/errors.js';
import type { Io } from '../io.js';
import { safeLine } from '../output/terminal-text.js';
import type { Prompter } from '../prompt.js';
import { askForSecret, askServerAgain, type Answers, type InitOptions } from './init-questions.js';

export type Account = { imap: ServerConfig; smtp: ServerConfig };
export type Verified = { imap: boolean; smtp: boolean };

/**
 * Tests the logins of the account `build` makes from the answers; on a terminal, offers to retry a
 * failed one (after changing the password or the settings), to save without the test, or to quit.
 * Resolves with what was tested; the answers (and options' CA files) hold every change made.
 */
export async function verifyLogins(answers: Answers, options: InitOptions, io: Io, prompter: Prompter | null, build: () => Account | null): Promise<Verified> {
  const verified: Verified = { imap: false, smtp: false };
  for (;;) {
    const account = build();
    if (!options.verify || !account) return verified;
    let failed: { kind: ServerKind; server: ServerConfig; error: unknown } | null = null;
    for (const kind of ['imap', 'smtp'] as const) {
      if (verified[kind]) continue;
      try {
        await check(kind, account[kind], answers, io);
        verified[kind] = true;
      } catch (error) {
        failed = { kind, server: account[kind], error };
        break;
      }
    }
    if (!failed) return verified;
    if (!prompter) throw failed.error;
    const next = await askWhatNext(failed, answers, options, prompter, io);
    if (next === 'save') return verified;
    if (next === 'quit') throw failed.error;
    // A new password command is both servers' secret: a login that worked with the old one is tested again.
    if (next === 'recheck') Object.assign(verified, { imap: false, smtp: false });
  }
}

async function check(kind: ServerKind, server: ServerConfig, answers: Answers, io: Io): Promise<void> {
  const warn = (line: string) => io.stderr.write(`h2h: warning: ${safeLine(line)}\n`);
  const creds = await credentialsFor(server, kind, answers.typed[kind], io, warn);
  // A certificate chosen at this run is tested from memory: its file is written with the config.
  const trusted = answers.trusted[kind];
  const settings = <T extends object>(s: T): T => (trusted ? { ...s, caPem: trusted } : s);
  // Progress only on a terminal: piped, a failure is the one error line and nothing else.
  const say = (text: string) => io.isStderrTTY && io.stderr.write(text);
  say(`checking ${kind.toUpperCase()} ${safeLine(server.host)}:${server.port} … `);
  try {
    if (kind === 'imap') {
      // Lazy: imapflow and nodemailer are only loaded when a login is tested.
      const { connectImap } = await import('../../adapters/imap/imap-connect.js');
      const client = await connectImap(settings(imapSettings(server)), creds, { warn });
      await client.logout().catch(() => client.close());
    } else {
      const { verifySmtp } = await import('../../adapters/smtp/smtp-connect.js');
      await verifySmtp(settings(smtpSettings(server)), creds, { warn });
      if (answers.aliases.length) await checkAliases(settings(smtpSettings(server)), creds, answers);
    }
  } catch (error) {
    say('failed\n');
    throw error;
  }
  say('ok\n');
}

type Next = 'again' | 'recheck' | 'save' | 'quit';
type Choice = { key: string; label: string; run: () => Promise<Next> };

async function askWhatNext(failed: { kind: ServerKind; server: ServerConfig; error: unknown }, answers: Answers, options: InitOptions, prompter: Prompter, out: Io): Promise<Next> {
  const { kind, error } = failed;
  const label = kind.toUpperCase();
  const untrusted = error instanceof MailUnavailableError && error.fix?.problem === 'untrusted-certificate';
  const typed = answers.typed[kind] !== undefined;
  const caOption = kind === 'imap' ? 'imapCa' : 'smtpCa';
  // The error as the command would print it, on one line, then (for an untrusted certificate) the
  // certificate itself, so the owner can trust exactly it after comparing its fingerprint.
  out.stderr.write(`  ${safeLine(describeError(error))}\n`);
  const shown = untrusted ? await showCertificate(failed.server, kind, out) : undefined;
  const choices: Choice[] = [
    ...(typed
      ? [{ key: 'p', label: 'type the password again', run: async () => {
          const before = answers.typed[kind];
          const pass = await prompter.askSecret(`${label} password (not shown)`);
          answers.typed[kind] = pass;
          // One password for both servers, as first typed: the SMTP login gets the new one too.
          if (kind === 'imap' && answers.typed.smtp === before) answers.typed.smtp = pass;
          return 'again' as const;
        } }]
      : []),
    // The password command printed a wrong password, or failed: change it (or type the password) without starting over.
    ...(answers.passwordCommand !== undefined && !out.env[passwordEnvVar(kind)]
      ? [{ key: 'p', label: 'change the password command (Enter there: type the password instead)', run: async () => {
          await askForSecret(answers, prompter, out);
          return 'recheck' as const;
        } }]
      : []),
    ...(shown
      ? [{ key: 'c', label: 'trust this certificate (if the fingerprint is the one your provider gives)', run: async () => {
          answers.trusted[kind] = shown;
          delete options[caOption];
          return 'again' as const;
        } }]
      : []),
    ...(untrusted
      ? [{ key: 't', label: "trust a CA or the server's own certificate (a PEM file)", run: async () => {
          options[caOption] = await prompter.ask(`PEM file to trust for ${label}`, { validate: (a) => (a.trim() ? undefined : 'a file name') });
          delete answers.trusted[kind];
          return 'again' as const;
        } }]
      : []),
    { key: 'e', label: `change the ${label} server settings`, run: async () => {
      if (answers.servers) answers.servers[kind] = await askServerAgain(kind, answers.servers[kind], prompter);
      // Another server (or port) has another certificate: the one trusted before is not carried over.
      delete answers.trusted[kind];
      return 'again';
    } },
    { key: 'r', label: 'try again as it is', run: async () => 'again' },
    { key: 's', label: 'save without this test', run: async () => 'save' },
    { key: 'q', label: 'quit, writing nothing', run: async () => 'quit' },
  ];
  const keys = choices.map((c) => c.key);
  const answer = await prompter.ask(choices.map((c) => `[${c.key}] ${c.label}`).join(', '), { validate: (a) => (keys.includes(a.toLowerCase()) ? undefined : `one of: ${keys.join(', ')}`) });
  return choices.find((c) => c.key === answer.toLowerCase())!.run();
}

/** Shows the certificate the server presents; resolves with the PEM that trusting it would save, if there is one. */
async function showCertificate(server: ServerConfig, kind: ServerKind, out: Io): Promise<string | undefined> {
  const { fetchServerCertificate } = await import('../../adapters/secure-connection/server-certificate.js');
  try {
    const cert = await fetchServerCertificate(server, kind);
    const line = (text: string) => out.stderr.write(`  ${safeLine(text)}\n`);
    line(`its certificate: ${cert.subject || '(no subject)'}, issued by ${cert.subject === cert.issuer ? 'itself' : cert.issuer}, valid until ${cert.validTo}`);
    line(`SHA-256 fingerprint: ${cert.fingerprint}`);
    if (cert.trustSubject) line(`trusting it trusts its CA: ${cert.trustSubject}`);
    return cert.trustPem;
  } catch (error) {
    out.stderr.write(`  ${safeLine(describeError(error))}\n`);
    return undefined;
  }
}

async function credentialsFor(server: ServerConfig, kind: ServerKind, typed: string | undefined, io: Io, warn: (line: string) => void): Promise<Credentials> {
  if (typed !== undefined && !io.env[passwordEnvVar(kind)]) return { user: server.user, pass: typed };
  try {
    // A password stored on request was just typed: no need to warn about it twice.
    return await resolveCredentials(server, kind, io.env, server.password !== undefined ? () => {} : warn);
  } catch (error) {
    if (error instanceof H2hError && /^no (IMAP|SMTP) password/.test(error.message)) {
      throw new UsageError(`no ${kind.toUpperCase()} password to test the login with: give --password-command, set ${passwordEnvVar(kind)}, or skip the test with --no-verify`);
    }
    throw error;
  }
}

/**
 * The login may send as each of the owner's addresses: a server that ties senders to logins refuses
 * an alias it does not allow (MAIL FROM), and mail from it would bounce later instead. Refused: one
 * line naming the address and what the server said; nothing is sent (smtp-senders.ts).
 */
async function checkAliases(server: ReturnType<typeof smtpSettings>, creds: Credentials, answers: Answers): Promise<void> {
  const { checkSenders } = await import('../../adapters/smtp/smtp-senders.js');
  const results = await checkSenders(server, creds, [answers.email, ...answers.aliases], answers.email);
  const refused = results.find((r) => !r.accepted);
  if (refused) {
    throw new MailUnavailableError(`SMTP ${server.host}:${server.port} will not send as ${refused.sender} with this login (server: ${refused.refused ?? 'refused'}): drop that alias (--alias, agent.aliases) or allow it on the server`, { transient: false });
  }
}
