/**
 * A person's addresses (schema 10, `customer_addresses`): an address merged into another customer,
 * the person. Always one hop: a person is never itself merged, so every read joins once.
 */
import type Database from 'better-sqlite3';

/** Every address of a person, their own first: one named parameter (`@e`, say) wherever a statement needs the set. */
export const personAddressesSql = (p: string) => `(SELECT ${p} UNION ALL SELECT address FROM customer_addresses WHERE person = ${p})`;

export function customerAddresses(db: Database.Database) {
  const personOf = db.prepare('SELECT person FROM customer_addresses WHERE address = ?').pluck();
  const addressesOf = db.prepare('SELECT address FROM customer_addresses WHERE person = ? ORDER BY merged_at, address').pluck();
  const put = db.prepare(
    'INSERT INTO customer_addresses(address, person, merged_at) VALUES (?, ?, ?) ON CONFLICT(address) DO UPDATE SET person = excluded.person, merged_at = excluded.merged_at',
  );
  const repoint = db.prepare('UPDATE customer_addresses SET person = ? WHERE person = ?');
  const remove = db.prepare('DELETE FROM customer_addresses WHERE address = ?');
  return {
    personOf: (address: string) => (personOf.get(address) as string | undefined) ?? address,
    addressesOf: (person: string) => addressesOf.all(person) as string[],
    /**
     * `address`, and the addresses merged into it before, become `person`'s (who must not be merged
     * into anyone). Returns the addresses whose person changed. `at`: epoch ms, for the order addresses are listed in.
     */
    merge(address: string, person: string, at: number): string[] {
      const moved = addressesOf.all(address) as string[];
      repoint.run(person, address);
      put.run(address, person, at);
      return [...moved, address];
    },
    /** False when the address was not merged. */
    split: (address: string) => remove.run(address).changes > 0,
  };
}
