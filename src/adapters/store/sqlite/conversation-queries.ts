/**
 * The indexed reads a list needs: conversations by effective status or by text, newest activity
 * first, a page at a time; and what changed since a revision.
 *
 * Ranking of text matches: by recency (the conversation's last activity, newest first), not bm25.
 * Every match holds every word or the exact phrase, so all are equally "right"; the owner's lists
 * are ordered by activity everywhere else, and the customer who wrote today about a lost parcel
 * matters more than an old thread that repeats the words more often.
 */
import type Database from 'better-sqlite3';
import type { ConversationStatus } from '../../../core/domain/conversation.js';

/**
 * The status the owner sees, in SQL (effectiveStatus in core/domain/conversation.ts, by date): a
 * decision holds until the customer writes after it; a snooze ends when its time comes; never
 * decided is open, or waiting when the shop spoke last. A promise that is due (issue 19) is open
 * until the owner resolves it.
 */
export const effectiveStatusSql = `CASE
  WHEN c.promise_by IS NOT NULL AND c.promise_by <= @now THEN 'open'
  WHEN c.status IS NULL THEN CASE WHEN c.last_is_outbound = 1 THEN 'waiting' ELSE 'open' END
  WHEN c.status <> 'open' AND c.last_inbound_at > c.status_at THEN 'open'
  WHEN c.status = 'snoozed' AND c.snoozed_until IS NOT NULL AND c.snoozed_until <= @now THEN 'open'
  ELSE c.status END`;

/** From this many matching messages on, walking conversations newest first beats sorting the matches' conversations. */
export const manyMatches = 500;

export type ListedConversation = { id: string; last_at: number };

export function conversationQueries(db: Database.Database) {
  // Walks conversations newest first (index on last_at) and stops at the limit: the open ones are mostly recent.
  const byStatus = db.prepare(`SELECT c.id, c.last_at FROM conversations c WHERE ${effectiveStatusSql} = @status ORDER BY c.last_at DESC, c.id LIMIT @limit`);
  // Two plans for one answer (the planner cannot choose between them: it cannot count FTS matches).
  // Few matches: look up their conversations and sort those. Many matches: walk conversations newest
  // first and stop at the limit, checking each against the matches (materialised once); the walk ends
  // quickly because recent conversations match often. At 100,000 messages a word in 20,000 of them
  // took 237 ms the first way and 33 ms the second; a word in none, 0 ms and 49 ms.
  const countMatches = db.prepare('SELECT count(*) FROM message_fts WHERE message_fts MATCH ?').pluck();
  const byFewMatches = db.prepare(
    `SELECT c.id, c.last_at FROM conversations c
     WHERE c.id IN (SELECT m.conversation_id FROM message_fts f JOIN messages m ON m.rowid = f.rowid WHERE message_fts MATCH @match)
     ORDER BY c.last_at DESC, c.id LIMIT @limit`,
  );
  const byManyMatches = db.prepare(
    `SELECT c.id, c.last_at FROM conversations c INDEXED BY conversations_last
     WHERE EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.rowid IN (SELECT rowid FROM message_fts WHERE message_fts MATCH @match))
     ORDER BY c.last_at DESC, c.id LIMIT @limit`,
  );
  const messagesByText = db.prepare(
    `SELECT m.rowid FROM message_fts f JOIN messages m ON m.rowid = f.rowid WHERE message_fts MATCH ? ORDER BY m.date DESC, m.rowid DESC LIMIT ?`,
  ).pluck();
  const changedConversations = db.prepare('SELECT id FROM conversations WHERE rev > @rev OR state_rev > @rev ORDER BY id').pluck();
  const changedMessages = db.prepare('SELECT rowid FROM messages WHERE rev > ? ORDER BY rowid').pluck();

  return {
    byStatus(status: ConversationStatus, now: number, limit: number): ListedConversation[] {
      return byStatus.all({ status, now, limit }) as ListedConversation[];
    },
    /** Conversations with a message matching `match` (an FTS5 expression from ftsMatch), newest activity first. */
    byText(match: string, limit: number): ListedConversation[] {
      const matches = countMatches.get(match) as number;
      if (matches === 0) return [];
      return (matches < manyMatches ? byFewMatches : byManyMatches).all({ match, limit }) as ListedConversation[];
    },
    /** Message rowids matching, newest first. */
    messagesByText(match: string, limit: number): number[] {
      return messagesByText.all(match, limit) as number[];
    },
    /** What was written after revision `rev`: conversations (mail or decisions) and messages. */
    changedSince(rev: number): { conversations: string[]; messages: number[] } {
      return { conversations: changedConversations.all({ rev }) as string[], messages: changedMessages.all(rev) as number[] };
    },
  };
}
