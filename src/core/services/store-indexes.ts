/**
 * Lookups derived from the committed mail data (reverse aliases, each customer's conversations,
 * which conversation a message seq is in). Rebuilt only when the mail data object changes.
 */
import { compareText } from '../domain/compare.js';
import type { MailData } from '../ports/mail-store.js';

export type StoreIndexes = {
  aliasesOf: Map<string, string[]>;
  conversationsOfCustomer: Map<string, string[]>;
  conversationOfSeq: Map<number, string>;
  /** Conversation ids sorted, for prefix lookups. */
  sortedIds: string[];
};

const cache = new WeakMap<MailData, StoreIndexes>();

export function indexesOf(mail: MailData): StoreIndexes {
  const cached = cache.get(mail);
  if (cached) return cached;
  const aliasesOf = new Map<string, string[]>();
  for (const [alias, target] of Object.entries(mail.aliases)) {
    const list = aliasesOf.get(target) ?? [];
    list.push(alias);
    aliasesOf.set(target, list);
  }
  const conversationsOfCustomer = new Map<string, string[]>();
  const conversationOfSeq = new Map<number, string>();
  for (const c of Object.values(mail.conversations)) {
    const list = conversationsOfCustomer.get(c.customer) ?? [];
    list.push(c.id);
    conversationsOfCustomer.set(c.customer, list);
    for (const seq of c.seqs) conversationOfSeq.set(seq, c.id);
  }
  for (const list of conversationsOfCustomer.values()) list.sort((a, b) => compareText(mail.conversations[a].firstAt, mail.conversations[b].firstAt));
  const indexes = { aliasesOf, conversationsOfCustomer, conversationOfSeq, sortedIds: Object.keys(mail.conversations).sort() };
  cache.set(mail, indexes);
  return indexes;
}

/** Follows merges: an id that was merged into another resolves to the survivor. */
export function resolveAlias(mail: MailData, id: string): string | undefined {
  let current: string | undefined = id;
  for (let guard = 0; current !== undefined && guard < 1000; guard++) {
    if (mail.conversations[current]) return current;
    current = mail.aliases[current];
  }
  return undefined;
}
