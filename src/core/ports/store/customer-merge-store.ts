/**
 * A person with several addresses (issue 19, `h2h customers merge`): an address merged into another
 * customer, the person. Owned by CustomerMergeService; the conversation reads (a customer's
 * conversations and notes, the customer list, `customer:`) see a person whole through it.
 *
 * Nothing moves on a merge: conversations and notes keep the address they were written with, and
 * the store joins them to the person when read. So a split is exact by construction: the address
 * gets back what was its own, and notes written to the person after the merge stay with the person.
 */
export type CustomerMergeReads = {
  /** The person an address belongs to: the customer it was merged into, else itself. */
  personOf(address: string): string;
  /** The addresses merged into this person (their own address not included), in the order merged. */
  addressesOf(person: string): string[];
  /** Whether the store knows the address as a customer: a conversation of theirs, or a customer row (a name, notes, a setting). */
  isCustomer(address: string): boolean;
  /** What is this address's own, merged or not: its conversations and the notes written about it. */
  ownCounts(address: string): { conversations: number; notes: number };
};

export type CustomerMergeWrites = {
  /**
   * `address`, and any addresses merged into it before, become addresses of `person` (never itself
   * merged: one hop, always). Shared with the owner's other machines.
   */
  mergeCustomer(address: string, person: string): void;
  /** `address` is a person of its own again. Shared with the owner's other machines. */
  splitCustomer(address: string): void;
};
