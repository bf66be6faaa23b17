/**
 * "How am I doing" (`h2h stats`): the owner's reply times, the share answered within a working day,
 * who waits now and how much mail came in, over the conversations a person wrote in. Machine mail
 * and spam stay out, as they do from the queue: a newsletter nobody answers is not a slow reply.
 *
 * One read of the conversations (their records carry the waiting clock) and batched reads of the
 * messages of those with mail in the period; the figures themselves are domain/stats/desk-stats.ts.
 */
import { computeDeskStats, type DeskStats, type StatsConversation, type StatsMessage } from '../domain/stats/desk-stats.js';
import type { WorkingHours } from '../domain/stats/working-hours.js';
import type { AwayPeriod } from '../domain/away.js';
import { viewConversation } from '../domain/conversation.js';
import type { MessageMeta } from '../domain/message.js';
import { thirdPartySeqs } from '../domain/third-party.js';
import type { Clock } from '../ports/clock.js';
import type { ConversationEntry, MailStore } from '../ports/mail-store.js';
import type { ConversationService } from './conversation-service.js';

/** The figures over [since, now], with the working hours "within a working day" was measured in. */
export type DeskStatsReport = DeskStats & { workingHours: WorkingHours };

/** `paused`: the times the owner was away, over which the waiting clocks stop (away-service.ts). */
export type StatsSettings = { workingHours: WorkingHours; paused?: () => AwayPeriod[] };

/** Messages read per store call: bounded memory on a mailbox of years, few calls on a small one. */
const batchSize = 2000;

export class StatsService {
  constructor(
    private readonly store: MailStore,
    private readonly conversations: ConversationService,
    private readonly clock: Clock,
    private readonly settings: StatsSettings,
  ) {}

  stats({ since }: { since: number }): DeskStatsReport {
    const now = this.clock.now();
    const hours = this.settings.workingHours;
    // `is:person` leaves out conversations only machines wrote in; parse leaves out spam.
    const entries = this.store.findConversations({ query: this.conversations.parse('is:person'), now });
    const inPeriod: ConversationEntry[] = [];
    const stats: StatsConversation[] = [];
    const byId = new Map<string, StatsConversation>();
    for (const entry of entries) {
      const conversation: StatsConversation = { id: entry.record.id, messages: [], waitingSince: waitingSinceOf(entry, now) };
      stats.push(conversation);
      byId.set(conversation.id, conversation);
      // A conversation quiet since before the period has no response or mail in it: only its waiting clock counts.
      if (Date.parse(entry.record.lastAt) >= since) inPeriod.push(entry);
    }
    for (let start = 0; start < inPeriod.length; ) {
      const batch: ConversationEntry[] = [];
      let seqCount = 0;
      while (start < inPeriod.length && (batch.length === 0 || seqCount + inPeriod[start].record.seqs.length <= batchSize)) {
        seqCount += inPeriod[start].record.seqs.length;
        batch.push(inPeriod[start++]);
      }
      const metas = new Map(this.store.messages(batch.flatMap((e) => e.record.seqs)).map((m) => [m.seq, m]));
      for (const entry of batch) {
        const messages = entry.record.seqs.flatMap((seq) => metas.get(seq) ?? []);
        (byId.get(entry.record.id) as StatsConversation).messages = countedMessages(messages, entry.record.customer);
      }
    }
    return { ...computeDeskStats(stats, { since, now, hours, paused: this.settings.paused?.() ?? [] }), workingHours: hours };
  }
}

/**
 * Since when the customer waits on the shop, as the queue says (conversation-summary.ts), unless
 * the owner put the conversation aside: closed, or waiting on the customer (a reply by phone), even
 * while a promise on it is due. A snoozed one still has someone waiting, only later in the owner's day.
 */
function waitingSinceOf(entry: ConversationEntry, now: number): number | null {
  // A promise that is due brings a conversation back for the owner; the customer is not waiting
  // because of it: the status the owner gave it stands for the figures.
  const { promise: _promise, ...state } = entry.state;
  const view = viewConversation(entry.record, state, now);
  if (view.waitingSince === null || view.status === 'closed' || view.status === 'waiting') return null;
  return Date.parse(view.waitingSince);
}

/**
 * The customer's mail and the shop's answers to them, as the waiting clock counts them: an
 * out-of-office or a bounce is not the customer writing, mail with a courier the shop forwarded to
 * is neither a question nor an answer, and a reply that bounced answered nothing.
 */
function countedMessages(messages: MessageMeta[], customer: string): StatsMessage[] {
  const thirdParty = thirdPartySeqs(messages, customer);
  const undelivered = new Set(messages.flatMap((m) => (m.direction === 'in' && m.bounce?.failed && m.bounce.messageId ? [m.bounce.messageId] : [])));
  const counted: StatsMessage[] = [];
  for (const m of messages) {
    if (thirdParty.has(m.seq)) continue;
    // Machine mail either way: the customer's out-of-office, and the shop's own away notice (no answer).
    if (m.automated) continue;
    if (m.direction === 'out' && undelivered.has(m.messageId)) continue;
    const at = Date.parse(m.date);
    if (Number.isFinite(at)) counted.push({ at, direction: m.direction });
  }
  return counted;
}
