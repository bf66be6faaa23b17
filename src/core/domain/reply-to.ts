/**
 * Reply-To, the header that sends a reply somewhere else than the sender: the one rule for when it
 * must be shown, when sending there needs the owner's yes, and how many addresses it may name. A
 * spoofed mail from a customer's address with Reply-To on the attacker's domain gets its answer
 * (and the customer's data) to the attacker; one mail's Reply-To listed 31 recipients. Pure.
 */
import type { Address } from './address.js';

/** More Reply-To addresses than this is not a person asking for an answer: the reply is refused. */
export const maxReplyTo = 5;

export type ReplyToMessage = { from: Address | null; replyTo: Address[]; customer: string };

export type ReplyToCheck = {
  /** Reply-To names someone the sender is not: show it. */
  differs: boolean;
  /** Reply-To addresses on another domain than the sender's (the customer excepted): sending there needs a yes. */
  otherDomain: Address[];
  /** Reply-To names more than `maxReplyTo` addresses. */
  tooMany: boolean;
};

const lower = (s: string) => s.trim().toLowerCase();
export const domainOf = (email: string) => lower(email.slice(email.lastIndexOf('@') + 1));

export function checkReplyTo(m: ReplyToMessage): ReplyToCheck {
  const from = m.from ? lower(m.from.email) : '';
  const differs = m.replyTo.some((a) => lower(a.email) !== from);
  // The customer (a contact form's Reply-To person, whom h2h files the conversation under) is who the owner answers anyway.
  const otherDomain = m.replyTo.filter((a) => lower(a.email) !== lower(m.customer) && (!from || domainOf(a.email) !== domainOf(from)));
  return { differs, otherDomain, tooMany: m.replyTo.length > maxReplyTo };
}

/** The one line that explains why a reply needs the owner's yes, with the addresses as given (the caller makes them safe). */
export function replyToQuestion(otherDomain: string[], from: string | null): string {
  const who = otherDomain.join(', ');
  return `the reply would go to ${who} (the message's Reply-To), not on the sender's domain${from ? ` (${from})` : ''}`;
}
