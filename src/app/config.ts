/**
 * The user's config file: who the agent is, and later the mail account. Validation names the bad field,
 * so a typo is fixed in one look. Unknown keys are kept (a newer h2h may have written them) but not used.
 */
import { readFile, stat } from 'node:fs/promises';
import { ConfigError, H2hError } from '../core/errors.js';
import { isEmailAddress, normaliseAddress } from '../core/domain/address.js';

export type AgentIdentity = {
  /** The person who answers, as customers see it: "Riitta Virtanen". */
  name: string;
  email: string;
  /** Plain-text signature appended to replies. @default the agent's name */
  signature: string;
  /** Other addresses of the shop (info@, orders@): mail from them counts as the shop's own. */
  aliases: string[];
};

export type ThreadingConfig = {
  /** A message without threading headers joins an earlier conversation of the same customer with the same subject within this many days. @default 30 */
  subjectWindowDays: number;
};

export type Config = {
  agent: AgentIdentity | null;
  threading: ThreadingConfig;
  /** Saved searches by name (`h2h list @refunds`). */
  searches: Record<string, string>;
  /** True when a config file exists (as opposed to defaults). */
  isConfigured: boolean;
  /** True when an IMAP account is configured; `h2h` without one opens the demo. */
  hasAccount: boolean;
};

export const defaultConfig: Config = {
  agent: null,
  threading: { subjectWindowDays: 30 },
  searches: {},
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
  const config = parseConfig(raw, file);
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

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Validates a parsed config document. Exported for tests. */
export function parseConfig(raw: unknown, file = 'config.json'): Config {
  const fail = (field: string, problem: string): never => {
    throw new ConfigError(file, field, problem);
  };
  if (!isObj(raw)) fail('(file)', 'must be a JSON object');
  const doc = raw as Obj;

  let agent: AgentIdentity | null = null;
  if (doc.agent !== undefined) {
    if (!isObj(doc.agent)) fail('agent', 'must be an object with name and email');
    const a = doc.agent as Obj;
    const name = a.name;
    if (typeof name !== 'string' || name.trim() === '') fail('agent.name', 'must be your name as customers see it, e.g. "Riitta Virtanen"');
    if (typeof a.email !== 'string' || !isEmailAddress(a.email)) fail('agent.email', `${JSON.stringify(a.email)} is not an email address`);
    if (a.signature !== undefined && typeof a.signature !== 'string') fail('agent.signature', 'must be text');
    const aliases = a.aliases ?? [];
    if (!Array.isArray(aliases)) fail('agent.aliases', 'must be a list of email addresses');
    (aliases as unknown[]).forEach((alias, i) => {
      if (typeof alias !== 'string' || !isEmailAddress(alias)) fail(`agent.aliases[${i}]`, `${JSON.stringify(alias)} is not an email address`);
    });
    agent = {
      name: (name as string).trim(),
      email: normaliseAddress(a.email as string),
      signature: (a.signature as string | undefined) ?? (name as string).trim(),
      aliases: (aliases as string[]).map(normaliseAddress),
    };
  }

  const threading = { ...defaultConfig.threading };
  if (doc.threading !== undefined) {
    if (!isObj(doc.threading)) fail('threading', 'must be an object');
    const days = (doc.threading as Obj).subjectWindowDays;
    if (days !== undefined) {
      if (typeof days !== 'number' || !Number.isFinite(days) || days < 0) fail('threading.subjectWindowDays', 'must be a number of days (0 turns subject matching off)');
      threading.subjectWindowDays = days as number;
    }
  }

  const searches: Record<string, string> = {};
  if (doc.searches !== undefined) {
    if (!isObj(doc.searches)) fail('searches', 'must map names to queries, e.g. {"refunds": "tag:refund status:open"}');
    for (const [key, value] of Object.entries(doc.searches as Obj)) {
      if (!/^[\w-]+$/.test(key)) fail(`searches.${key}`, 'names may hold letters, digits, - and _');
      if (typeof value !== 'string') fail(`searches.${key}`, 'must be a query string');
      searches[key] = value as string;
    }
  }

  if (doc.account !== undefined && !isObj(doc.account)) fail('account', 'must be an object');
  return { agent, threading, searches, isConfigured: true, hasAccount: doc.account !== undefined };
}

/** The addresses that belong to the shop: mail from them is the shop's own. */
export function shopAddresses(config: Config): Set<string> {
  if (!config.agent) return new Set();
  return new Set([config.agent.email, ...config.agent.aliases]);
}
