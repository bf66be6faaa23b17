/**
 * `h2h init`'s questions: from flags (scripts) or asked on a terminal, each with its default. The
 * servers may be left out (Enter at the IMAP question, or no host flags): an identity only, enough
 * for import and the TUI; `h2h init` again adds them.
 */
import { isEmailAddress } from '../../core/domain/address.js';
import { UsageError } from '../../core/errors.js';
import { tlsModes, type TlsMode } from '../../app/config.js';
import { passwordEnvVar, type ServerKind } from '../../app/secrets.js';
import type { Io } from '../io.js';
import type { Prompter } from '../prompt.js';

/** `h2h init`'s flags. */
export type InitOptions = {
  name?: string;
  email?: string;
  signature?: string;
  imapHost?: string;
  imapPort?: number;
  imapUser?: string;
  imapTls?: TlsMode;
  imapCa?: string;
  smtpHost?: string;
  smtpPort?: number;
  smtpUser?: string;
  smtpTls?: TlsMode;
  smtpCa?: string;
  allowSelfSigned?: boolean;
  passwordCommand?: string;
  accessTokenCommand?: string;
  folder?: string[];
  /** Other addresses of the shop the owner answers from (agent.aliases), added to those the config has. */
  alias?: string[];
  verify: boolean;
  force?: boolean;
  json?: boolean;
};

export type ServerAnswers = { host: string; port: number; user: string; tls: TlsMode };

export const defaultPorts: Record<ServerKind, Record<TlsMode, number>> = {
  imap: { tls: 993, starttls: 143, none: 143 },
  smtp: { tls: 465, starttls: 587, none: 25 },
};

export const tlsHelp = 'tls (implicit TLS), starttls (STARTTLS required) or none (clear text, only for a trusted local server)';

export type Answers = {
  name: string;
  email: string;
  signature?: string;
  /** Absent: identity only (import and the TUI work; `h2h init` again adds the servers). */
  servers?: { imap: ServerAnswers; smtp: ServerAnswers };
  passwordCommand?: string;
  accessTokenCommand?: string;
  /** Typed on the terminal: used for the test; stored only when `storePassword`. */
  typed: { imap?: string; smtp?: string };
  storePassword: boolean;
  /** A server certificate the owner chose to trust after seeing its fingerprint: saved beside the config as that server's `ca`. */
  trusted: { imap?: string; smtp?: string };
  /** Every alias the config will hold (those it had, and --alias): SMTP is asked to accept each as sender. */
  aliases: string[];
};

export async function gather(options: InitOptions, io: Io, prompter: Prompter | null): Promise<Answers> {
  const given = (value: string | undefined) => value !== undefined && value.trim() !== '';
  if (!prompter) {
    // Both servers or neither: without them, an identity only (servers can be added by init later).
    const servers = given(options.imapHost) || given(options.smtpHost);
    const missing = (
      [
        ['--name', options.name],
        ['--email', options.email],
        ...(servers ? ([['--imap-host', options.imapHost], ['--smtp-host', options.smtpHost]] as const) : []),
      ] as const
    )
      .filter(([, value]) => !given(value))
      .map(([flag]) => flag);
    if (missing.length) throw new UsageError(`missing ${missing.join(', ')} (h2h init asks for them on a terminal; see h2h init --help)`);
  }
  const ask = async (value: string | undefined, question: string, opts: Parameters<Prompter['ask']>[1] = {}): Promise<string> =>
    value !== undefined ? value : prompter ? prompter.ask(question, opts) : (opts.default ?? '');
  const askTls = async (value: TlsMode | undefined, kind: ServerKind): Promise<TlsMode> =>
    value ??
    (prompter
      ? ((await prompter.ask(`${kind.toUpperCase()} security: tls, starttls or none`, {
          default: 'tls',
          validate: (a) => (tlsModes.includes(a as TlsMode) ? undefined : `one of: ${tlsHelp}`),
        })) as TlsMode)
      : 'tls');
  const askPort = async (value: number | undefined, kind: ServerKind, tls: TlsMode): Promise<number> => {
    if (value !== undefined) return value;
    if (!prompter) return defaultPorts[kind][tls];
    const answer = await prompter.ask(`${kind.toUpperCase()} port`, {
      default: String(defaultPorts[kind][tls]),
      validate: (a) => (/^\d+$/.test(a) && Number(a) >= 1 && Number(a) <= 65535 ? undefined : 'a port number (1-65535)'),
    });
    return Number(answer);
  };

  const name = (await ask(options.name, 'Your name, as customers see it')).trim();
  const email = (await ask(options.email, 'The email address you answer from', { validate: (a) => (isEmailAddress(a) ? undefined : `"${a}" is not an email address`) })).trim();
  // The owner's own sign-off under every reply; `\n` starts a new line ("Riitta\nLumo Tea & Ceramics").
  const signatureAnswer = options.signature ?? (prompter ? await prompter.ask(`Your signature under replies (\\n for a new line; Enter: ${name})`, { optional: true }) : undefined);
  const signature = signatureAnswer === undefined || signatureAnswer === '' ? undefined : signatureAnswer.replace(/\\n/g, '\n');
  for (const alias of options.alias ?? []) if (!isEmailAddress(alias)) throw new UsageError(`--alias "${alias}" is not an email address`);
  // The config's own aliases join these in init.ts, which has the file.
  const base = { name, email, ...(signature !== undefined ? { signature } : {}), typed: {}, storePassword: false, trusted: {}, aliases: (options.alias ?? []).map((a) => a.trim().toLowerCase()) };
  const imapHost = (
    options.imapHost ?? (prompter && !given(options.smtpHost) ? await prompter.ask('IMAP server (e.g. imap.shop.example; Enter: add the mail account later)', { optional: true }) : '')
  ).trim();
  if (!imapHost && !given(options.smtpHost)) return base;
  const imapTls = await askTls(options.imapTls, 'imap');
  const imapPort = await askPort(options.imapPort, 'imap', imapTls);
  const imapUser = await ask(options.imapUser, 'IMAP login', { default: email });
  const smtpHost = (await ask(options.smtpHost, 'SMTP server', { default: imapHost.replace(/^imap\./i, 'smtp.') })).trim();
  const smtpTls = await askTls(options.smtpTls, 'smtp');
  const smtpPort = await askPort(options.smtpPort, 'smtp', smtpTls);
  const smtpUser = await ask(options.smtpUser, 'SMTP login', { default: imapUser });

  const answers: Answers = {
    ...base,
    servers: { imap: { host: imapHost, port: imapPort, user: imapUser, tls: imapTls }, smtp: { host: smtpHost, port: smtpPort, user: smtpUser, tls: smtpTls } },
    ...(options.passwordCommand ? { passwordCommand: options.passwordCommand } : {}),
    ...(options.accessTokenCommand ? { accessTokenCommand: options.accessTokenCommand } : {}),
    typed: {},
    storePassword: false,
    trusted: {},
    aliases: base.aliases,
  };
  // The secret: a command, the environment, or typed now (asked only on a terminal).
  if (prompter && !answers.passwordCommand && !answers.accessTokenCommand && !io.env[passwordEnvVar('imap')]) await askForSecret(answers, prompter, io);
  return answers;
}

/** How h2h gets the password: a command that prints it, or typed now (used for the test, kept only if asked). Also after a failed test. */
export async function askForSecret(answers: Answers, prompter: Prompter, io: Io): Promise<void> {
  delete answers.passwordCommand;
  answers.typed = {};
  const commandAnswer = await prompter.ask('A command that prints the password (e.g. "pass show shop/mail"); Enter to type the password instead', { optional: true });
  if (commandAnswer) {
    answers.passwordCommand = commandAnswer;
    return;
  }
  const imapPass = await prompter.askSecret('IMAP password (not shown)');
  const smtpPass = io.env[passwordEnvVar('smtp')] ? '' : await prompter.askSecret('SMTP password (Enter: the same)');
  if (imapPass) answers.typed.imap = imapPass;
  if (smtpPass || imapPass) answers.typed.smtp = smtpPass || imapPass;
}

/** Asked once the logins were tested (a password is only worth keeping once it is known to work). */
export async function askToKeepPassword(answers: Answers, prompter: Prompter | null, io: Io): Promise<void> {
  if (!prompter || !answers.typed.imap) return;
  answers.storePassword = await prompter.confirm('Keep the password in the config file (anyone who can read the file can read it)?', false);
  if (answers.storePassword) io.stderr.write('h2h: warning: the password will be stored in the config file (mode 0600); a password command keeps it out of it\n');
}

/** The questions about one server again, each with the answer given before as its default (a failed login: edit the settings). */
export async function askServerAgain(kind: ServerKind, current: ServerAnswers, prompter: Prompter): Promise<ServerAnswers> {
  const label = kind.toUpperCase();
  const host = await prompter.ask(`${label} server`, { default: current.host });
  const tls = (await prompter.ask(`${label} security: tls, starttls or none`, { default: current.tls, validate: (a) => (tlsModes.includes(a as TlsMode) ? undefined : `one of: ${tlsHelp}`) })) as TlsMode;
  const port = Number(await prompter.ask(`${label} port`, {
    default: String(tls === current.tls ? current.port : defaultPorts[kind][tls]),
    validate: (a) => (/^\d+$/.test(a) && Number(a) >= 1 && Number(a) <= 65535 ? undefined : 'a port number (1-65535)'),
  }));
  const user = await prompter.ask(`${label} login`, { default: current.user });
  return { host, tls, port, user };
}
