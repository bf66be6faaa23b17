/**
 * Remembered facts about a customer (issue 19): the short `key: value` lines of the notes kept
 * about them ("size: 39", "prefers: phone"), shown while answering and filled into snippets as
 * `{{customer.size}}`. The newest note saying a key wins, so a fact is changed by writing it
 * again; other lines of a note are just the note. A fact never replaces the customer's own fields
 * (name, email, first name).
 */
import type { Note } from './conversation.js';

export type CustomerFacts = Record<string, string>;

/** Keys a fact cannot have: the snippet variables h2h fills from the customer's own record. */
const reserved = new Set(['name', 'email', 'firstname', 'first_name']);

/** "Shoe size: 39" → ["shoe_size", "39"]; null for a line that is not a short fact (a sentence, a link, a time). */
export function factOfLine(line: string): [key: string, value: string] | null {
  const m = /^\s*([\p{L}][\p{L}\p{N}_ -]{0,23}?)\s*:\s+(\S.{0,79})$/u.exec(line);
  if (!m) return null;
  const words = m[1].trim().split(/\s+/);
  // "Called her on Monday about the refund: she agreed" is a note, not a fact.
  if (words.length > 3) return null;
  const key = words.join('_').toLowerCase();
  const value = m[2].trim();
  if (reserved.has(key) || /^\/\//.test(value)) return null;
  return [key, value];
}

/** The facts in a customer's notes, the newest note's word on each key. */
export function factsOf(notes: readonly Note[]): CustomerFacts {
  const facts: CustomerFacts = {};
  const oldestFirst = [...notes].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  for (const n of oldestFirst) {
    for (const line of n.text.split('\n')) {
      const fact = factOfLine(line);
      if (fact) facts[fact[0]] = fact[1];
    }
  }
  return facts;
}

/** "size 39 · prefers phone": the facts in one line, as the composer's header shows them. */
export function factsLine(facts: CustomerFacts): string {
  return Object.entries(facts)
    .map(([k, v]) => `${k.replace(/_/g, ' ')}: ${v}`)
    .join(' · ');
}
