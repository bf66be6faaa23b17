/**
 * The user's config file: who the agent is, and later the mail account. Validation names the bad field,
 * so a typo is fixed in one look. Unknown keys are kept (a newer h2h may have written them) but not used.
 */
import { readFile, stat } from 'node:fs/promises';
import { ConfigError, H2hError } from '../core/errors.js';
import { dict } from '../core/domain/dict.js';
import type { KeyOverrides } from '../tui/keys/keymap-config.js';
import { parseAgent, type AgentIdentity } from './config-agent.js';
import { parseRules } from './config-rules.js';
import { parseGreetings } from './config-greetings.js';
import { defaultWorkingHours, parseWorkingHoursConfig, type WorkingHours } from './config-working-hours.js';
import type { GreetingSettings } from '../core/services/greeting-service.js';
import type { Rule } from '../core/domain/rules.js';

export type { AgentIdentity, Identity } from './config-agent.js';

export type ThreadingConfig = {
  /** A message without threading headers joins an earlier conversation of the same customer with the same subject within this many days. @default 30 */
  subjectWindowDays: number;
};

export type HistoryConfig = {
  /** A new conversation whose newest message is older than this many days is stored closed (history, not work); 0: open. @default 30 */
  closeOlderThanDays: number;
};

export type TlsMode = 'tls' | 'starttls' | 'none';
export const tlsModes: readonly TlsMode[] = ['tls', 'starttls', 'none'];

/** One server (IMAP or SMTP). Secrets: see app/secrets.ts for the order they are looked up in. */
export type ServerConfig = {
  host: string;
  port: number;
  user: string;
  /** `tls`: implicit TLS (993/465). `starttls`: STARTTLS required, never clear text. `none`: only when asked for. */
  tls: TlsMode;
  /** A PEM file with the CA (or the server's own certificate) to trust, for self-signed servers. */
  ca?: string;
  /** Accept any certificate. Explicit opt-in only; says so on every connection. */
  allowSelfSigned: boolean;
  /** A command printing the password (`pass show shop/imap`). */
  passwordCommand?: string;
  /** A command printing an OAuth2 access token, for XOAUTH2 (Gmail, Microsoft 365). */
  accessTokenCommand?: string;
  /** The password in the config file itself: allowed, with a warning. */
  password?: string;
  /** IMAP only: the longest one command (or the login) may take before the connection is given up. @default 60 */
  commandTimeoutSeconds?: number;
};

export type AccountConfig = {
  imap: ServerConfig;
  smtp: ServerConfig | null;
  /** Folders synced besides INBOX and the Sent folder. */
  folders: string[];
  /** The Sent folder's name when the server does not mark one with SPECIAL-USE \Sent. */
  sentFolder?: string;
  /** Append a copy of each sent reply to Sent. Off for servers that file sent mail themselves (Gmail). @default true */
  saveSentCopy: boolean;
  /** How long a reply waits in the outbox before it goes, to be taken back (seconds). @default 10 */
  undoSendSeconds: number;
  /** The most a reply's attachments may weigh together, in MB (many servers refuse mail over 20-25 MB). @default 20 */
  maxAttachmentMb: number;
  /** How a forward carries the customer's message: below the owner's text with its attachments (`inline`), or whole as an attached message (`attachment`). @default 'inline' */
  forwardAs: 'inline' | 'attachment';
  /**
   * `--watch` asks the server (NOOP) after this many seconds without news, so new mail arrives
   * this fast on servers whose IDLE only polls (Cyrus without idled, Courier) or that have none. @default 5
   */
  pollSeconds: number;
};

export type Config = {
  agent: AgentIdentity | null;
  account: AccountConfig | null;
  threading: ThreadingConfig;
  history: HistoryConfig;
  /** Saved searches by name (`h2h list @refunds`). */
  searches: Record<string, string>;
  /** The owner's rules, in order (config-rules.ts): applied to new mail at import and sync. */
  rules: Rule[];
  /** The owner's TUI key bindings: context → action → keys (tui/keys/keymap-config.ts). */
  keys: KeyOverrides;
  /** `hyperlinks`: links in mail as OSC 8 hyperlinks (clickable whole, however they wrap); off by default, as not every terminal knows them. */
  tui: { hyperlinks: boolean };
  /** Greetings and sign-offs: the register and texts per language over the defaults (config-greetings.ts). */
  greetings: GreetingSettings;
  /** The owner's working hours, for `h2h stats` ("answered within a working day"); config-working-hours.ts. */
  workingHours: WorkingHours;
  /** True when a config file exists (as opposed to defaults). */
  isConfigured: boolean;
  /** True when an IMAP account is configured; `h2h` without one opens the demo. */
  hasAccount: boolean;
};

export const defaultConfig: Config = {
  agent: null,
  account: null,
  threading: { subjectWindowDays: 30 },
  history: { closeOlderThanDays: 30 },
  searches: {},
  rules: [],
  keys: {},
  tui: { hyperlinks: false },
  greetings: {},
  workingHours: defaultWorkingHours,
  isConfigured: false,
  hasAccount: false,
};

export async function loadConfig(file: string): Promise<Config> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return defaultConfig;
    throw new H2hError('CONFIG_UNREADABLE', `${file}: cannot read (${(error as Error).message})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(file, '(file)', `not valid JSON: ${(error as Error).message}`);
  }
  let config: Config;
  try {
    config = parseConfig(raw, file);
  } catch (error) {
    // Name the line too: a field path alone is hard to find in a long file.
    if (error instanceof ConfigError && error.line === undefined) throw new ConfigError(file, error.field, error.problem, lineOfField(text, error.field));
    throw error;
  }
  await warnIfOthersCanRead(file);
  return config;
}

let warned = false;
async function warnIfOthersCanRead(file: string): Promise<void> {
  const info = await stat(file);
  if ((info.mode & 0o077) !== 0 && !warned) {
    warned = true;
    process.stderr.write(`h2h: warning: ${file} is readable by other users; run: chmod 600 '${file}'\n`);
  }
}

/** A config error about a field, naming the line it is on in the file. */
export async function configFieldError(file: string, field: string, problem: string): Promise<ConfigError> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return new ConfigError(file, field, problem, lineOfField(text, field));
}

/**
 * The line of a field in the config's text: each part of its dotted path ("keys.inbox.list.next":
 * a known section, then keys that may hold dots) looked for as a JSON key after the one before.
 */
export function lineOfField(text: string, field: string): number | undefined {
  const [section, ...rest] = field.split('.');
  const parts = section === 'keys' && rest.length > 1 ? [section, rest[0], rest.slice(1).join('.')] : field.split('.');
  let at = 0;
  // After "rules[2]", the next part is looked for as its third occurrence: the field of the third rule.
  let skip = 0;
  for (const part of parts) {
    const indexed = part.match(/^(.*)\[(\d+)\]$/);
    const name = indexed ? indexed[1] : part;
    let found = text.indexOf(JSON.stringify(name), at);
    // A field only some entries have: its last occurrence up to there.
    for (let i = 0, next = found; i < skip && next >= 0; i++) if ((next = text.indexOf(JSON.stringify(name), next + 1)) >= 0) found = next;
    if (found < 0) break;
    at = found;
    skip = indexed ? Number(indexed[2]) : 0;
  }
  return at > 0 ? text.slice(0, at).split('\n').length : undefined;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Validates a parsed config document. Exported for tests. */
export function parseConfig(raw: unknown, file = 'config.json'): Config {
  const fail = (field: string, problem: string): never => {
    throw new ConfigError(file, field, problem);
  };
  if (!isObj(raw)) fail('(file)', 'must be a JSON object');
  const doc = raw as Obj;

  const agent = doc.agent === undefined ? null : parseAgent(doc.agent, fail);

  /** A section's number of days, or its default: `section.key` must be a number from 0. */
  const days = (section: 'threading' | 'history', key: string, fallback: number, zeroMeans: string): number => {
    const value = doc[section];
    if (value === undefined) return fallback;
    if (!isObj(value)) fail(section, `must be an object, e.g. {"${key}": ${fallback}}`);
    const n = (value as Obj)[key];
    if (n === undefined) return fallback;
    if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) fail(`${section}.${key}`, `must be a number of days (0 ${zeroMeans})`);
    return n as number;
  };
  const threading = { subjectWindowDays: days('threading', 'subjectWindowDays', defaultConfig.threading.subjectWindowDays, 'turns subject matching off') };

  const searches: Record<string, string> = dict();
  if (doc.searches !== undefined) {
    if (!isObj(doc.searches)) fail('searches', 'must map names to queries, e.g. {"refunds": "tag:refund status:open"}');
    for (const [key, value] of Object.entries(doc.searches as Obj)) {
      if (!/^[\w-]+$/.test(key)) fail(`searches.${key}`, 'names may hold letters, digits, - and _');
      if (typeof value !== 'string') fail(`searches.${key}`, 'must be a query string');
      searches[key] = value as string;
    }
  }

  const rules = parseRules(doc.rules, searches, fail);
  const greetings = parseGreetings(doc.greetings, fail);
  const keys = parseKeys(doc.keys, fail);
  if (doc.tui !== undefined && !isObj(doc.tui)) fail('tui', 'must be an object, e.g. {"hyperlinks": true}');
  const hyperlinks = (doc.tui as Obj | undefined)?.hyperlinks;
  if (hyperlinks !== undefined && typeof hyperlinks !== 'boolean') fail('tui.hyperlinks', 'must be true or false');
  const tui = { hyperlinks: hyperlinks === true };
  const history = { closeOlderThanDays: days('history', 'closeOlderThanDays', defaultConfig.history.closeOlderThanDays, 'keeps every new conversation open') };

  let account: AccountConfig | null = null;
  if (doc.account !== undefined) {
    if (!isObj(doc.account)) fail('account', 'must be an object with imap and smtp servers');
    const a = doc.account as Obj;
    if (!isObj(a.imap)) fail('account.imap', 'must be an object with host, port, user and tls');
    const folders = a.folders ?? [];
    if (!Array.isArray(folders) || folders.some((f) => typeof f !== 'string' || f === '')) fail('account.folders', 'must be a list of folder names');
    if (a.sentFolder !== undefined && (typeof a.sentFolder !== 'string' || a.sentFolder === '')) fail('account.sentFolder', 'must be a folder name');
    if (a.saveSentCopy !== undefined && typeof a.saveSentCopy !== 'boolean') fail('account.saveSentCopy', 'must be true or false (false when the server files sent mail itself, as Gmail does)');
    if (a.undoSendSeconds !== undefined && (typeof a.undoSendSeconds !== 'number' || !(a.undoSendSeconds >= 0) || a.undoSendSeconds > 600)) fail('account.undoSendSeconds', 'must be a number of seconds from 0 to 600');
    if (a.maxAttachmentMb !== undefined && (typeof a.maxAttachmentMb !== 'number' || !(a.maxAttachmentMb > 0) || a.maxAttachmentMb > 1024)) fail('account.maxAttachmentMb', 'must be a number of megabytes from 0 to 1024');
    if (a.forwardAs !== undefined && a.forwardAs !== 'inline' && a.forwardAs !== 'attachment') fail('account.forwardAs', 'must be "inline" or "attachment"');
    if (a.pollSeconds !== undefined && (typeof a.pollSeconds !== 'number' || !(a.pollSeconds >= 1) || a.pollSeconds > 3600)) fail('account.pollSeconds', 'must be a number of seconds from 1 to 3600');
    account = {
      imap: parseServer(a.imap as Obj, 'account.imap', { tls: 993, starttls: 143, none: 143 }, fail),
      smtp: a.smtp === undefined ? null : isObj(a.smtp) ? parseServer(a.smtp, 'account.smtp', { tls: 465, starttls: 587, none: 25 }, fail) : fail('account.smtp', 'must be an object with host, port, user and tls'),
      folders: folders as string[],
      ...(a.sentFolder !== undefined ? { sentFolder: a.sentFolder as string } : {}),
      saveSentCopy: (a.saveSentCopy as boolean | undefined) ?? true,
      undoSendSeconds: (a.undoSendSeconds as number | undefined) ?? 10,
      maxAttachmentMb: (a.maxAttachmentMb as number | undefined) ?? 20,
      forwardAs: (a.forwardAs as 'inline' | 'attachment' | undefined) ?? 'inline',
      pollSeconds: (a.pollSeconds as number | undefined) ?? 5,
    };
  }
  return { agent, account, threading, history, searches, rules, keys, tui, greetings, workingHours: parseWorkingHoursConfig(doc.workingHours, fail), isConfigured: true, hasAccount: account !== null };
}

/**
 * `keys`: `{ "<context>": { "<action>": "<key>" | ["<key>", …] } }`, its shape checked here; what
 * it binds is checked where keys are used (app/keymap-of-config.ts: the TUI, `h2h keys`), so a
 * script's `h2h tag` neither loads the keymap nor stops for a binding.
 */
function parseKeys(raw: unknown, fail: (field: string, problem: string) => never): KeyOverrides {
  if (raw === undefined) return {};
  if (!isObj(raw)) fail('keys', 'must map contexts to bindings, e.g. {"inbox": {"list.next": ["j", "n"]}}');
  const keys: KeyOverrides = dict();
  for (const [context, entries] of Object.entries(raw as Obj)) {
    if (!isObj(entries)) fail(`keys.${context}`, 'must map actions to a key or a list of keys, e.g. {"triage.close": "C"}');
    keys[context] = dict();
    for (const [action, value] of Object.entries(entries as Obj)) {
      const list = typeof value === 'string' ? [value] : value;
      if (!Array.isArray(list) || list.some((k) => typeof k !== 'string')) fail(`keys.${context}.${action}`, 'must be a key or a list of keys ([] unbinds it)');
      keys[context][action] = list as string[];
    }
  }
  return keys;
}

/** The standard port for each TLS mode (IMAP 993/143, SMTP 465/587/25). */
export type DefaultPorts = Record<TlsMode, number>;

function parseServer(s: Obj, at: string, defaultPorts: DefaultPorts, fail: (field: string, problem: string) => never): ServerConfig {
  if (typeof s.host !== 'string' || !/^[A-Za-z0-9.:[\]_-]+$/.test(s.host)) fail(`${at}.host`, `${JSON.stringify(s.host)} is not a host name`);
  const tls = s.tls ?? 'tls';
  if (typeof tls !== 'string' || !tlsModes.includes(tls as TlsMode)) fail(`${at}.tls`, 'must be "tls" (implicit TLS), "starttls" (STARTTLS required) or "none" (clear text)');
  const port = s.port ?? defaultPorts[tls as TlsMode];
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) fail(`${at}.port`, 'must be a port number (1-65535)');
  if (typeof s.user !== 'string' || s.user === '') fail(`${at}.user`, 'must be the login name');
  for (const key of ['ca', 'passwordCommand', 'accessTokenCommand', 'password'] as const) {
    if (s[key] !== undefined && (typeof s[key] !== 'string' || s[key] === '')) fail(`${at}.${key}`, 'must be text');
  }
  if (s.allowSelfSigned !== undefined && typeof s.allowSelfSigned !== 'boolean') fail(`${at}.allowSelfSigned`, 'must be true or false');
  const server: ServerConfig = { host: s.host as string, port: port as number, user: s.user as string, tls: tls as TlsMode, allowSelfSigned: s.allowSelfSigned === true };
  for (const key of ['ca', 'passwordCommand', 'accessTokenCommand', 'password'] as const) if (s[key] !== undefined) server[key] = s[key] as string;
  if (s.commandTimeoutSeconds !== undefined) {
    const t = s.commandTimeoutSeconds;
    if (at !== 'account.imap' || typeof t !== 'number' || !(t >= 0.1 && t <= 3600)) fail(`${at}.commandTimeoutSeconds`, at === 'account.imap' ? 'must be a number of seconds from 0.1 to 3600' : 'is an IMAP setting (account.imap.commandTimeoutSeconds)');
    server.commandTimeoutSeconds = t as number;
  }
  return server;
}

/** The addresses that belong to the shop: mail from them is the shop's own. */
export function shopAddresses(config: Config): Set<string> {
  if (!config.agent) return new Set();
  return new Set([config.agent.email, ...config.agent.aliases]);
}
