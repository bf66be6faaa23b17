/**
 * `h2h init`: the agent's identity and the mail account, from flags (scripts, tests) or asked on a
 * terminal; both logins tested before anything is written (`--no-verify` skips that; on a terminal a
 * failed one is offered again with every answer kept: init-verify.ts); the config
 * written atomically, 0600, the previous one kept as config.json.bak. The password is never
 * printed, logged or written, except into the config file when the user explicitly asks for that.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { ensurePrivateDir, keepBackup, writeFileAtomic } from '../../adapters/store/atomic-file.js';
import { parseConfig, tlsModes, type ServerConfig } from '../../app/config.js';
import { resolvePaths } from '../../app/paths.js';
import { passwordEnvVar, type ServerKind } from '../../app/secrets.js';
import { ConfigError, H2hError, UsageError } from '../../core/errors.js';
import type { AppContext, GlobalOptions } from '../app-context.js';
import type { Io } from '../io.js';
import { parseChoice } from '../parse-options.js';
import { renderJson } from '../../adapters/export/safe-json.js';
import { safeLine } from '../output/terminal-text.js';
import { terminalPrompter } from '../prompt.js';
import { askToKeepPassword, gather, tlsHelp, type Answers, type InitOptions, type ServerAnswers } from './init-questions.js';
import { verifyLogins, type Verified } from './init-verify.js';

export type { InitOptions } from './init-questions.js';

export { defaultPorts } from './init-questions.js';

function parsePort(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 65535) throw new InvalidArgumentError('must be a port number (1-65535)');
  return Number(value);
}

export function createInitCommand(ctx: AppContext) {
  return new Command('init')
    .description('Set up your identity and the shop\'s mail account (asks on a terminal; flags for scripts); tests both logins before saving')
    .option('--name <name>', 'your name as customers see it')
    .option('--email <address>', "the shop's address you answer from")
    .option('--signature <text>', 'plain-text signature for replies (default: your name)')
    .option('--imap-host <host>', 'IMAP server')
    .addOption(new Option('--imap-tls <mode>', tlsHelp).argParser(parseChoice(tlsModes)))
    .option('--imap-port <port>', 'IMAP port (default 993 for tls, 143 for starttls/none)', parsePort)
    .option('--imap-user <user>', 'IMAP login (default: --email)')
    .option('--imap-ca <pem>', "PEM file with the CA (or the server's own certificate) to trust for IMAP")
    .option('--smtp-host <host>', 'SMTP server')
    .addOption(new Option('--smtp-tls <mode>', tlsHelp).argParser(parseChoice(tlsModes)))
    .option('--smtp-port <port>', 'SMTP port (default 465 for tls, 587 for starttls, 25 for none)', parsePort)
    .option('--smtp-user <user>', 'SMTP login (default: the IMAP login)')
    .option('--smtp-ca <pem>', 'PEM file with the CA to trust for SMTP')
    .option('--allow-self-signed', 'accept any certificate (a server you control; prefer --imap-ca/--smtp-ca)')
    .option('--password-command <command>', 'command printing the password, for both servers (e.g. "pass show shop/mail")')
    .option('--access-token-command <command>', 'command printing an OAuth2 access token (XOAUTH2: Gmail, Microsoft 365), for both servers')
    .option('--folder <name>', 'a folder to sync besides INBOX and Sent (repeatable)', (value: string, previous: string[] | undefined) => [...(previous ?? []), value])
    .option('--alias <address>', 'another address of the shop you answer from (again for more); SMTP is asked to accept each as sender', (value: string, previous: string[] | undefined) => [...(previous ?? []), value])
    .option('--no-verify', 'save without testing the logins')
    .option('--force', 'replace an existing config (the old one is kept as config.json.bak)')
    .option('--json', 'print {configFile, verified} as JSON')
    .addHelpText(
      'after',
      '\nThe password: H2H_IMAP_PASSWORD / H2H_SMTP_PASSWORD, --password-command, or typed on a terminal (then only used\n' +
        'to test the logins unless you choose to keep it in the config file).\n\nExample:\n' +
        '  $ h2h init --name "Riitta Virtanen" --email riitta@shop.example \\\n' +
        '      --imap-host imap.shop.example --smtp-host smtp.shop.example --password-command "pass show shop/mail"',
    )
    .action(async (options: InitOptions, command: Command) => {
      await runInit(options, ctx.io, command.optsWithGlobals<GlobalOptions>());
    });
}

type Existing = { doc: Record<string, unknown> | null };

export async function runInit(options: InitOptions, io: Io, globals: GlobalOptions): Promise<void> {
  if (globals.demo) throw new UsageError('init sets up your own account; leave out --demo');
  if (options.passwordCommand && options.accessTokenCommand) throw new UsageError('give --password-command or --access-token-command, not both');
  const { configFile, configDir } = resolvePaths({ config: globals.config }, io.env);
  // Refused before any question is asked: nothing is lost, nothing typed in vain.
  const existing = await readExisting(configFile, !!options.force, io);

  const prompter = io.isStdinTTY ? terminalPrompter(io) : null;
  let answers: Answers;
  let built: ReturnType<typeof buildDocument>;
  let verified: Verified;
  try {
    answers = await gather(options, io, prompter);
    // Every alias the config will hold, those it had too: each is checked as a sender with the SMTP login.
    answers.aliases = aliasEntries(existing.doc, answers.aliases).map(aliasEmail).filter((a) => a !== answers.email.toLowerCase());
    const build = () => (built = buildDocument(answers, options, existing, configFile)).account;
    // A failed login is offered again on a terminal, keeping every answer (init-verify.ts).
    verified = await verifyLogins(answers, options, io, prompter, build);
    // Only now, with the password known to work (or the owner saving it untested), is keeping it asked.
    await askToKeepPassword(answers, prompter, io);
    build();
  } finally {
    prompter?.close();
  }
  const { doc, account } = built!;

  if (!existsSync(configDir)) await ensurePrivateDir(configDir);
  // The certificates trusted at this run first, so the config never names a file that is not there.
  for (const kind of ['imap', 'smtp'] as const) {
    const pem = account ? answers.trusted[kind] : undefined;
    if (pem !== undefined) await writeFileAtomic(trustedCertificateFile(configFile, kind), pem);
  }
  await keepBackup(configFile);
  await writeFileAtomic(configFile, `${JSON.stringify(doc, null, 2)}\n`);

  if (options.json) {
    io.stdout.write(renderJson({ configFile, verified }, 0));
    return;
  }
  const tlsName = (s: ServerConfig) => (s.tls === 'tls' ? 'TLS' : s.tls === 'starttls' ? 'STARTTLS' : 'no TLS');
  const state = (ok: boolean) => (options.verify ? (ok ? 'login ok' : 'not tested') : 'not tested (--no-verify)');
  // What the file now holds (an identity-only run keeps an account written before).
  const saved = parseConfig(doc, configFile).account;
  const lines = [
    `wrote ${configFile}${existing.doc !== null ? ` (the previous one is ${configFile}.bak)` : ''}`,
    `  you   ${answers.name} <${answers.email}>`,
    ...(saved
      ? [
          `  IMAP  ${saved.imap.user} at ${saved.imap.host}:${saved.imap.port}, ${tlsName(saved.imap)}: ${account ? state(verified.imap) : 'kept as it was'}`,
          ...(saved.smtp ? [`  SMTP  ${saved.smtp.user} at ${saved.smtp.host}:${saved.smtp.port}, ${tlsName(saved.smtp)}: ${account ? state(verified.smtp) : 'kept as it was'}`] : []),
          `  secret: ${secretSource(saved.imap, 'imap', io)}`,
        ]
      : ['  mail account: none yet (h2h init again adds it)']),
    nextStep(saved, io),
  ];
  io.stderr.write(`${lines.map(safeLine).join('\n')}\n`);
}

/** What to run next, for a newcomer who just answered the questions: the one thing still missing first. */
function nextStep(saved: { imap: ServerConfig } | null | undefined, io: Io): string {
  if (!saved) return 'next: h2h import <mbox or maildir> brings in mail you have, then h2h opens the desk (h2h init again adds the mail account)';
  const { imap } = saved;
  const hasSecret = imap.accessTokenCommand || imap.passwordCommand || imap.password !== undefined || io.env[passwordEnvVar('imap')];
  // A password typed only for the test is gone: sync would stop at once without one.
  if (!hasSecret) return `next: set ${passwordEnvVar('imap')} and ${passwordEnvVar('smtp')} (or h2h init --force --password-command "…"), then h2h sync fetches your mail, then h2h opens the desk`;
  return 'next: h2h sync fetches your mail, then h2h opens the desk';
}

function secretSource(server: ServerConfig, kind: ServerKind, io: Io): string {
  if (server.accessTokenCommand) return 'an OAuth2 access token from accessTokenCommand';
  if (server.passwordCommand) return 'the password from passwordCommand';
  if (server.password !== undefined) return 'the password kept in the config file (readable by anyone who can read the file)';
  return io.env[passwordEnvVar(kind)]
    ? `${passwordEnvVar(kind)} / ${passwordEnvVar('smtp')} (not stored: set them whenever h2h connects)`
    : `none stored: set ${passwordEnvVar(kind)} and ${passwordEnvVar('smtp')}, or run init again with --password-command`;
}

async function readExisting(file: string, force: boolean, io: Io): Promise<Existing> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { doc: null };
    throw new H2hError('CONFIG_UNREADABLE', `${file}: cannot read (${(error as Error).message})`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    // replaced with --force, but kept as .bak
  }
  const isDoc = typeof doc === 'object' && doc !== null && !Array.isArray(doc);
  // An identity without a mail account (init without servers): running init again to add them,
  // or to change the identity, loses nothing (the file is kept as .bak), so it needs no --force.
  if (isDoc && !force && (doc as Record<string, unknown>).account === undefined) return { doc: doc as Record<string, unknown> };
  if (!force) throw new UsageError(`${file} already exists; h2h init --force replaces it (keeping the current one as ${file}.bak)`);
  if (isDoc) return { doc: doc as Record<string, unknown> };
  io.stderr.write(`h2h: warning: ${file} is not a JSON object; replacing it (kept as ${file}.bak)\n`);
  return { doc: {} };
}

/** Flags that hold each config field, to report a bad value by the flag the user typed. */
const fieldFlags: Record<string, string> = {
  'agent.name': '--name',
  'agent.email': '--email',
  'agent.signature': '--signature',
  'account.imap.host': '--imap-host',
  'account.imap.port': '--imap-port',
  'account.imap.user': '--imap-user',
  'account.imap.ca': '--imap-ca',
  'account.imap.passwordCommand': '--password-command',
  'account.imap.accessTokenCommand': '--access-token-command',
  'account.smtp.host': '--smtp-host',
  'account.smtp.port': '--smtp-port',
  'account.smtp.user': '--smtp-user',
  'account.smtp.ca': '--smtp-ca',
  'account.folders': '--folder',
};

function buildDocument(answers: Answers, options: InitOptions, existing: Existing, configFile: string) {
  const old = existing.doc ?? {};
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const oldAgent = isObj(old.agent) ? old.agent : {};
  const oldAccount = isObj(old.account) ? old.account : {};

  const server = (kind: ServerKind, a: ServerAnswers): Record<string, unknown> => {
    const ca = answers.trusted[kind] !== undefined ? trustedCertificateFile(configFile, kind) : kind === 'imap' ? options.imapCa : options.smtpCa;
    const s: Record<string, unknown> = { host: a.host, port: a.port, user: a.user, tls: a.tls };
    if (ca !== undefined) s.ca = resolve(ca);
    if (options.allowSelfSigned) s.allowSelfSigned = true;
    if (answers.accessTokenCommand) s.accessTokenCommand = answers.accessTokenCommand;
    if (answers.passwordCommand) s.passwordCommand = answers.passwordCommand;
    const typed = answers.typed[kind];
    if (answers.storePassword && typed) s.password = typed;
    return s;
  };

  const agent: Record<string, unknown> = { ...oldAgent, name: answers.name, email: answers.email };
  const aliases = aliasEntries(existing.doc, (options.alias ?? []).map((a) => a.trim().toLowerCase())).filter((a) => aliasEmail(a) !== answers.email.toLowerCase());
  if (aliases.length) agent.aliases = aliases;
  if (answers.signature !== undefined) agent.signature = answers.signature;
  const folders = options.folder?.length ? [...new Set(options.folder)] : Array.isArray(oldAccount.folders) ? oldAccount.folders : [];
  const servers = answers.servers;
  // Without servers: the identity, and whatever account the file had already (kept as it was).
  const doc: Record<string, unknown> = servers
    ? { ...old, agent, account: { ...oldAccount, imap: server('imap', servers.imap), smtp: server('smtp', servers.smtp), folders } }
    : { ...old, agent };

  let parsed;
  try {
    parsed = parseConfig(doc, configFile);
  } catch (error) {
    if (error instanceof ConfigError) {
      const flag = fieldFlags[error.field];
      const problem = error.message.slice(`${configFile}: ${error.field}: `.length);
      // A field init did not set (kept from the old file) is the old file's problem: say so as it is.
      if (flag) throw new UsageError(`${flag}: ${problem}`);
    }
    throw error;
  }
  const account = servers ? parsed.account! : null;
  // The CA files are read now, so a wrong path is reported before anything is written.
  for (const [kind, s] of account ? ([['imap', account.imap], ['smtp', account.smtp!]] as const) : []) {
    // A certificate trusted at this run is written with the config (below), not read from a file.
    if (s.ca && answers.trusted[kind] === undefined) checkCa(s.ca, kind === 'imap' ? '--imap-ca' : '--smtp-ca');
  }
  return { doc, account: account && { imap: account.imap, smtp: account.smtp! } };
}

/** Where a server certificate the owner chose to trust at init is kept: beside the config. */
function trustedCertificateFile(configFile: string, kind: ServerKind): string {
  return join(dirname(configFile), `${kind}-certificate.pem`);
}

function checkCa(path: string, flag: string): void {
  let pem = '';
  try {
    pem = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`${flag}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new UsageError(`${flag}: ${path} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
}

/** The config's aliases (addresses, or objects with their own name and signature) and `added`, each address once. */
function aliasEntries(doc: Record<string, unknown> | null, added: string[]): unknown[] {
  const agent = doc && typeof doc.agent === 'object' && doc.agent !== null ? (doc.agent as Record<string, unknown>) : {};
  const old = Array.isArray(agent.aliases) ? (agent.aliases as unknown[]) : [];
  const seen = new Set(old.map(aliasEmail));
  return [...old, ...added.filter((a) => !seen.has(a.toLowerCase()) && seen.add(a.toLowerCase()))];
}

const aliasEmail = (entry: unknown): string => String(typeof entry === 'object' && entry !== null ? (entry as { email?: unknown }).email : entry).trim().toLowerCase();
