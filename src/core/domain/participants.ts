/**
 * Who the customer of a message is. Pure: the caller says which addresses are the shop's and which
 * kind of folder the message came from.
 *
 * Contact forms and marketplaces send as a robot (`Website contact form <noreply@…>`, often on the
 * shop's own domain) and put the person in Reply-To. Mail without a usable sender must not share
 * one customer: two strangers would then meet in one conversation through the subject rule.
 */
import { isEmailAddress, normaliseAddress, type Address } from './address.js';
import type { Direction } from './message.js';

/** The placeholder customers of mail without a usable sender all end in this (RFC 2606: never a real domain). */
const placeholderDomain = '@invalid';

/** A customer for one message with no usable sender: unique per message, so it never joins another person's conversation. */
export function placeholderCustomer(messageHash: string): string {
  return `unknown-${messageHash.slice(0, 16)}${placeholderDomain}`;
}

export function isPlaceholderCustomer(email: string): boolean {
  return email.startsWith('unknown') && email.endsWith(placeholderDomain);
}

/**
 * Local parts that robots send from: nobody reads mail sent there, so they are not the customer.
 * Matched on the whole local part, with an optional `+tag` or `-suffix` after a no-reply word.
 */
const robotLocalParts = [
  /^(no|do[-_.]?not)[-_.]?reply([-_.+].*)?$/,
  /^(mailer[-_.]?daemon|postmaster)([-_.+].*)?$/,
  /^(web[-_.]?)?forms?([-_.+].*)?$/,
  /^(contact|kontakt)[-_.]?forms?([-_.+].*)?$/,
  /^(form[-_.]?mail(er)?|formsubmission|form[-_.]?submissions?|wordpress|wix[-_.]?forms|jotform|typeform|notifications?)([-_.+].*)?$/,
];

export function isRobotAddress(email: string): boolean {
  const at = email.lastIndexOf('@');
  const local = (at > 0 ? email.slice(0, at) : email).toLowerCase();
  return robotLocalParts.some((re) => re.test(local));
}

export type FolderKind = 'inbox' | 'sent' | 'other';

export type Participants = { direction: Direction; customer: string; customerName: string };

const usable = (a: Address | null | undefined): a is Address => !!a && isEmailAddress(a.email);

/**
 * Which way a message went and who the customer is:
 * - the shop's own mail (From is the shop, and it has a recipient outside the shop) is outbound, with
 *   the first recipient who is not the shop; the shop writing only to itself is its own customer in Sent;
 * - otherwise the sender, unless the sender is a robot or the shop itself (a form on the shop's
 *   domain): then the one person Reply-To names;
 * - with no such person, a placeholder customer of this message alone.
 */
export function classifyParticipants(
  m: { from: Address | null; to: Address[]; cc: Address[]; replyTo: Address[]; hash: string },
  shop: Set<string>,
  folder: FolderKind = 'other',
): Participants {
  const from = usable(m.from) ? { ...m.from, email: normaliseAddress(m.from.email) } : null;
  const isShop = (a: Address) => shop.has(normaliseAddress(a.email));
  if (from && isShop(from)) {
    const other = [...m.to, ...m.cc].find((a) => usable(a) && !isShop(a));
    if (other) return { direction: 'out', customer: normaliseAddress(other.email), customerName: other.name };
    // The shop writing to itself stays with the shop in Sent. Anywhere else it is a form on the shop's
    // domain: its person is in Reply-To, or only in the body (then a placeholder, never one "customer").
    if (folder === 'sent') return { direction: 'out', customer: from.email, customerName: from.name };
  }
  if (from && !isShop(from) && !isRobotAddress(from.email)) return { direction: 'in', customer: from.email, customerName: from.name };
  const person = replyToPerson(m.replyTo, isShop);
  if (person) return { direction: 'in', customer: person.email, customerName: person.name };
  return { direction: 'in', customer: placeholderCustomer(m.hash), customerName: '' };
}

/** The one person Reply-To names; none when it names nobody usable, a robot, the shop, or several people. */
function replyToPerson(replyTo: Address[], isShop: (a: Address) => boolean): Address | undefined {
  const people = new Map<string, Address>();
  for (const a of replyTo) if (usable(a)) people.set(normaliseAddress(a.email), { name: a.name, email: normaliseAddress(a.email) });
  if (people.size !== 1) return undefined;
  const [person] = people.values();
  return isShop(person) || isRobotAddress(person.email) ? undefined : person;
}
