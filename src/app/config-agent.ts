/**
 * The config's `agent`: who answers (name, address, signature) and the shop's other addresses, each
 * an address or an object with its own display name and signature. Validation names the bad field.
 */
import { isEmailAddress, normaliseAddress } from '../core/domain/address.js';
import type { Identity } from '../core/domain/identity.js';

export type AgentIdentity = {
  /** The person who answers, as customers see it: "Riitta Virtanen". */
  name: string;
  email: string;
  /** Plain-text signature appended to replies. @default the agent's name */
  signature: string;
  /** Other addresses of the shop (info@, orders@): mail from them counts as the shop's own. */
  aliases: string[];
  /**
   * Every address the owner sends from, the main one first: an alias written as an object
   * (`{"email", "name", "signature"}`) has its own display name and signature, else the agent's.
   */
  identities: Identity[];
};

export type { Identity } from '../core/domain/identity.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function parseAgent(raw: unknown, fail: (field: string, problem: string) => never): AgentIdentity {
  if (!isObj(raw)) fail('agent', 'must be an object with name and email');
  const a = raw as Obj;
  const name = a.name;
  if (typeof name !== 'string' || name.trim() === '') fail('agent.name', 'must be your name as customers see it, e.g. "Riitta Virtanen"');
  if (typeof a.email !== 'string' || !isEmailAddress(a.email)) fail('agent.email', `${JSON.stringify(a.email)} is not an email address`);
  if (a.signature !== undefined && typeof a.signature !== 'string') fail('agent.signature', 'must be text');
  const aliases = a.aliases ?? [];
  if (!Array.isArray(aliases)) fail('agent.aliases', 'must be a list of email addresses (or {"email", "name", "signature"} objects)');
  const main: Identity = { name: (name as string).trim(), email: normaliseAddress(a.email as string), signature: (a.signature as string | undefined) ?? (name as string).trim() };
  const identities: Identity[] = [main];
  (aliases as unknown[]).forEach((alias, i) => {
    const field = `agent.aliases[${i}]`;
    if (typeof alias === 'string') {
      if (!isEmailAddress(alias)) fail(field, `${JSON.stringify(alias)} is not an email address`);
      identities.push({ ...main, email: normaliseAddress(alias) });
      return;
    }
    if (!isObj(alias)) fail(field, 'must be an email address or {"email", "name", "signature"}');
    const o = alias as Obj;
    if (typeof o.email !== 'string' || !isEmailAddress(o.email)) fail(`${field}.email`, `${JSON.stringify(o.email)} is not an email address`);
    if (o.name !== undefined && (typeof o.name !== 'string' || o.name.trim() === '')) fail(`${field}.name`, 'must be the name customers see for this address');
    if (o.signature !== undefined && typeof o.signature !== 'string') fail(`${field}.signature`, 'must be text');
    identities.push({ name: ((o.name as string | undefined) ?? main.name).trim(), email: normaliseAddress(o.email as string), signature: (o.signature as string | undefined) ?? main.signature });
  });
  const seen = new Set<string>();
  identities.forEach((id, i) => {
    if (seen.has(id.email)) fail(i === 0 ? 'agent.email' : `agent.aliases[${i - 1}]`, `${id.email} is listed twice`);
    seen.add(id.email);
  });
  return { ...main, aliases: identities.slice(1).map((id) => id.email), identities };
}
