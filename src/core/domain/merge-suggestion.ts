/**
 * Whether a conversation suggests that two addresses are one person (issue 19): someone other than
 * its customer wrote in it, answering the conversation's own mail (In-Reply-To or References name a
 * message of it), as a person (not a machine, not a third party the shop forwarded to). Pure: the
 * caller decides the rest from the store (the address is new, it is not that person's already), and
 * nothing is merged by itself: the owner is told the command that would.
 */
import type { MessageMeta } from './message.js';
import { isPlaceholderCustomer } from './participants.js';

type Written = Pick<MessageMeta, 'seq' | 'messageId' | 'direction' | 'customer' | 'references' | 'inReplyTo' | 'automated'>;

/** The addresses that wrote into this conversation of `customer`'s as replies to it, in the order they first did. */
export function replyingAddresses(messages: readonly Written[], customer: string, thirdParty: ReadonlySet<number>): string[] {
  const ids = new Set(messages.map((m) => m.messageId));
  const out: string[] = [];
  for (const m of messages) {
    if (m.direction !== 'in' || m.customer === customer || m.automated || thirdParty.has(m.seq) || isPlaceholderCustomer(m.customer)) continue;
    if ([...m.inReplyTo, ...m.references].some((id) => id !== m.messageId && ids.has(id)) && !out.includes(m.customer)) out.push(m.customer);
  }
  return out;
}

/** The import report's words on one (a front end with a merge command names it instead: see the CLI's mergeSuggestionLine). */
export function mergeSuggestionText(s: { address: string; person: string }): string {
  return `${s.address} wrote in this conversation: if they are ${s.person}, merging the two addresses makes them one person (nothing is merged by itself)`;
}
