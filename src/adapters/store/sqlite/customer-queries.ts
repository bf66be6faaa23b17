/**
 * What the owner keeps about customers (the name replies greet them by, notes) and the customer
 * list, computed in SQL: first and last contact are a GROUP BY over the conversations' index, not a
 * pass in JS.
 */
import type Database from 'better-sqlite3';
import type { Note } from '../../../core/domain/conversation.js';
import type { CustomerDetails, CustomerSummary } from '../../../core/ports/mail-store.js';
import { rowToNote, type NoteRow } from './map-conversation.js';
import { rowToCustomer, type CustomerRow } from './map-customer.js';
import { epochMs, isoOf } from './map-message.js';

type SummaryRow = CustomerRow & { ids: string; first_at: number; last_at: number };

export function customerQueries(db: Database.Database) {
  const get = db.prepare('SELECT * FROM customers WHERE email = ?');
  const notesOf = db.prepare('SELECT * FROM notes WHERE customer = ? ORDER BY at, id');
  const namesOf = db.prepare('SELECT email, name, first_name FROM customers WHERE email IN (SELECT value FROM json_each(?))').raw();
  const allNotes = db.prepare('SELECT * FROM notes WHERE customer IS NOT NULL ORDER BY customer, at, id');
  const summaries = db.prepare(
    `SELECT cu.*, json_group_array(c.id ORDER BY c.first_at, c.id) AS ids, min(c.first_at) AS first_at, max(c.last_at) AS last_at
     FROM conversations c JOIN customers cu ON cu.email = c.customer
     GROUP BY c.customer ORDER BY max(c.last_at) DESC, c.customer`,
  );
  const addNote = db.prepare('INSERT OR REPLACE INTO notes(id, conversation_id, customer, text, at, author) VALUES (?, NULL, ?, ?, ?, ?)');
  const ensureCustomer = db.prepare('INSERT OR IGNORE INTO customers(email) VALUES (?)');
  const removeNote = db.prepare('DELETE FROM notes WHERE customer = ? AND id = ?');
  // A customer the index has not met yet (a reply to an address typed by hand) gets a row: the name is the owner's to keep.
  const setFirstName = db.prepare('INSERT INTO customers(email, first_name) VALUES (?, ?) ON CONFLICT(email) DO UPDATE SET first_name = excluded.first_name');
  // A customer the index has not met yet gets a row: the setting is the owner's to keep.
  const setLanguage = db.prepare('INSERT INTO customers(email, language) VALUES (?, ?) ON CONFLICT(email) DO UPDATE SET language = excluded.language');

  const details = (row: CustomerRow, notes: NoteRow[]): CustomerDetails => ({
    ...rowToCustomer(row),
    ...(row.first_name !== null ? { firstName: row.first_name } : {}),
    notes: notes.map(rowToNote),
  });

  return {
    customer(email: string): CustomerDetails | undefined {
      const row = get.get(email) as CustomerRow | undefined;
      return row && details(row, notesOf.all(email) as NoteRow[]);
    },
    /** Names of many customers in one query (a list's rows): the name from their mail, and the one the owner set. */
    names(emails: string[]): Map<string, { name: string; firstName?: string }> {
      const out = new Map<string, { name: string; firstName?: string }>();
      if (emails.length === 0) return out;
      for (const [email, name, firstName] of namesOf.all(JSON.stringify(emails)) as [string, string, string | null][]) {
        out.set(email, firstName !== null ? { name, firstName } : { name });
      }
      return out;
    },
    customers(): CustomerSummary[] {
      const notes = new Map<string, NoteRow[]>();
      for (const n of allNotes.all() as NoteRow[]) notes.set(n.customer!, [...(notes.get(n.customer!) ?? []), n]);
      return (summaries.all() as SummaryRow[]).map((row) => ({
        ...details(row, notes.get(row.email) ?? []),
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
  };
}
