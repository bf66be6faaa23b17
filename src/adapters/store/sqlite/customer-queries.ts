/**
 * What the owner keeps about customers (the name replies greet them by, notes) and the customer
 * list, computed in SQL: first and last contact are a GROUP BY over the conversations' index, not a
 * pass in JS. The list and a person's details see a person whole: their conversations and notes
 * under every address merged into them (customer_addresses, schema 10).
 */
import type Database from 'better-sqlite3';
import type { Note } from '../../../core/domain/conversation.js';
import type { Register } from '../../../core/domain/greetings.js';
import type { CustomerDetails, CustomerSummary } from '../../../core/ports/mail-store.js';
import { rowToNote, type NoteRow } from './map-conversation.js';
import { rowToCustomer, type CustomerRow } from './map-customer.js';
import { epochMs, isoOf } from './map-message.js';
import { personAddressesSql } from './customer-addresses.js';

type SummaryRow = CustomerRow & { ids: string; first_at: number; last_at: number; addresses: string };

export function customerQueries(db: Database.Database) {
  const get = db.prepare('SELECT * FROM customers WHERE email = ?');
  const notesOf = db.prepare('SELECT * FROM notes WHERE customer = ? ORDER BY at, id');
  const namesOf = db.prepare('SELECT email, name, first_name, register FROM customers WHERE email IN (SELECT value FROM json_each(?))').raw();
  const personNotes = db.prepare(`SELECT * FROM notes WHERE customer IN ${personAddressesSql('@e')} ORDER BY at, id`);
  const addressesOf = db.prepare('SELECT json_group_array(address ORDER BY merged_at, address) FROM customer_addresses WHERE person = ?').pluck();
  // Notes by the person they are about now (a merged address's notes are its person's).
  const allNotes = db.prepare(
    `SELECT n.*, coalesce(ca.person, n.customer) AS person FROM notes n LEFT JOIN customer_addresses ca ON ca.address = n.customer
     WHERE n.customer IS NOT NULL ORDER BY person, n.at, n.id`,
  );
  // One line per person: the conversations of every address of theirs, so their first and last contact and waiting span them all.
  const summaries = db.prepare(
    `SELECT cu.*, json_group_array(c.id ORDER BY c.first_at, c.id) AS ids, min(c.first_at) AS first_at, max(c.last_at) AS last_at,
       (SELECT json_group_array(a.address ORDER BY a.merged_at, a.address) FROM customer_addresses a WHERE a.person = cu.email) AS addresses
     FROM conversations c LEFT JOIN customer_addresses ca ON ca.address = c.customer JOIN customers cu ON cu.email = coalesce(ca.person, c.customer)
     GROUP BY cu.email ORDER BY max(c.last_at) DESC, cu.email`,
  );
  const addNote = db.prepare('INSERT OR REPLACE INTO notes(id, conversation_id, customer, text, at, author) VALUES (?, NULL, ?, ?, ?, ?)');
  const ensureCustomer = db.prepare('INSERT OR IGNORE INTO customers(email) VALUES (?)');
  const removeNote = db.prepare('DELETE FROM notes WHERE customer = ? AND id = ?');
  // A customer the index has not met yet (a reply to an address typed by hand) gets a row: the name is the owner's to keep.
  const setFirstName = db.prepare('INSERT INTO customers(email, first_name) VALUES (?, ?) ON CONFLICT(email) DO UPDATE SET first_name = excluded.first_name');
  // A customer the index has not met yet gets a row: the setting is the owner's to keep.
  const setLanguage = db.prepare('INSERT INTO customers(email, language) VALUES (?, ?) ON CONFLICT(email) DO UPDATE SET language = excluded.language');
  const setRegister = db.prepare('INSERT INTO customers(email, register) VALUES (?, ?) ON CONFLICT(email) DO UPDATE SET register = excluded.register');

  const details = (row: CustomerRow, notes: NoteRow[], addresses?: string[]): CustomerDetails => ({
    ...rowToCustomer(row),
    ...(row.first_name !== null ? { firstName: row.first_name } : {}),
    notes: notes.map(rowToNote),
    ...(addresses ? { addresses } : {}),
  });

  return {
    customer(email: string): CustomerDetails | undefined {
      const row = get.get(email) as CustomerRow | undefined;
      return row && details(row, notesOf.all(email) as NoteRow[]);
    },
    /** A person: their own row, with the notes about every address of theirs and the addresses merged into them. */
    person(email: string): CustomerDetails | undefined {
      const row = get.get(email) as CustomerRow | undefined;
      return row && details(row, personNotes.all({ e: email }) as NoteRow[], JSON.parse(addressesOf.get(email) as string) as string[]);
    },
    /** Names of many customers in one query (a list's rows): the name from their mail, the one the owner set, and the register (schema 11). */
    names(emails: string[]): Map<string, { name: string; firstName?: string; register?: Register }> {
      const out = new Map<string, { name: string; firstName?: string; register?: Register }>();
      if (emails.length === 0) return out;
      for (const [email, name, firstName, register] of namesOf.all(JSON.stringify(emails)) as [string, string, string | null, string | null][]) {
        out.set(email, { name, ...(firstName !== null ? { firstName } : {}), ...(register === 'formal' || register === 'informal' ? { register } : {}) });
      }
      return out;
    },
    customers(): CustomerSummary[] {
      const notes = new Map<string, NoteRow[]>();
      for (const n of allNotes.all() as (NoteRow & { person: string })[]) notes.set(n.person, [...(notes.get(n.person) ?? []), n]);
      return (summaries.all() as SummaryRow[]).map((row) => ({
        ...details(row, notes.get(row.email) ?? [], JSON.parse(row.addresses) as string[]),
        conversationIds: JSON.parse(row.ids) as string[],
        firstContactAt: isoOf(row.first_at),
        lastContactAt: isoOf(row.last_at),
      }));
    },
    /** Inside the caller's transaction; false when the customer is unknown. */
    addNote(email: string, note: Note): boolean {
      // A note about someone the index has not met (restored from an export) keeps them as a customer: never dropped.
      ensureCustomer.run(email);
      addNote.run(note.id, email, note.text, epochMs(note.at), note.author ?? null);
      return true;
    },
    removeNote(email: string, noteId: string): boolean {
      return removeNote.run(email, noteId).changes > 0;
    },
    setFirstName(email: string, firstName: string | null): void {
      setFirstName.run(email, firstName);
    },
    /** The owner's language setting for a customer (schema 8), null: from their mail. */
    setLanguage(email: string, language: string | null): void {
      setLanguage.run(email, language);
    },
    /** The register replies to a customer are written in (schema 11), null: the shop's. */
    setRegister(email: string, register: Register | null): void {
      setRegister.run(email, register);
    },
  };
}
