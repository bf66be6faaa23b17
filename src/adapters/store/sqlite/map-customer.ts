/** Rows of `customers` and the domain's CustomerRecord. Pure. */
import type { CustomerRecord } from '../../../core/ports/mail-store.js';
import { isoOf } from './map-message.js';

export type CustomerRow = { email: string; name: string; name_at: number | null; first_name: string | null };

export function rowToCustomer(row: CustomerRow): CustomerRecord {
  return { email: row.email, name: row.name, nameAt: row.name_at === null ? '' : isoOf(row.name_at) };
}
