/**
 * Third parties in a customer's conversation: the courier or supplier the shop forwarded the
 * customer's mail to, and their answers. The shop's mail to them is not an answer to the customer
 * (the customer's waiting clock goes on), and their answer, joining by References, is news for the
 * owner but not the customer writing (the clock keeps the customer's time; r still answers the
 * customer). Pure, from the messages alone, so it holds for forwards made in any mail program.
 *
 * - The shop's mail to others, none of them the customer, is to a third party.
 * - Mail from someone only such mail went to is from a third party (a husband the shop kept in Cc
 *   of a reply to the customer is not one: that reply went to the customer too).
 */
import type { MessageMeta } from './message.js';

type Party = Pick<MessageMeta, 'seq' | 'direction' | 'customer' | 'from' | 'to' | 'cc'>;

export function thirdPartySeqs(messages: readonly Party[], customer: string): Set<number> {
  const out = new Set<number>();
  const thirdParties = new Set<string>();
  const customerSide = new Set<string>([customer]);
  for (const m of messages) {
    if (m.direction !== 'out') continue;
    const recipients = [...m.to, ...m.cc].map((a) => a.email.toLowerCase());
    // Without recipients (Bcc only, "undisclosed recipients") it is not known to be to someone else.
    if (recipients.length === 0 || recipients.includes(customer) || m.customer === customer) for (const r of recipients) customerSide.add(r);
    else {
      out.add(m.seq);
      for (const r of recipients) thirdParties.add(r);
    }
  }
  for (const m of messages) if (m.direction === 'in' && thirdParties.has(m.customer) && !customerSide.has(m.customer)) out.add(m.seq);
  return out;
}
