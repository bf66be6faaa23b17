/**
 * Rows of `conversations` (+ tags, participants, notes) and the domain's ConversationRecord,
 * ConversationState and Note. Pure: no database here.
 *
 * The row keeps dates where the domain types still keep arrival seqs (lastInboundSeq, statusSeq,
 * readSeq): the index decides "is this newer" by date (docs/store-v2.md). Until the domain speaks
 * dates, a decision maps to the newest message dated at or before it, so effectiveStatus and
 * isUnread read the row as the JSON store's state would have said.
 */
import type { ConversationRecord, ConversationState, ConversationStatus, Note } from '../../../core/domain/conversation.js';
import { epochMs, isoOf } from './map-message.js';
import type { AutomatedKind } from '../../../core/domain/automated.js';

export type ConversationRow = {
  id: string;
  customer: string;
  subject: string;
  base_subject: string;
  first_at: number;
  last_at: number;
  last_inbound_at: number | null;
  last_unseen_inbound_at: number | null;
  last_outbound_at: number | null;
  waiting_since: number | null;
  last_is_outbound: number;
  has_attachments: number;
  message_count: number;
  /** Schema 4: every message from outside is a machine's (1), and the kinds of machine mail (JSON), NULL when none. */
  automated_only: number;
  automated_kinds: string | null;
  /** Schema 6: the newest bounce not followed by the shop's mail (is:bounced), NULL when none. */
  bounced_at: number | null;
  /** The seq of the message that started it (NULL in rows written before the column: created_rev stands in). */
  created_seq: number | null;
  created_rev: number;
  rev: number;
  status: ConversationStatus | null;
  status_at: number | null;
  /** Clock time of the last status change (schema 3; NULL before). */
  status_changed_at: number | null;
  snoozed_until: number | null;
  read_at: number | null;
  marked_unread: number;
  state_rev: number | null;
  /** Schema 9: the owner's promise (issue 19), NULL when none. */
  promise_by: number | null;
  promise_text: string | null;
  promise_at: number | null;
};

/** The derived half of a conversation row: what the mail says, rebuilt when mail arrives. */
export type ConversationSummaryRow = Omit<ConversationRow, 'created_rev' | 'rev' | 'status' | 'status_at' | 'status_changed_at' | 'snoozed_until' | 'read_at' | 'marked_unread' | 'state_rev' | 'promise_by' | 'promise_text' | 'promise_at'>;

/** What the mapping needs of each message in the conversation. */
export type ConversationMessage = { rowid: number; date: number; direction: 'in' | 'out'; seen_on_arrival: number };
export type ParticipantRow = { kind: 'from' | 'to' | 'subject'; text: string };
export type NoteRow = { id: string; conversation_id: string | null; customer: string | null; text: string; at: number; author: string | null };

/** The summary row of a record; `dateOf` gives a message's date by its seq (rowid). */
export function recordToRow(record: ConversationRecord, dateOf: (seq: number) => string): ConversationSummaryRow {
  const at = (seq: number) => (seq < 0 ? null : epochMs(dateOf(seq)));
  return {
    id: record.id,
    customer: record.customer,
    subject: record.subject,
    base_subject: record.baseSubject,
    first_at: epochMs(record.firstAt),
    last_at: epochMs(record.lastAt),
    // The newest by date (what reopen-by-date compares), not the last to arrive.
    last_inbound_at: record.lastInboundAt !== undefined ? epochMs(record.lastInboundAt) : at(record.lastInboundSeq),
    last_unseen_inbound_at: record.lastUnseenInboundAt !== undefined ? epochMs(record.lastUnseenInboundAt) : at(record.lastUnseenInboundSeq),
    last_outbound_at: record.lastOutboundAt !== undefined ? epochMs(record.lastOutboundAt) : at(record.lastOutboundSeq),
    waiting_since: record.waitingSince === null ? null : epochMs(record.waitingSince),
    last_is_outbound: record.lastIsOutbound ? 1 : 0,
    has_attachments: record.hasAttachments ? 1 : 0,
    message_count: record.seqs.length,
    automated_only: record.automatedOnly ? 1 : 0,
    automated_kinds: record.automatedKinds?.length ? JSON.stringify(record.automatedKinds) : null,
    bounced_at: record.bouncedAt !== undefined ? epochMs(record.bouncedAt) : null,
    created_seq: record.createdSeq,
  };
}

export function recordParticipants(record: ConversationRecord): ParticipantRow[] {
  return [
    ...record.senders.map((text) => ({ kind: 'from' as const, text })),
    ...record.recipients.map((text) => ({ kind: 'to' as const, text })),
    ...record.subjects.map((text) => ({ kind: 'subject' as const, text })),
  ];
}

const byDate = (a: ConversationMessage, b: ConversationMessage) => a.date - b.date || a.rowid - b.rowid;
const maxSeq = (messages: ConversationMessage[], keep: (m: ConversationMessage) => boolean) => messages.reduce((max, m) => (keep(m) ? Math.max(max, m.rowid) : max), -1);

export function rowToRecord(row: ConversationRow, messages: ConversationMessage[], participants: ParticipantRow[]): ConversationRecord {
  const sorted = [...messages].sort(byDate);
  const of = (kind: ParticipantRow['kind']) => participants.filter((p) => p.kind === kind).map((p) => p.text);
  return {
    id: row.id,
    createdSeq: row.created_seq ?? row.created_rev,
    subject: row.subject,
    baseSubject: row.base_subject,
    customer: row.customer,
    seqs: sorted.map((m) => m.rowid),
    firstAt: isoOf(row.first_at),
    lastAt: isoOf(row.last_at),
    waitingSince: row.waiting_since === null ? null : isoOf(row.waiting_since),
    // Up to the dates the record kept: mail that does not count (an auto-reply, a forward to the
    // courier) is dated after them, so it is not the customer writing or the shop answering.
    lastInboundSeq: maxSeq(sorted, (m) => m.direction === 'in' && row.last_inbound_at !== null && m.date <= row.last_inbound_at),
    lastUnseenInboundSeq: maxSeq(sorted, (m) => m.direction === 'in' && m.seen_on_arrival === 0),
    lastOutboundSeq: maxSeq(sorted, (m) => m.direction === 'out' && row.last_outbound_at !== null && m.date <= row.last_outbound_at),
    ...(row.last_inbound_at !== null ? { lastInboundAt: isoOf(row.last_inbound_at) } : {}),
    ...(row.last_outbound_at !== null ? { lastOutboundAt: isoOf(row.last_outbound_at) } : {}),
    ...(row.last_unseen_inbound_at !== null ? { lastUnseenInboundAt: isoOf(row.last_unseen_inbound_at) } : {}),
    lastIsOutbound: row.last_is_outbound === 1,
    hasAttachments: row.has_attachments === 1,
    ...(row.automated_only === 1 ? { automatedOnly: true } : {}),
    ...(row.automated_kinds !== null ? { automatedKinds: JSON.parse(row.automated_kinds) as AutomatedKind[] } : {}),
    ...(row.bounced_at !== null ? { bouncedAt: isoOf(row.bounced_at) } : {}),
    senders: of('from'),
    recipients: of('to'),
    subjects: of('subject'),
  };
}

export function rowToNote(row: NoteRow): Note {
  const note: Note = { id: row.id, text: row.text, at: isoOf(row.at) };
  if (row.author !== null) note.author = row.author;
  return note;
}

export function rowToState(row: ConversationRow, tags: string[], notes: NoteRow[], messages: ConversationMessage[]): ConversationState {
  const state: ConversationState = {};
  // The newest message the owner had seen when deciding: a message dated later is news.
  const seqAt = (at: number) => maxSeq(messages, (m) => m.date <= at);
  if (row.status !== null) {
    state.status = row.status;
    state.statusSeq = seqAt(row.status_at ?? -Infinity);
    if (row.snoozed_until !== null) state.snoozedUntil = isoOf(row.snoozed_until);
  }
  if (tags.length) state.tags = [...tags].sort();
  if (notes.length) state.notes = notes.map(rowToNote).sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  if (row.read_at !== null) state.readSeq = seqAt(row.read_at);
  if (row.marked_unread === 1) state.markedUnread = true;
  const promise = rowToPromise(row);
  if (promise) state.promise = promise;
  return state;
}

/** The promise on a row (schema 9), undefined when none. */
export function rowToPromise(row: Pick<ConversationRow, 'promise_by' | 'promise_text' | 'promise_at'>): ConversationState['promise'] {
  if (row.promise_by === null || row.promise_by === undefined) return undefined;
  return { by: isoOf(row.promise_by), text: row.promise_text ?? '', at: isoOf(row.promise_at ?? row.promise_by) };
}
