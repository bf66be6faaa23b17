/** Customers: the display name from their newest mail (older mail imported later never overwrites it). */
import type Database from 'better-sqlite3';
import type { CustomerRecord } from '../../../core/ports/mail-store.js';
import { rowToCustomer, type CustomerRow } from './map-customer.js';

export function customersRepo(db: Database.Database) {
  const seen = db.prepare(
    `INSERT INTO customers(email, name, name_at) VALUES (@email, @name, @at)
     ON CONFLICT(email) DO UPDATE SET name = excluded.name, name_at = excluded.name_at
     WHERE excluded.name <> '' AND (customers.name = '' OR customers.name_at IS NULL OR customers.name_at <= excluded.name_at)`,
  );
  const get = db.prepare('SELECT * FROM customers WHERE email = ?');
  return {
    /** A message from `email` dated `at` (epoch ms) named them `name`. Inside the import's transaction. */
    seen(email: string, name: string, at: number): void {
      seen.run({ email, name, at });
    },
    get(email: string): CustomerRecord | undefined {
      const row = get.get(email) as CustomerRow | undefined;
      return row && rowToCustomer(row);
    },
    firstName(email: string): string | undefined {
      return (get.get(email) as CustomerRow | undefined)?.first_name ?? undefined;
    },
  };
}
