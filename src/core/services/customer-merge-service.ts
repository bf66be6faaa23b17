/**
 * A person with several addresses (issue 19, `h2h customers merge` / `split`): the owner says two
 * addresses are one person, or takes it back. Each is one transaction, checked inside it, so bad
 * input changes nothing. What a merge means for reads (history, notes, the waiting clock, `customer:`)
 * is the store's (ports/store/customer-merge-store.ts); nothing moves, so a split is exact.
 */
import { isEmailAddress, normaliseAddress } from '../domain/address.js';
import { UsageError } from '../errors.js';
import type { MailStore, StoreTx } from '../ports/mail-store.js';

/** A person after a merge or a split: every address of theirs (their own first), their conversations and notes. */
export type MergeResult = { person: string; addresses: string[]; conversations: number; notes: number };

export class CustomerMergeService {
  constructor(private readonly store: MailStore) {}

  /** `addressInput` becomes another address of the person `personInput` is (a merged address stands for its person). */
  async merge(personInput: string, addressInput: string): Promise<MergeResult> {
    const target = addressOf(personInput);
    const address = addressOf(addressInput);
    if (target === address) throw new UsageError(`${address} twice: name the person's address, then the other address of theirs`);
    return this.store.transact((tx) => {
      for (const a of [target, address]) if (!tx.isCustomer(a)) throw new UsageError(`no customer ${a}`);
      const person = tx.personOf(target);
      const current = tx.personOf(address);
      if (person === address) throw new UsageError(`${target} is already an address of ${address}`);
      if (current === person) throw new UsageError(`${address} is already an address of ${person}`);
      if (current !== address) throw new UsageError(`${address} is an address of ${current}: split it from them first`);
      // Addresses merged into `address` before go with it: a person is never itself merged (one hop).
      tx.mergeCustomer(address, person);
      return resultOf(tx, person);
    });
  }

  /** `addressInput` is a person of its own again: its conversations and the notes written about it before the merge. */
  async split(addressInput: string): Promise<MergeResult> {
    const address = addressOf(addressInput);
    return this.store.transact((tx) => {
      if (tx.personOf(address) === address) {
        const others = tx.addressesOf(address);
        throw new UsageError(others.length ? `${address} is the person ${others.join(', ')} ${others.length > 1 ? 'are' : 'is'} merged into: split those` : `${address} is not merged into anyone`);
      }
      tx.splitCustomer(address);
      return resultOf(tx, address);
    });
  }

  /** The person an address belongs to, and their other addresses. */
  addressesOf(email: string): { person: string; addresses: string[] } {
    const person = this.store.personOf(normaliseAddress(email));
    return { person, addresses: [person, ...this.store.addressesOf(person)] };
  }
}

function addressOf(input: string): string {
  const address = normaliseAddress(input);
  if (!isEmailAddress(address)) throw new UsageError(`not an email address: ${JSON.stringify(input)}`);
  return address;
}

function resultOf(tx: StoreTx, person: string): MergeResult {
  return { person, addresses: [person, ...tx.addressesOf(person)], conversations: tx.conversationsOfCustomer(person).length, notes: tx.customer(person)?.notes.length ?? 0 };
}
