import type { Address } from './address.js';
import type { Direction } from './message.js';

/** Unknown sender: mail with no usable From still needs a customer to belong to. */
export const unknownCustomer = 'unknown@invalid';

/**
 * Which way a message went and who the customer is: the sender of inbound mail; for the shop's own
 * mail, the first recipient who is not the shop (the shop writing to itself stays with the shop).
 */
export function classifyParticipants(from: Address | null, to: Address[], cc: Address[], shop: Set<string>): { direction: Direction; customer: string } {
  if (from && shop.has(from.email)) {
    const other = [...to, ...cc].find((a) => !shop.has(a.email));
    return { direction: 'out', customer: other?.email ?? from.email };
  }
  return { direction: 'in', customer: from?.email || unknownCustomer };
}
