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
  const clear = db.prepare('DELETE FROM customer_addresses');
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
    /**
     * Every merge again from the owner's words as all machines share them (`address` is `person`'s,
     * null for split again; `at` its stamp, `wall` its time in ms). A word says two addresses are one
     * person, so the people are the groups the words join; each group's own address is the one its
     * newest word names. The same words give the same people on every machine whatever order they
     * came in: two machines merging a pair each way at once end with the later word's person.
     */
    rebuild(words: { address: string; person: string | null; at: string; wall: number }[]): void {
      clear.run();
      const links = words.filter((w): w is typeof w & { person: string } => w.person !== null && w.person !== w.address);
      const parent = new Map<string, string>();
      const root = (a: string): string => {
        let r = a;
        while (parent.has(r) && parent.get(r) !== r) r = parent.get(r)!;
        parent.set(a, r);
        return r;
      };
      for (const w of links) {
        const [a, b] = [root(w.address), root(w.person)];
        if (a !== b) parent.set(a < b ? b : a, a < b ? a : b);
      }
      const newest = new Map<string, (typeof links)[number]>();
      for (const w of links) {
        const r = root(w.address);
        const seen = newest.get(r);
        if (!seen || w.at > seen.at || (w.at === seen.at && w.address > seen.address)) newest.set(r, w);
      }
      const wallOf = new Map(links.map((w) => [w.address, w.wall]));
      for (const a of new Set(links.flatMap((w) => [w.address, w.person]))) {
        const last = newest.get(root(a))!;
        if (a !== last.person) put.run(a, last.person, wallOf.get(a) ?? last.wall);
      }
    },
  };
}
