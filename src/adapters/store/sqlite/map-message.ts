/** Rows of `messages` and the domain's MessageMeta, both ways. Pure: no database here. */
import type { Address } from '../../../core/domain/address.js';
import { subjectKey } from '../../../core/domain/conversation-relation.js';
import type { MessageMeta } from '../../../core/domain/message.js';
import { automatedKinds, type AutomatedKind } from '../../../core/domain/automated.js';
import type { Bounce } from '../../../core/domain/bounce.js';

export type MessageRow = {
  rowid: number;
  short_id: string;
  message_id: string;
  synthetic: number;
  hash: string;
  content: string | null;
  shares_id: number;
  size: number;
  date: number;
  from_addr: string | null;
  from_name: string | null;
  to_json: string;
  cc_json: string;
  reply_to_json: string;
  subject: string;
  base_subject: string;
  references_json: string;
  in_reply_to_json: string;
  in_reply_to_ok: number;
  direction: 'in' | 'out';
  customer: string;
  attachments_json: string;
  snippet: string;
  seen_on_arrival: number;
  parse_error: string | null;
  automated: string | null;
  automated_by: string | null;
  /** A bounce's report (JSON of core/domain/bounce.ts), NULL for other mail. */
  bounce_json: string | null;
  source: string;
  conversation_id: string | null;
  /** The subject rule's key (subjectKey), NULL when the rule does not apply to this message. */
  subject_key: string | null;
  rev: number;
  off_server: number;
};

/** The columns an insert sets (the rowid is the database's, the revision the transaction's). */
export type MessageInsert = Omit<MessageRow, 'rowid' | 'rev' | 'off_server'>;

export const epochMs = (iso: string): number => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`not a date: ${iso}`);
  return ms;
};
export const isoOf = (ms: number): string => new Date(ms).toISOString();

export function messageToRow(meta: Omit<MessageMeta, 'seq'>, conversationId: string | null, baseSubject: string): MessageInsert {
  return {
    short_id: meta.id,
    message_id: meta.messageId,
    synthetic: meta.isSyntheticId ? 1 : 0,
    hash: meta.hash,
    content: meta.content ?? null,
    shares_id: meta.sharesMessageId ? 1 : 0,
    size: meta.size,
    date: epochMs(meta.date),
    from_addr: meta.from?.email ?? null,
    from_name: meta.from?.name ?? null,
    to_json: JSON.stringify(meta.to),
    cc_json: JSON.stringify(meta.cc),
    reply_to_json: JSON.stringify(meta.replyTo),
    subject: meta.subject,
    base_subject: baseSubject,
    references_json: JSON.stringify(meta.references),
    in_reply_to_json: JSON.stringify(meta.inReplyTo),
    in_reply_to_ok: meta.inReplyToWellFormed ? 1 : 0,
    direction: meta.direction,
    customer: meta.customer,
    attachments_json: JSON.stringify(meta.attachments),
    snippet: meta.snippet,
    seen_on_arrival: meta.seenOnArrival ? 1 : 0,
    parse_error: meta.parseError ?? null,
    automated: meta.automated?.kind ?? null,
    automated_by: meta.automated?.by ?? null,
    bounce_json: meta.bounce ? JSON.stringify(meta.bounce) : null,
    source: meta.source,
    conversation_id: conversationId,
    subject_key: subjectKey({ customer: meta.customer, baseSubject, references: meta.references, inReplyTo: meta.inReplyTo }) ?? null,
  };
}

export function rowToMessage(row: MessageRow): MessageMeta {
  const meta: MessageMeta = {
    seq: row.rowid,
    id: row.short_id,
    messageId: row.message_id,
    isSyntheticId: row.synthetic === 1,
    hash: row.hash,
    size: row.size,
    date: isoOf(row.date),
    from: row.from_addr === null ? null : ({ name: row.from_name ?? '', email: row.from_addr } satisfies Address),
    to: JSON.parse(row.to_json) as Address[],
    cc: JSON.parse(row.cc_json) as Address[],
    replyTo: JSON.parse(row.reply_to_json) as Address[],
    subject: row.subject,
    references: JSON.parse(row.references_json) as string[],
    inReplyTo: JSON.parse(row.in_reply_to_json) as string[],
    inReplyToWellFormed: row.in_reply_to_ok === 1,
    direction: row.direction,
    customer: row.customer,
    attachments: JSON.parse(row.attachments_json) as MessageMeta['attachments'],
    snippet: row.snippet,
    seenOnArrival: row.seen_on_arrival === 1,
    source: row.source,
  };
  // Optional fields stay absent when unset, as the JSON store wrote them.
  if (row.content !== null) meta.content = row.content;
  if (row.shares_id === 1) meta.sharesMessageId = true;
  if (row.parse_error !== null) meta.parseError = row.parse_error;
  if (row.automated !== null && (automatedKinds as readonly string[]).includes(row.automated)) meta.automated = { kind: row.automated as AutomatedKind, by: row.automated_by ?? '' };
  if (row.bounce_json) meta.bounce = JSON.parse(row.bounce_json) as Bounce;
  return meta;
}

/** The ids a message names, for threading lookups (`message_refs`). */
export function referencedIds(meta: Pick<MessageMeta, 'references' | 'inReplyTo'>): string[] {
  return [...new Set([...meta.references, ...meta.inReplyTo])];
}
