/**
 * Copies a v1 store (read by read-v1-store.ts) into a fresh mail index, row by row: messages with
 * their kept texts, search tokens and copies; conversations with their aliases and the owner's
 * decisions; customers; sync positions. The owner's documents (drafts, outbox, undo) are the
 * caller's (they go to owner.json through the owner part).
 *
 * Identity: each message keeps its v1 seq as its rowid (docs/store-v2.md, "Migration from v1"), so
 * everything that names a seq (UID maps, copies, off-server marks, outbox answersSeq, drafts'
 * baseSeq, undo states) means the same message without translation. The revision counter starts at
 * v1's nextSeq, so a conversation's v1 createdSeq can stay its `created_rev` (which conversation
 * survives a merge) and every conversation created later has a higher one.
 *
 * Memory: messages are streamed a shard at a time and written a batch per transaction; what is
 * kept across batches is a date and two bits per message (for the decisions' dates).
 */
import type { ConversationState, Note } from '../../../core/domain/conversation.js';
import type { UndoRecord } from '../../../core/ports/mail-store.js';
import { baseSubjectKey } from '../../../core/domain/subject.js';
import { messageSearchText } from '../../../core/services/message-records.js';
import type { MailIndexHandle } from '../sqlite/mail-index.js';
import { recordParticipants, recordToRow, type ConversationRow } from '../sqlite/map-conversation.js';
import { rowToDatedState } from '../sqlite/conversation-entries.js';
import { epochMs, isoOf } from '../sqlite/map-message.js';
import type { IndexedMessage } from '../sqlite/messages-repo.js';
import type { V1Conversation, V1Message, V1Store } from './read-v1-store.js';
import { decisionDates, type DatedMessage } from './v1-decision-dates.js';

export type CopyV1Options = {
  /** A message's new (unquoted) text, for the search index: from its kept text, else from its raw file (at `rawPath`). */
  newText(message: V1Message, rawPath: string): string | Promise<string>;
  /** Messages (and conversations) per write transaction. */
  batchSize?: number;
  /** After each committed batch of messages: how many are copied so far. */
  onBatch?(copied: number): void;
};

export type CopyV1Report = { messages: number; conversations: number; aliases: number; customers: number; folders: number; uids: number; orphanStates: number };

/** What was copied, and the undo record with its states as v2 reads them (dates, not seqs), for owner.json. */
export type CopyV1Result = { report: CopyV1Report; undo: UndoRecord | undefined };

const inbound = 1;
const seen = 2;

/** Dates that do not parse (never written by v1, but a hand-edited file may hold one) are kept as none. */
const msOrNull = (iso: string | undefined) => {
  const ms = iso === undefined ? NaN : Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
};

export async function copyV1Rows(v1: V1Store, index: MailIndexHandle, options: CopyV1Options): Promise<CopyV1Result> {
  const { db } = index;
  const batchSize = options.batchSize ?? 2000;
  db.transaction(() => db.prepare("UPDATE meta SET value = ? WHERE key = 'revision'").run(String(v1.committedSeq)))();

  // The lookup indexes of the message tables are built once at the end, from sorted rows, instead of
  // growing by random inserts (hash, Message-ID, content: keys all over the file).
  const deferred = db
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('messages', 'message_refs', 'message_copies')")
    .all() as { name: string; sql: string }[];
  for (const { name } of deferred) db.exec(`DROP INDEX "${name}"`);

  const conversationOf = new Map<number, string>();
  for (const c of v1.conversations) for (const seq of c.record.seqs) conversationOf.set(seq, c.record.id);
  const dates = new Float64Array(v1.committedSeq);
  const bits = new Uint8Array(v1.committedSeq);

  let copied = 0;
  let batch: IndexedMessage[] = [];
  const flush = () => {
    const rows = batch;
    batch = [];
    index.write((rev) => index.messages.insert(rev, rows));
    copied += rows.length;
    options.onBatch?.(copied);
  };
  // Short ids are unique in v2 (a column constraint). v1 never made two alike, but a store that did
  // must still migrate: the second gets its seq appended rather than stopping every open.
  const shortIds = new Set<string>();
  for await (const m of v1.messages()) {
    const { seq, ...meta } = m.meta;
    if (shortIds.has(meta.id)) meta.id = `${meta.id}${seq.toString(36)}`;
    shortIds.add(meta.id);
    dates[seq] = epochMs(meta.date);
    bits[seq] = (meta.direction === 'in' ? inbound : 0) | (meta.seenOnArrival ? seen : 0);
    batch.push({
      rowid: seq,
      meta,
      conversationId: conversationOf.get(seq) ?? null,
      baseSubject: baseSubjectKey(meta.subject),
      searchText: messageSearchText(m.meta, await options.newText(m, v1.rawPath(m.meta.hash))),
      ...(m.text !== undefined ? { text: m.text } : {}),
      ...(m.split !== undefined ? { split: m.split } : {}),
    });
    if (batch.length >= batchSize) flush();
  }
  if (batch.length) flush();

  const dated = (seqs: number[]): DatedMessage[] => seqs.map((seq) => ({ seq, date: dates[seq], inbound: (bits[seq] & inbound) !== 0, seenOnArrival: (bits[seq] & seen) !== 0 }));
  const writeConversation = conversationWriter(index);
  for (let i = 0; i < v1.conversations.length; i += batchSize) {
    const chunk = v1.conversations.slice(i, i + batchSize);
    index.write((rev) => {
      for (const c of chunk) writeConversation(rev, c, dated(c.record.seqs.filter((seq) => seq < v1.committedSeq)));
    });
    // Let timers run between batches: the v1 lock held meanwhile is refreshed by one.
    await new Promise((resolve) => setImmediate(resolve));
  }

  const aliases = Object.entries(v1.aliases);
  index.write(() => {
    for (const [merged, survivor] of aliases) index.conversations.alias(merged, survivor);
    writeCustomers(index, v1);
    writeSync(index, v1);
  });
  for (const { sql } of deferred) db.exec(sql);
  // Undo restores `before` where the state is still `after`, as v2 reads it back: both in v2's form.
  const records = new Map(v1.conversations.map((c) => [c.record.id, c.record]));
  const inV2 = (id: string, state: ConversationState) => {
    const record = records.get(id);
    return record ? datedState(state, dated(record.seqs.filter((seq) => seq < v1.committedSeq)), epochMs(record.lastAt)) : datedState(state, [], 0);
  };
  const undo = v1.undo && { ...v1.undo, changes: v1.undo.changes.map((c) => ({ id: c.id, before: inV2(c.id, c.before), after: inV2(c.id, c.after) })) };
  const report = {
    messages: copied,
    conversations: v1.conversations.length,
    aliases: aliases.length,
    customers: v1.customers.length,
    folders: Object.keys(v1.sync.folders).length,
    uids: Object.values(v1.sync.folders).reduce((n, f) => n + Object.keys(f.uids).length, 0),
    orphanStates: Object.keys(v1.orphanStates).length,
  };
  return { report, undo };
}

/** A v1 state as v2 reads its row back (conversation-entries.ts): the same mapping as the row this migration writes. */
function datedState(state: ConversationState, messages: DatedMessage[], lastAt: number): ConversationState {
  const row = decisionRow(state, messages);
  const notes = (state.notes ?? []).map((n) => ({ id: n.id, conversation_id: null, customer: null, text: n.text, at: epochMs(n.at), author: n.author ?? null }));
  notes.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return rowToDatedState({ ...row, last_at: lastAt } as ConversationRow, [...new Set(state.tags ?? [])].sort(), notes);
}

/** The decision columns of a conversation row for a v1 state. */
function decisionRow(state: ConversationState, messages: DatedMessage[]) {
  const { statusAt, readAt } = decisionDates(state, messages);
  return {
    status: state.status ?? null,
    status_at: statusAt,
    snoozed_until: state.status === 'snoozed' ? msOrNull(state.snoozedUntil) : null,
    // v1 did not keep when a status was set.
    status_changed_at: null,
    read_at: readAt,
    marked_unread: state.markedUnread ? 1 : 0,
  };
}

/** A conversation's derived row (as v1 derived it), then the owner's decisions (merged as v1 showed them). */
function conversationWriter(index: MailIndexHandle) {
  const { db } = index;
  const createdAt = db.prepare('UPDATE conversations SET created_rev = ? WHERE id = ?');
  const decide = db.prepare(
    `UPDATE conversations SET status = @status, status_at = @status_at, snoozed_until = @snoozed_until, read_at = @read_at,
       marked_unread = @marked_unread, state_rev = @rev WHERE id = @id`,
  );
  const tag = db.prepare('INSERT OR IGNORE INTO conversation_tags(conversation_id, tag) VALUES (?, ?)');
  const note = noteWriter(db);
  return (rev: number, c: V1Conversation, messages: DatedMessage[]) => {
    const { record } = c;
    const dateOf = new Map(messages.map((m) => [m.seq, m.date]));
    const summary = recordToRow(record, (seq) => isoOf(dateOf.get(seq) ?? epochMs(record.lastAt)));
    // v2 compares dates: the newest customer mail by date, not the last to arrive (v1 records have no dates here).
    const newest = (keep: (m: DatedMessage) => boolean) => messages.reduce<number | null>((max, m) => (keep(m) && (max === null || m.date > max) ? m.date : max), null);
    summary.last_inbound_at = newest((m) => m.inbound);
    summary.last_unseen_inbound_at = newest((m) => m.inbound && !m.seenOnArrival);
    index.conversations.upsert(rev, summary, recordParticipants(record));
    createdAt.run(record.createdSeq, record.id);
    const state: ConversationState = c.state;
    if (!decided(state)) return;
    decide.run({ id: record.id, ...decisionRow(state, messages), rev });
    for (const t of state.tags ?? []) tag.run(record.id, t);
    for (const n of state.notes ?? []) note(n.id, record.id, null, n);
  };
}

/**
 * Writes a note under its v1 id. Note ids are one key in v2 (v1 kept them per conversation and per
 * customer): an id met twice (the same note restored in two places) gets a suffix instead of
 * stopping the migration, and so every open. A date that does not parse is kept as the epoch.
 */
function noteWriter(db: MailIndexHandle['db']) {
  const insert = db.prepare('INSERT OR IGNORE INTO notes(id, conversation_id, customer, text, at, author) VALUES (?, ?, ?, ?, ?, ?)');
  return (id: string, conversationId: string | null, customer: string | null, n: Note) => {
    let i = 0;
    while (insert.run(i === 0 ? id : `${id}-${i}`, conversationId, customer, n.text, msOrNull(n.at) ?? 0, n.author ?? null).changes === 0) i++;
  };
}

const decided = (s: ConversationState) => s.status !== undefined || s.readSeq !== undefined || s.readAt !== undefined || !!s.markedUnread || !!s.tags?.length || !!s.notes?.length;

function writeCustomers(index: MailIndexHandle, v1: V1Store): void {
  const { db } = index;
  const put = db.prepare('INSERT INTO customers(email, name, name_at, first_name) VALUES (?, ?, ?, ?)');
  const note = noteWriter(db);
  for (const c of v1.customers) {
    put.run(c.email, c.record?.name ?? '', msOrNull(c.record?.nameAt), c.state?.firstName ?? null);
    for (const n of c.state?.notes ?? []) note(n.id, null, c.email, n);
  }
}

function writeSync(index: MailIndexHandle, v1: V1Store): void {
  const { db } = index;
  const meta = db.prepare('INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  if (v1.sync.account !== undefined) meta.run('account', v1.sync.account);
  if (v1.copiesReviewed) meta.run('copies_reviewed', '1');
  for (const [path, f] of Object.entries(v1.sync.folders)) {
    index.folders.setPosition(path, { uidValidity: f.uidValidity, uidNext: f.uidNext, ...(f.highestModseq !== undefined ? { highestModseq: f.highestModseq } : {}) });
    for (const [uid, [seq, ...flags]] of Object.entries(f.uids)) index.folders.putUid(path, Number(uid), seq, flags);
    for (const [uid, size] of Object.entries(f.tooLarge ?? {})) index.folders.putTooLarge(path, Number(uid), size);
  }
  const offServer = db.prepare('UPDATE messages SET off_server = 1 WHERE rowid = ?');
  for (const seq of v1.sync.offServer) offServer.run(seq);
  for (const [seq, hashes] of Object.entries(v1.copies)) {
    // A copy of a message that was never committed names nothing (and would break the foreign key).
    if (Number(seq) < v1.committedSeq) for (const hash of hashes) index.messages.addCopy(Number(seq), hash);
  }
}
