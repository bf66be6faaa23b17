/**
 * Marking conversations spam and back, inside the caller's store transaction (the owner's `h2h
 * spam`/`!`, a rule's `spam`, mail from a blocked sender at import): the spam tag on the
 * conversation, and its customer blocked (their next mail is spam on arrival). Moving the mail to
 * the server's Junk folder is junk-folder.ts's, after the transaction.
 */
import type { ConversationState } from '../domain/conversation.js';
import { setTagsOn } from '../domain/decision-changes.js';
import type { MessageMeta } from '../domain/message.js';
import { isPlaceholderCustomer } from '../domain/participants.js';
import { spamTag } from '../domain/spam.js';
import type { StoreTx } from '../ports/mail-store.js';

export type SpamMarks = { conversations: string[]; senders: string[] };

/** Tags the conversations spam and (with `block`) blocks each one's customer. */
export function markSpamIn(tx: StoreTx, ids: string[], o: { nowIso: string; block: boolean; shop: Set<string> }): SpamMarks {
  return change(tx, ids, (s) => setTagsOn(s, [spamTag], []), (email) => {
    if (!o.block || o.shop.has(email) || isPlaceholderCustomer(email)) return false;
    if (tx.senderVerdict(email)?.as === 'blocked') return false;
    tx.setSenderVerdict(email, { as: 'blocked', at: o.nowIso });
    return true;
  });
}

/** Takes the spam tag off and unblocks each one's customer (when blocked). */
export function unmarkSpamIn(tx: StoreTx, ids: string[]): SpamMarks {
  return change(tx, ids, (s) => setTagsOn(s, [], [spamTag]), (email) => {
    if (tx.senderVerdict(email)?.as !== 'blocked') return false;
    tx.setSenderVerdict(email, null);
    return true;
  });
}

function change(tx: StoreTx, ids: string[], apply: (s: ConversationState) => void, sender: (email: string) => boolean): SpamMarks {
  const states = new Map<string, ConversationState>();
  const senders = new Set<string>();
  for (const id of ids) {
    const entry = tx.conversation(id);
    if (!entry || states.has(entry.record.id)) continue;
    const next = structuredClone(entry.state);
    apply(next);
    states.set(entry.record.id, next);
    if (sender(entry.record.customer)) senders.add(entry.record.customer);
  }
  tx.writeStates(states);
  return { conversations: [...states.keys()], senders: [...senders] };
}

/** At import: the conversations new mail from a blocked sender (or to a blocked customer's conversation) reached become spam. */
export function spamFromBlocked(tx: StoreTx, placed: Map<string, number[]>, fresh: MessageMeta[]): string[] {
  const blocked = (email: string | undefined) => email !== undefined && tx.senderVerdict(email)?.as === 'blocked';
  const spamSeqs = new Set(fresh.filter((m) => m.direction === 'in' && (blocked(m.from?.email) || blocked(m.customer))).map((m) => m.seq));
  if (spamSeqs.size === 0) return [];
  const ids = [...placed].filter(([, seqs]) => seqs.some((s) => spamSeqs.has(s))).map(([id]) => id);
  return change(tx, ids, (s) => setTagsOn(s, [spamTag], []), () => false).conversations;
}
