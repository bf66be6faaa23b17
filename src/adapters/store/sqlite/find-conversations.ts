/**
 * `findConversations`: the conversations a query matches, sorted, up to a limit, in one SELECT that
 * stops at the limit (the query compiled by query-sql.ts). Only what is handed out is read whole
 * (its messages' dates, participants, tags, notes): O(limit) rows, not O(mailbox).
 *
 * Two plans for a query that needs some text or a tag (the planner cannot count FTS matches, so it
 * cannot choose): few matching messages or tagged conversations, start from those conversations and
 * sort them; many, walk conversations in list order and stop at the limit (recent ones match often).
 * See manyMatches.
 *
 * A query with a term the compiler does not know is answered by walking every conversation in list
 * order and evaluating matchConversation in JS, stopping at the limit: slower, never different.
 */
import type { AutomatedKind } from '../../../core/domain/automated.js';
import type Database from 'better-sqlite3';
import { listItemOf, viewConversation, type ConversationListItem } from '../../../core/domain/conversation.js';
import { textTerms } from '../../../core/domain/query/parse-query.js';
import { matchConversation } from '../../../core/domain/query/match-conversation.js';
import type { QueryNode } from '../../../core/domain/query/query-ast.js';
import type { ConversationEntry, ConversationQuery } from '../../../core/ports/mail-store.js';
import type { conversationEntries } from './conversation-entries.js';
import { effectiveStatusSql, manyMatches } from './conversation-queries.js';
import { ftsMatch } from './fts-text.js';
import type { ConversationRow } from './map-conversation.js';
import { isoOf } from './map-message.js';
import { compileQuery, taggedSql, textMatchSql, unreadSql, type OwnerMarks } from './query-sql.js';

const orderBy = {
  activity: 'c.last_at DESC, c.id',
  // Longest waiting first; nobody waiting last (NULL sorts first in SQLite, hence the IS NULL key).
  waiting: 'c.waiting_since IS NULL, c.waiting_since, c.last_at DESC, c.id',
} as const;
/** The order among conversations someone waits on. */
const waitingOrder = 'c.waiting_since, c.last_at DESC, c.id';

// The list's columns only, read as arrays (better-sqlite3's raw mode): a list of every conversation
// is most of its time in building row objects. Tags joined with the unit separator, which no tag
// holds (tags are words the owner types).
const itemColumns = `c.id, c.subject, c.customer, who.name, (${effectiveStatusSql}), ${unreadSql}, c.snoozed_until,
  (SELECT group_concat(t.tag, char(31)) FROM conversation_tags t WHERE t.conversation_id = c.id),
  c.message_count, c.first_at, c.last_at, c.waiting_since, c.has_attachments, c.last_outbound_at, c.status_changed_at, c.automated_only, c.automated_kinds, c.bounced_at, c.promise_by, c.promise_text`;
type ItemRow = [string, string, string, string | null, ConversationListItem['status'], 0 | 1, number | null, string | null, number, number, number, number | null, 0 | 1, number | null, number | null, 0 | 1, string | null, number | null, number | null, string | null];

/** A due promise puts its conversation first in every list (issue 19); the index on promise_by finds them. */
const isDue = 'c.promise_by <= @now AND ';
const notDue = '(c.promise_by IS NULL OR c.promise_by > @now) AND ';

function rowToItem([id, subject, customer, name, status, unread, snoozedUntil, tags, messageCount, firstAt, lastAt, waitingSince, attachments, lastOutboundAt, statusChangedAt, automatedOnly, automatedKinds, bouncedAt, promiseBy, promiseText]: ItemRow, now: number): ConversationListItem {
  return {
    id,
    subject,
    customer,
    customerName: name ?? '',
    status,
    snoozedUntil: status === 'snoozed' && snoozedUntil !== null ? isoOf(snoozedUntil) : null,
    tags: tags === null ? [] : tags.split('\x1f').sort(),
    isUnread: unread === 1,
    messageCount,
    firstMessageAt: isoOf(firstAt),
    lastMessageAt: isoOf(lastAt),
    waitingSince: waitingSince === null ? null : isoOf(waitingSince),
    lastRepliedAt: lastOutboundAt === null ? null : isoOf(lastOutboundAt),
    statusChangedAt: statusChangedAt === null || status === 'open' ? null : isoOf(statusChangedAt),
    hasAttachments: attachments === 1,
    automated: automatedOnly === 1 ? (automatedKinds === null ? [] : (JSON.parse(automatedKinds) as AutomatedKind[])) : null,
    bouncedAt: bouncedAt === null ? null : isoOf(bouncedAt),
    promise: promiseBy === null ? null : { by: isoOf(promiseBy), text: promiseText ?? '', due: promiseBy <= now },
  };
}

/**
 * `manyFrom`: from this many matches on, walk (tests lower it to hold both plans to one answer).
 * `ownerMarks`: the conversations with a saved draft or a reply that did not go now (owner.json), for is:draft and is:failed.
 */
export function conversationFinder(db: Database.Database, entries: ReturnType<typeof conversationEntries>, manyFrom = manyMatches, ownerMarks: () => OwnerMarks = () => ({})) {
  const countMatches = db.prepare('SELECT count(*) FROM message_fts WHERE message_fts MATCH ?').pluck();
  const countTagged = db.prepare('SELECT count(*) FROM conversation_tags WHERE tag = ?').pluck();
  const customerName = db.prepare('SELECT name FROM customers WHERE email = ?').pluck();
  // As query-sql's customer: the person's address and the others merged into that person.
  const otherAddresses = db
    .prepare(
      `SELECT person FROM customer_addresses WHERE address = @a UNION ALL SELECT address FROM customer_addresses
       WHERE person = coalesce((SELECT person FROM customer_addresses WHERE address = @a), @a) AND address <> @a`,
    )
    .pluck();
  const textConversations = db.prepare(textMatchSql('?')).pluck();
  // Statements by their SQL: a list is asked the same few shapes again and again (the TUI, saved searches).
  const cache = new Map<string, Database.Statement>();
  const prepared = (sql: string, raw: boolean) => {
    const key = raw ? `raw ${sql}` : sql;
    let s = cache.get(key);
    if (!s) {
      if (cache.size > 64) cache.clear();
      s = db.prepare(sql);
      if (raw) s.raw(true);
      cache.set(key, s);
    }
    return s;
  };

  /** The JS path: every conversation in list order (or those of `q.ids`), matched one by one. */
  function* walk(q: ConversationQuery): Generator<ConversationEntry> {
    const only = q.ids && new Set(q.ids);
    const textMatches = new Map<QueryNode, Set<string>>();
    for (const term of textTerms(q.query)) {
      const match = ftsMatch(term.value, term.phrase);
      textMatches.set(term, new Set(match === null ? [] : (textConversations.all(match) as string[])));
    }
    const ctx = {
      textMatches,
      customerName: (email: string) => (customerName.get(email) as string | undefined) ?? '',
      otherAddresses: (email: string) => otherAddresses.all({ a: email }) as string[],
      ...marksOf(q.query),
    };
    for (const part of [isDue, notDue]) {
      const rows = db.prepare(`SELECT c.* FROM conversations c WHERE ${part} 1 ORDER BY ${orderBy[q.sort ?? 'activity']}`).iterate({ now: q.now }) as IterableIterator<ConversationRow>;
      for (const row of rows) {
        if (only && !only.has(row.id)) continue;
        const e = entries.entry(row);
        if (matchConversation(viewConversation(e.record, e.state, q.now), q.query, ctx)) yield e;
      }
    }
  }

  /**
   * The rows a compiled query matches, sorted and limited, with `columns` over `conversations c`
   * (and `join`), as objects or (`raw`) arrays; null when the query does not compile (the caller walks).
   */
  /** The owner's marks as the JS matcher takes them. */
  function marksOf(query: QueryNode): { drafts: Set<string>; failed: Set<string> } {
    const marks = usesOwnerMarks(query) ? ownerMarks() : {};
    return { drafts: new Set(marks.draft ?? []), failed: new Set(marks.failed ?? []) };
  }

  function select<Row>(q: ConversationQuery, columns: string, join: string, raw = false): Row[] | null {
    const limit = q.limit ?? -1;
    const compiled = compileQuery(q.query, q.now, usesOwnerMarks(q.query) ? ownerMarks() : {});
    if (!compiled) return null;
    const sort = q.sort ?? 'activity';
    let many = false;
    let where = compiled.where;
    const params: Record<string, string | number> = { ...compiled.params, limit };
    if (q.ids) {
      // A few given conversations: by primary key, whatever else the query asks.
      params.ids = JSON.stringify(q.ids);
      where = `c.id IN (SELECT value FROM json_each(@ids)) AND ${where}`;
    } else if (compiled.drivers.length) {
      const counts = compiled.drivers.map((d) => (d.kind === 'text' ? countMatches : countTagged).get(d.value) as number);
      const fewest = counts.indexOf(Math.min(...counts));
      if (counts[fewest] === 0) return [];
      many = counts[fewest] >= manyFrom;
      if (!many) {
        // Few: start from those conversations (by primary key), then sort them.
        const d = compiled.drivers[fewest];
        params.few = d.value;
        where = `c.id IN (${d.kind === 'text' ? textMatchSql('@few') : taggedSql('@few')}) AND ${where}`;
      }
    }
    const run = (from: string, extra: string, order: string, max: number) =>
      prepared(`SELECT ${columns} FROM ${from}${join} WHERE ${extra}${where} ORDER BY ${order} LIMIT @limit`, raw).all({ ...params, limit: max }) as Row[];
    // A whole list (no limit, not a few given or matching conversations): one pass over the table and
    // a sort beat walking an index and looking up every row from it (33,000 rows: ~2x).
    const whole = limit === -1 && !q.ids && params.few === undefined;
    const byActivity = whole ? 'conversations c NOT INDEXED' : many ? 'conversations c INDEXED BY conversations_last' : 'conversations c';
    const due = run('conversations c', isDue, orderBy[sort], limit);
    const left = (taken: number) => (limit === -1 ? -1 : limit - taken);
    if (left(due.length) === 0) return due;
    if (sort === 'activity') return [...due, ...run(byActivity, notDue, orderBy.activity, left(due.length))];
    // Waiting: those waiting (the index on waiting_since walks them in order), then the rest by activity.
    const waiting = run(whole ? 'conversations c NOT INDEXED' : 'conversations c', `${notDue}c.waiting_since IS NOT NULL AND `, waitingOrder, left(due.length));
    const taken = due.length + waiting.length;
    const rest = limit === -1 || taken < limit ? run(byActivity, `${notDue}c.waiting_since IS NULL AND `, orderBy.activity, left(taken)) : [];
    return [...due, ...waiting, ...rest];
  }

  function walkAll(q: ConversationQuery): ConversationEntry[] {
    const out: ConversationEntry[] = [];
    if ((q.limit ?? -1) === 0) return out;
    for (const e of walk(q)) if (out.push(e) === (q.limit ?? -1)) break;
    return out;
  }

  return {
    find(q: ConversationQuery): ConversationEntry[] {
      if (q.limit === 0) return [];
      const rows = select<ConversationRow>(q, 'c.*', '');
      return rows === null ? walkAll(q) : entries.entries(rows);
    },
    /**
     * The same conversations as list rows, read from the conversation rows alone (status and unread
     * by the SQL that filters on them, the customer's name joined, tags): no message list, no
     * participants, no notes. A list of every conversation in a 100,000-message store in one SELECT.
     */
    items(q: ConversationQuery): ConversationListItem[] {
      if (q.limit === 0) return [];
      const rows = select<ItemRow>(q, itemColumns, ' LEFT JOIN customers who ON who.email = c.customer', true);
      if (rows !== null) return rows.map((r) => rowToItem(r, q.now));
      return walkAll(q).map((e) => ({ ...listItemOf(viewConversation(e.record, e.state, q.now)), customerName: (customerName.get(e.record.customer) as string | undefined) ?? '' }));
    },
    /** The JS path on its own, for tests that hold it to the compiled one. */
    walk: walkAll,
  };
}

/** Whether a query asks is:draft or is:failed (only then is owner.json read). */
function usesOwnerMarks(node: QueryNode): boolean {
  switch (node.type) {
    case 'and':
    case 'or':
      return node.items.some(usesOwnerMarks);
    case 'not':
      return usesOwnerMarks(node.item);
    case 'is':
      return node.value === 'draft' || node.value === 'failed';
    default:
      return false;
  }
}
