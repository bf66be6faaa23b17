/**
 * A person with several addresses in the SQLite store (ports/store/customer-merge-store.ts): one row
 * per merged address in customer_addresses; conversations and notes never move, so a split is exact.
 */
import type { CustomerMergeReads, CustomerMergeWrites } from '../../../../core/ports/mail-store.js';
import { emptyShared } from '../../../../core/domain/shared-state/shared-state.js';
import { customerAddresses } from '../customer-addresses.js';
import type { StoreContext, StorePart } from './store-context.js';
import type { SharedJournal } from './shared-part.js';

export function customerMergePart(ctx: StoreContext, journal: SharedJournal): StorePart<CustomerMergeReads, CustomerMergeWrites> {
  const { db } = ctx.index;
  const addresses = customerAddresses(db);
  const known = db.prepare('SELECT 1 FROM customers WHERE email = @a UNION ALL SELECT 1 FROM conversations WHERE customer = @a LIMIT 1').pluck();
  const conversations = db.prepare('SELECT count(*) FROM conversations WHERE customer = ?').pluck();
  const notes = db.prepare('SELECT count(*) FROM notes WHERE customer = ?').pluck();
  // The owner's word on who is who travels to the other machines, one entry per address whose person changed.
  const share = (changed: string[], person: string | null) => {
    const at = journal.now();
    journal.record({ ...emptyShared(), customers: Object.fromEntries(changed.map((a) => [a, { sameAs: { v: person, at } }])) });
  };
  return {
    reads: {
      personOf: (address) => addresses.personOf(address),
      addressesOf: (person) => addresses.addressesOf(person),
      isCustomer: (address) => known.get({ a: address }) !== undefined,
      ownCounts: (address) => ({ conversations: conversations.get(address) as number, notes: notes.get(address) as number }),
    },
    writes: {
      mergeCustomer(address, person) {
        ctx.rev();
        if (addresses.personOf(person) !== person) throw new Error(`merge into ${person}, which is itself merged into another`);
        // merged_at only orders a person's addresses: the machine's clock is enough.
        share(addresses.merge(address, person, Date.now()), person);
      },
      splitCustomer(address) {
        ctx.rev();
        if (addresses.split(address)) share([address], null);
      },
    },
  };
}
