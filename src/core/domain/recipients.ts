/**
 * Who an outgoing message goes to: To, Cc and Bcc, as the owner sees and edits them. Reply-all keeps
 * the customer's other recipients in Cc, never the shop's own addresses (the shop would mail itself)
 * and never one address twice. Pure: the caller says which addresses are the shop's.
 */
import { isEmailAddress, normaliseAddress, type Address } from './address.js';
import type { MessageMeta } from './message.js';
import { safeAddress } from './reply.js';

export type Recipients = { to: Address[]; cc: Address[]; bcc: Address[] };

/** More than this many in one message is not a personal answer: refused, with a word on why. */
export const maxRecipients = 50;

/**
 * The rest of the answered message's recipients (its To and Cc), for reply-all's Cc: without the
 * shop's addresses and without anyone already in `to`, each once, in the order they were written.
 */
export function replyAllCc(message: Pick<MessageMeta, 'to' | 'cc'>, to: Address[], isShop: (email: string) => boolean): Address[] {
  const seen = new Set(to.map((a) => normaliseAddress(a.email)));
  const cc: Address[] = [];
  for (const a of [...message.to, ...message.cc].map(safeAddress)) {
    const key = normaliseAddress(a.email);
    if (!isEmailAddress(key) || isShop(key) || seen.has(key)) continue;
    seen.add(key);
    cc.push({ name: a.name, email: key });
  }
  return cc;
}

/**
 * Recipients as they may go: each header-safe, each address once across To, Cc and Bcc (the first
 * place wins). Returns the reason when they cannot: nobody in To, or more than `maxRecipients`.
 */
export function checkRecipients(r: Recipients): { recipients: Recipients } | { problem: string } {
  const seen = new Set<string>();
  const keep = (list: Address[]) =>
    list.map(safeAddress).filter((a) => {
      const key = normaliseAddress(a.email);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  const recipients = { to: keep(r.to), cc: keep(r.cc), bcc: keep(r.bcc) };
  const bad = [...recipients.to, ...recipients.cc, ...recipients.bcc].find((a) => !isEmailAddress(a.email));
  if (bad) return { problem: `"${bad.email}" is not an email address` };
  if (recipients.to.length === 0) return { problem: 'nobody in To: the message needs a recipient' };
  if (seen.size > maxRecipients) return { problem: `${seen.size} recipients: h2h sends personal mail to at most ${maxRecipients} (use your mail program for a mailing)` };
  return { recipients };
}

/** Every address the SMTP server is asked to deliver to (Bcc too: it is in the envelope, never in the headers). */
export function envelopeRecipients(r: { to: string[]; cc?: string[]; bcc?: string[] }): string[] {
  return [...new Set([...r.to, ...(r.cc ?? []), ...(r.bcc ?? [])].map(normaliseAddress))];
}
