/**
 * The owner's v1 decisions as v2 dates. v1 dated a status and a read mark by arrival (`statusSeq`,
 * `readSeq`: "customer mail that arrived after it reopens / is unread"); v2 dates them by the mail's
 * own date (`status_at`, `read_at`: "customer mail dated after it"). Pure.
 *
 * The date is the newest message the owner had when deciding (every message with seq ≤ statusSeq),
 * which is what v2 records for a new decision (decisions-repo: `status_at = last_at`). Where the two
 * rules would disagree, what the owner saw in v1 wins: a conversation v1 showed reopened (customer
 * mail arrived after the decision, but is dated before its newest message: an old message imported
 * late) gets a date just before that mail, so it stays open; one v1 showed unread gets a read mark
 * just before its oldest unread message, so every message v1 showed unread stays unread. Never the
 * other way round: a conversation v1 showed closed or read needs nothing (all its customer mail
 * arrived, hence is dated, at or before the decision's date).
 */
import type { ConversationState } from '../../../core/domain/conversation.js';

/** What the mapping needs of each message of the conversation. */
export type DatedMessage = { seq: number; date: number; inbound: boolean; seenOnArrival: boolean };

export type DecisionDates = {
  /** `conversations.status_at`; null when there is no status. */
  statusAt: number | null;
  /** `conversations.read_at`; null when never marked read. */
  readAt: number | null;
};

/** The newest date among messages that had arrived by `seq` (undefined: none had). */
function newestBy(messages: DatedMessage[], seq: number): number | undefined {
  let newest: number | undefined;
  for (const m of messages) if (m.seq <= seq && (newest === undefined || m.date > newest)) newest = m.date;
  return newest;
}

/** The oldest date among messages that v1 counts as news after `seq`. */
function oldestAfter(messages: DatedMessage[], seq: number, news: (m: DatedMessage) => boolean): number | undefined {
  let oldest: number | undefined;
  for (const m of messages) if (m.seq > seq && news(m) && (oldest === undefined || m.date < oldest)) oldest = m.date;
  return oldest;
}

/**
 * One date for a v1 mark at `seq`: the newest mail the owner had, moved before `firstNews` (the
 * oldest mail v1 counts as after it), if any. Nothing had arrived and nothing is news: any date
 * covers the conversation's mail, the newest is the one v2 would record.
 */
function dateOf(messages: DatedMessage[], seq: number, firstNews: number | undefined): number {
  const had = newestBy(messages, seq);
  if (firstNews === undefined) return had ?? newestBy(messages, Infinity) ?? 0;
  return Math.min(had ?? firstNews, firstNews - 1);
}

export function decisionDates(state: ConversationState, messages: DatedMessage[]): DecisionDates {
  let statusAt: number | null = null;
  if (state.status !== undefined) {
    if (state.statusAt !== undefined) statusAt = Date.parse(state.statusAt);
    else {
      const seq = state.statusSeq ?? -1;
      // v1 reopens a decided conversation on any customer message that arrived after the decision.
      statusAt = dateOf(messages, seq, state.status === 'open' ? undefined : oldestAfter(messages, seq, (m) => m.inbound));
    }
  }
  let readAt: number | null = null;
  if (state.readAt !== undefined) readAt = Date.parse(state.readAt);
  else if (state.readSeq !== undefined) {
    // v1's unread messages: inbound, not seen on arrival, arrived after the read mark.
    readAt = dateOf(messages, state.readSeq, oldestAfter(messages, state.readSeq, (m) => m.inbound && !m.seenOnArrival));
  }
  return { statusAt, readAt };
}
