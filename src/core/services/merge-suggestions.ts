/**
 * The merge h2h suggests, never makes (issue 19): a new address (no conversation of its own, no
 * one's address yet) replying inside another customer's conversation is likely that customer at
 * another address. `h2h show` and the conversation detail carry it; the import report warns once,
 * when the reply arrives.
 */
import type { ConversationRecord } from '../domain/conversation.js';
import { replyingAddresses } from '../domain/merge-suggestion.js';
import type { MessageMeta } from '../domain/message.js';
import { thirdPartySeqs } from '../domain/third-party.js';
import type { StoreReads } from '../ports/mail-store.js';

export type SuggestedMerge = { address: string; person: string };

type Reads = Pick<StoreReads, 'personOf' | 'ownCounts'>;

/** The first merge this conversation's mail suggests, if any. */
export function suggestedMerge(reads: Reads, messages: readonly MessageMeta[], customer: string, thirdParty = thirdPartySeqs(messages, customer)): SuggestedMerge | undefined {
  return suggestions(reads, messages, customer, thirdParty)[0];
}

/** The merges suggested by new mail (`fresh` seqs) in the conversations it joined: one warning each, as it arrives. */
export function newMergeSuggestions(
  reads: Reads & Pick<StoreReads, 'conversationMessages'>,
  records: readonly ConversationRecord[],
  fresh: ReadonlySet<number>,
): (SuggestedMerge & { conversationId: string })[] {
  const out: (SuggestedMerge & { conversationId: string })[] = [];
  for (const record of records) {
    // Most mail is the customer's own or the shop's: only then is the conversation read.
    if (!record.seqs.some((seq) => fresh.has(seq))) continue;
    const messages = reads.conversationMessages(record.id);
    const newAddresses = new Set(messages.filter((m) => fresh.has(m.seq) && m.direction === 'in' && m.customer !== record.customer).map((m) => m.customer));
    if (newAddresses.size === 0) continue;
    for (const s of suggestions(reads, messages, record.customer, thirdPartySeqs(messages, record.customer))) {
      if (newAddresses.has(s.address)) out.push({ ...s, conversationId: record.id });
    }
  }
  return out;
}

function suggestions(reads: Reads, messages: readonly MessageMeta[], customer: string, thirdParty: ReadonlySet<number>): SuggestedMerge[] {
  const person = reads.personOf(customer);
  return replyingAddresses(messages, customer, thirdParty)
    .filter((address) => reads.personOf(address) === address && reads.personOf(address) !== person && reads.ownCounts(address).conversations === 0)
    .map((address) => ({ address, person }));
}
