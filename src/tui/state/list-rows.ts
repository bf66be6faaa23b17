/** The inbox's rows from the store's list items, with the draft marks (owner.json) beside them. */
import type { ConversationListItem } from '../../core/domain/conversation.js';
import type { Row } from './app-state.js';

// Rows made once per item: a list brought up to date keeps the unchanged items, and so their rows.
const rowOfItem = new WeakMap<ConversationListItem, Row>();

/**
 * List rows as the store reads them for a list (no message of any conversation is read); `drafts`:
 * conversations with a saved draft; `troubled`: those with a reply that did not go (or, bounced, did not arrive).
 */
export function rowsOf(items: ConversationListItem[], drafts: ReadonlySet<string> = new Set(), troubled: ReadonlySet<string> = new Set()): Row[] {
  return items.map((v) => {
    let row = rowOfItem.get(v);
    // A bounced reply did not go either, as the customer sees it: the same mark (!).
    const failed = troubled.has(v.id) || v.bouncedAt !== null;
    if (!row || row.hasDraft !== drafts.has(v.id) || !!row.replyFailed !== failed) {
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
      };
      rowOfItem.set(v, row);
    }
    return row;
  });
}
