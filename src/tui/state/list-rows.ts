/** The inbox's rows from the store's list items, with the draft marks (owner.json) beside them. */
import type { ConversationListItem, ConversationStatus } from '../../core/domain/conversation.js';
import type { AwayPeriod } from '../../core/domain/away.js';

/** One conversation in the inbox, as loaded (mail text not yet made terminal-safe: the view does that). */
export type Row = {
  id: string;
  name: string;
  email: string;
  subject: string;
  tags: string[];
  messageCount: number;
  isUnread: boolean;
  status: ConversationStatus;
  waitingSince: string | null;
  /** When a snoozed conversation wakes (shown in the Snoozed view instead of the wait). */
  snoozedUntil: string | null;
  /** When the shop last wrote in it (a waiting conversation shows it). */
  lastRepliedAt: string | null;
  /** When the current status was set, by the clock (a closed conversation shows it); null when unknown. */
  statusChangedAt: string | null;
  lastMessageAt: string;
  /** A reply to it is saved as a draft (✎). */
  hasDraft?: boolean;
  /** A reply to it did not go: failed, refused or of unknown fate (!). */
  replyFailed?: boolean;
  /** The owner's promise on it (issue 19): ⚑, and "promised by …" once due. */
  promise?: { by: string; due: boolean };
  /** The owner's times away since the customer began to wait: their waiting clock pauses over them. */
  paused?: AwayPeriod[];
};


// Rows made once per item: a list brought up to date keeps the unchanged items, and so their rows.
const rowOfItem = new WeakMap<ConversationListItem, Row>();

/**
 * List rows as the store reads them for a list (no message of any conversation is read); `drafts`:
 * conversations with a saved draft; `troubled`: those with a reply that did not go (or, bounced, did not arrive).
 */
export function rowsOf(items: ConversationListItem[], drafts: ReadonlySet<string> = new Set(), troubled: ReadonlySet<string> = new Set(), away: readonly AwayPeriod[] = []): Row[] {
  return items.map((v) => {
    let row = rowOfItem.get(v);
    // A bounced reply did not go either, as the customer sees it: the same mark (!).
    const failed = troubled.has(v.id) || v.bouncedAt !== null;
    const paused = v.waitingSince === null || away.length === 0 ? [] : away.filter((p) => p.until > v.waitingSince!);
    if (!row || row.hasDraft !== drafts.has(v.id) || !!row.replyFailed !== failed || !samePeriods(row.paused ?? [], paused)) {
      row = {
        id: v.id,
        name: v.customerName,
        email: v.customer,
        subject: v.subject,
        tags: v.tags,
        messageCount: v.messageCount,
        isUnread: v.isUnread,
        status: v.status,
        waitingSince: v.waitingSince,
        snoozedUntil: v.snoozedUntil,
        lastRepliedAt: v.lastRepliedAt,
        statusChangedAt: v.statusChangedAt,
        lastMessageAt: v.lastMessageAt,
        hasDraft: drafts.has(v.id),
        ...(failed ? { replyFailed: true } : {}),
        ...(v.promise ? { promise: { by: v.promise.by, due: v.promise.due } } : {}),
        ...(paused.length ? { paused } : {}),
      };
      rowOfItem.set(v, row);
    }
    return row;
  });
}

/** Compared field by field: a list of every conversation asks this of each row at each reload. */
function samePeriods(a: readonly AwayPeriod[], b: readonly AwayPeriod[]): boolean {
  return a.length === b.length && a.every((p, i) => p.from === b[i].from && p.until === b[i].until);
}
