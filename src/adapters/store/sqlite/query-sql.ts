/**
 * The query language (core/domain/query) compiled to one SQL condition over `conversations c`, so a
 * list is one indexed SELECT that stops at its limit instead of a pass over every conversation.
 *
 * Each term means exactly what matchConversation says it means (the property test in
 * test/adapters/store/sqlite/find-conversations.test.ts holds the two to one answer):
 * - Every compiled condition is 0 or 1, never NULL, so `not` is plain NOT (SQL's NOT NULL is NULL,
 *   which would drop rows the JS `!` keeps).
 * - "contains" is JavaScript's `toLowerCase().includes` run inside SQLite (`h2h_contains`): SQL's
 *   lower() folds ASCII only, and `from:müller` must find "Müller".
 * - `customer:` is core/domain/query/customer-match.ts run inside SQLite (`h2h_customer`).
 * - Free text: the conversations with a message the FTS5 expression (ftsMatch) matches.
 */
import type Database from 'better-sqlite3';
import type { QueryNode } from '../../../core/domain/query/query-ast.js';
import { customerMatches } from '../../../core/domain/query/customer-match.js';
import { effectiveStatusSql } from './conversation-queries.js';
import { ftsMatch } from './fts-text.js';

/** A term every match must satisfy, that names a set of conversations an index finds directly: a list with few of them starts there. */
export type Driver = { kind: 'text' | 'tag'; value: string };

export type CompiledQuery = {
  where: string;
  params: Record<string, string | number>;
  /** Text and tag terms ANDed at the top level (text as its FTS5 expression). */
  drivers: Driver[];
};

/** Registers the SQL functions compiled queries call. Once per connection. */
export function registerQueryFunctions(db: Database.Database): void {
  db.function('h2h_contains', { deterministic: true }, (haystack: unknown, needle: unknown) =>
    typeof haystack === 'string' && typeof needle === 'string' && haystack.toLowerCase().includes(needle) ? 1 : 0,
  );
  db.function('h2h_customer', { deterministic: true }, (email: unknown, name: unknown, value: unknown) =>
    typeof email === 'string' && typeof name === 'string' && typeof value === 'string' && customerMatches(email, name, value) ? 1 : 0,
  );
}

/** The conversations holding a message that matches an FTS5 expression (messages not yet in a conversation left out: `IN` with a NULL would be NULL). */
export const textMatchSql = (param: string) =>
  `SELECT m.conversation_id FROM message_fts f JOIN messages m ON m.rowid = f.rowid WHERE message_fts MATCH ${param} AND m.conversation_id IS NOT NULL`;
/** The conversations with a tag. */
export const taggedSql = (param: string) => `SELECT t.conversation_id FROM conversation_tags t WHERE t.tag = ${param}`;

/** Unread, as isUnread decides it (read mark by date, or marked unread). */
export const unreadSql = `(c.marked_unread = 1 OR (c.last_unseen_inbound_at IS NOT NULL AND (c.read_at IS NULL OR c.last_unseen_inbound_at > c.read_at)))`;
const participantSql = (kind: 'from' | 'to' | 'subject', param: string) =>
  `EXISTS (SELECT 1 FROM conversation_participants p WHERE p.conversation_id = c.id AND p.kind = '${kind}' AND h2h_contains(p.text, ${param}))`;

/**
/** Conversations marked in the owner's documents (owner.json), not the index: with a draft (is:draft), with a reply that did not go (is:failed). */
export type OwnerMarks = { draft?: readonly string[]; failed?: readonly string[] };

/**
 * Compiles a query; `now` ends snoozes; `marks`: the conversations is:draft and is:failed ask for. Undefined for a term this does not know (a field added to
 * the language before it is compiled here): the caller then evaluates matchConversation in JS.
 */
export function compileQuery(node: QueryNode, now: number, marks: OwnerMarks = {}): CompiledQuery | undefined {
  const drafts = marks.draft ?? [];
  const params: Record<string, string | number> = { now };
  const param = (value: string | number) => {
    const name = `p${Object.keys(params).length}`;
    params[name] = value;
    return '@' + name;
  };
  let unknown = false;
  const compile = (n: QueryNode): string => {
    switch (n.type) {
      case 'all':
        return '1';
      case 'and':
        return `(${n.items.map(compile).join(' AND ')})`;
      case 'or':
        return `(${n.items.map(compile).join(' OR ')})`;
      case 'not':
        return `(NOT ${compile(n.item)})`;
      case 'tag':
        return `EXISTS (SELECT 1 FROM conversation_tags t WHERE t.conversation_id = c.id AND t.tag = ${param(n.value)})`;
      case 'status':
        return `((${effectiveStatusSql}) = ${param(n.value)})`;
      case 'from':
      case 'to':
      case 'subject':
        return participantSql(n.type, param(n.value));
      case 'customer': {
        const p = param(n.value);
        const named = (email: string) => `h2h_customer(${email}, coalesce((SELECT cu.name FROM customers cu WHERE cu.email = ${email}), ''), ${p}) = 1`;
        // A person with several addresses (customer_addresses) is found by any of them: the conversation's
        // own address, its person's, or another address merged into the same person.
        const others = `SELECT person AS e FROM customer_addresses WHERE address = c.customer
          UNION ALL SELECT address FROM customer_addresses WHERE person = coalesce((SELECT person FROM customer_addresses WHERE address = c.customer), c.customer)`;
        return `(${named('c.customer')} OR EXISTS (SELECT 1 FROM (${others}) m WHERE m.e <> c.customer AND ${named('m.e')}))`;
      }
      case 'is':
        switch (n.value) {
          case 'unread':
            return unreadSql;
          case 'read':
            return `(NOT ${unreadSql})`;
          case 'unanswered':
            return '(c.waiting_since IS NOT NULL)';
          case 'answered':
            return '(c.waiting_since IS NULL)';
          case 'attachment':
            return '(c.has_attachments = 1)';
          case 'automated':
            return '(c.automated_only = 1)';
          case 'person':
            return '(c.automated_only = 0)';
          case 'bounced':
            return '(c.bounced_at IS NOT NULL)';
          case 'promised':
            return '(c.promise_by IS NOT NULL)';
          case 'due':
            return '(c.promise_by IS NOT NULL AND c.promise_by <= @now)';
          case 'draft':
            // Drafts live in owner.json, not the index: their conversations come as one JSON parameter.
            return `(c.id IN (SELECT value FROM json_each(${param(JSON.stringify(drafts))})))`;
          case 'failed':
            // The outbox too is the owner's document (owner.json).
            return `(c.id IN (SELECT value FROM json_each(${param(JSON.stringify(marks.failed ?? []))})))`;
        }
        return '0';
      case 'automated':
        return `EXISTS (SELECT 1 FROM json_each(coalesce(c.automated_kinds, '[]')) k WHERE k.value = ${param(n.value)})`;
      case 'after':
        return `(c.last_at >= ${param(n.at)})`;
      case 'before':
        return `(c.first_at < ${param(n.at)})`;
      case 'id': {
        const p = param(n.value);
        return `(substr(c.id, 1, length(${p})) = ${p})`;
      }
      case 'text': {
        const match = ftsMatch(n.value, n.phrase);
        // Per conversation, its messages against the matching rowids (materialised once): cheap on a
        // walk that stops at the limit, where joining every match to its conversation first is not.
        return match === null
          ? '0'
          : `EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.rowid IN (SELECT rowid FROM message_fts WHERE message_fts MATCH ${param(match)}))`;
      }
      default:
        unknown = true;
        return '0';
    }
  };
  const where = compile(node);
  if (unknown) return undefined;
  const conjuncts = node.type === 'and' ? node.items : [node];
  const drivers = conjuncts.flatMap((n): Driver[] => {
    if (n.type === 'tag') return [{ kind: 'tag', value: n.value }];
    const match = n.type === 'text' ? ftsMatch(n.value, n.phrase) : null;
    return match === null ? [] : [{ kind: 'text', value: match }];
  });
  return { where, params, drivers };
}
