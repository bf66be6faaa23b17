/** A customer as both front-ends show them: a person, with every conversation and note of every address of theirs. */
import { firstNameOf } from '../domain/address.js';
import type { Note } from '../domain/conversation.js';
import type { ConversationEntry, CustomerDetails } from '../ports/mail-store.js';

export type CustomerView = {
  email: string;
  name: string;
  /** What a reply greets them by; undefined when no name is known. */
  firstName: string | undefined;
  notes: Note[];
  conversationIds: string[];
  firstContactAt: string | null;
  lastContactAt: string | null;
  /** Their other addresses (h2h customers merge), oldest merge first; empty (or absent, from older callers) for most. */
  addresses?: string[];
};

export function customerViewOf(email: string, details: CustomerDetails | undefined, theirs: ConversationEntry[]): CustomerView {
  const name = details?.name ?? '';
  const firstAts = theirs.map((e) => e.record.firstAt);
  const lastAts = theirs.map((e) => e.record.lastAt);
  return {
    email,
    name,
    firstName: details?.firstName ?? firstNameOf(name),
    notes: details?.notes ?? [],
    conversationIds: theirs.map((e) => e.record.id),
    firstContactAt: firstAts.length ? firstAts.reduce((a, b) => (a < b ? a : b)) : null,
    lastContactAt: lastAts.length ? lastAts.reduce((a, b) => (a > b ? a : b)) : null,
    addresses: details?.addresses ?? [],
  };
}
