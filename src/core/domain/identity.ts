/**
 * The addresses the owner sends from (agent.email and the aliases, each with its display name and
 * signature), and which one a message goes from: by default the one the customer wrote to, so a
 * customer who wrote to orders@ gets the answer from orders@, signed as orders@ signs.
 */
import { normaliseAddress, type Address } from './address.js';

export type Identity = { name: string; email: string; signature: string };

/**
 * The identity the message was written to: To first, then Cc, then where the servers say it was
 * delivered (`deliveredTo`: Bcc, a forwarding alias); else the first (the owner's own address).
 */
export function identityFor(message: { to: Address[]; cc: Address[] } | null, identities: readonly Identity[], deliveredTo: readonly string[] = []): Identity {
  const find = (emails: string[], among: readonly Identity[]) => emails.map(normaliseAddress).map((e) => among.find((id) => id.email === e)).find((id) => id !== undefined);
  // Delivered-To names every hop, the owner's own mailbox last of all: an alias among them is what was written to.
  return find(message ? [...message.to, ...message.cc].map((a) => a.email) : [], identities) ?? find([...deliveredTo], identities.slice(1)) ?? identities[0];
}

/** The one after `email` in the list, round again after the last (F in the review). */
export function nextIdentity(email: string, identities: readonly Identity[]): Identity {
  const i = identities.findIndex((id) => id.email === normaliseAddress(email));
  return identities[(i + 1) % identities.length];
}

/** The text with its signature changed to the other identity's, when it still ends with the first's; else as it is. */
export function swapSignature(text: string, from: Identity, to: Identity): string {
  const old = from.signature.replace(/\r\n/g, '\n').trim();
  const body = text.replace(/\r\n/g, '\n').trimEnd();
  if (!old || !body.endsWith(old) || old === to.signature.trim()) return text;
  return `${body.slice(0, body.length - old.length)}${to.signature.replace(/\r\n/g, '\n').trim()}\n`;
}
