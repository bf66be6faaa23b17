import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ConversationRecord } from '../../../../src/core/domain/conversation.js';
import { summariseConversation } from '../../../../src/core/domain/conversation-summary.js';
import type { MessageMeta } from '../../../../src/core/domain/message.js';
import type { FolderSync } from '../../../../src/core/ports/store/v1-documents.js';
import { recordParticipants, recordToRow, rowToRecord, rowToState, type ConversationRow } from '../../../../src/adapters/store/sqlite/map-conversation.js';
import { rowToCustomer } from '../../../../src/adapters/store/sqlite/map-customer.js';
import { folderSyncToRows, rowsToFolderSync } from '../../../../src/adapters/store/sqlite/map-folder.js';
import { messageToRow, referencedIds, rowToMessage } from '../../../../src/adapters/store/sqlite/map-message.js';
import { meta } from './index-fixture.js';

const address = fc.record({ name: fc.string({ maxLength: 10 }), email: fc.emailAddress() });
const metaArb = fc
  .record({
    from: fc.option(address, { nil: null }),
    to: fc.array(address, { maxLength: 3 }),
    subject: fc.string({ maxLength: 20 }),
    references: fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }),
    date: fc.date({ min: new Date(0), max: new Date(Date.UTC(2100, 0)), noInvalidDate: true }).map((d) => d.toISOString()),
    direction: fc.constantFrom('in' as const, 'out' as const),
    seenOnArrival: fc.boolean(),
    content: fc.option(fc.string({ maxLength: 8 }), { nil: undefined }),
    parseError: fc.option(fc.string({ maxLength: 8 }), { nil: undefined }),
    sharesMessageId: fc.option(fc.constant(true), { nil: undefined }),
  })
  .map((over) => {
    const m = meta(over);
    // Optional fields are absent, not undefined, in what the store reads back.
    for (const k of ['content', 'parseError', 'sharesMessageId'] as const) if (m[k] === undefined) delete m[k];
    return m;
  });

describe('map-message', () => {
  it('a message survives the row and back, the rowid becoming its seq', () => {
    fc.assert(
      fc.property(metaArb, fc.integer({ min: 1 }), (m, rowid) => {
        const row = { ...messageToRow(m, 'c1', 'base'), rowid, rev: 3, off_server: 0 };
        expect(rowToMessage(row)).toEqual({ ...m, seq: rowid });
      }),
    );
  });

  it('lists each referenced id once', () => {
    expect(referencedIds({ references: ['<a>', '<b>'], inReplyTo: ['<b>', '<c>'] })).toEqual(['<a>', '<b>', '<c>']);
  });
});

describe('map-conversation', () => {
  const decisionless = (row: ReturnType<typeof recordToRow>, created: number): ConversationRow => ({
    ...row, created_rev: created, rev: created, status: null, status_at: null, status_changed_at: null, snoozed_until: null, read_at: null, marked_unread: 0, state_rev: null, promise_by: null, promise_text: null, promise_at: null,
  });

  it('a conversation record survives the row, its messages and participants and back', () => {
    fc.assert(
      fc.property(fc.array(metaArb, { minLength: 1, maxLength: 6 }), (metas) => {
        const messages: MessageMeta[] = metas.map((m, i) => ({ ...m, seq: i + 1 }));
        const record: ConversationRecord = summariseConversation('c1', 7, messages);
        const row = decisionless(recordToRow(record, (seq) => messages[seq - 1].date), 7);
        const rows = messages.map((m) => ({ rowid: m.seq, date: Date.parse(m.date), direction: m.direction, seen_on_arrival: m.seenOnArrival ? 1 : 0 }));
        expect(rowToRecord(row, rows, recordParticipants(record))).toEqual(record);
      }),
    );
  });

  it('maps dated decisions to the newest message dated at or before them', () => {
    const row = {
      ...decisionless(recordToRow(summariseConversation('c1', 1, [{ ...meta(), seq: 1 }]), () => new Date(0).toISOString()), 1),
      status: 'snoozed' as const, status_at: 2000, snoozed_until: 5000, read_at: 1000, marked_unread: 1,
    };
    const messages = [
      { rowid: 1, date: 1000, direction: 'in' as const, seen_on_arrival: 0 },
      { rowid: 2, date: 3000, direction: 'in' as const, seen_on_arrival: 0 },
      { rowid: 3, date: 500, direction: 'in' as const, seen_on_arrival: 0 }, // imported late, dated early
    ];
    const notes = [
      { id: 'n2', conversation_id: 'c1', customer: null, text: 'b', at: 2000, author: null },
      { id: 'n1', conversation_id: 'c1', customer: null, text: 'a', at: 1000, author: 'me' },
    ];
    expect(rowToState(row, ['z', 'a'], notes, messages)).toEqual({
      status: 'snoozed',
      statusSeq: 3,
      snoozedUntil: new Date(5000).toISOString(),
      tags: ['a', 'z'],
      notes: [{ id: 'n1', text: 'a', at: new Date(1000).toISOString(), author: 'me' }, { id: 'n2', text: 'b', at: new Date(2000).toISOString() }],
      readSeq: 3,
      markedUnread: true,
    });
    expect(rowToState({ ...row, status: null, read_at: null, marked_unread: 0 }, [], [], messages)).toEqual({});
  });
});

describe('map-folder and map-customer', () => {
  it('a folder position with its UID map and too-large list survives the rows and back', () => {
    const sync: FolderSync = { uidValidity: '42', uidNext: 9, highestModseq: '77', uids: { '3': [10, '\\Seen', 'vip'], '8': [11] }, tooLarge: { '5': 123 } };
    const rows = folderSyncToRows('INBOX', sync);
    expect(rowsToFolderSync(rows.folder, rows.uids, rows.tooLarge)).toEqual(sync);
    const bare: FolderSync = { uidValidity: '1', uidNext: 1, uids: {} };
    const bareRows = folderSyncToRows('x', bare);
    expect(rowsToFolderSync(bareRows.folder, bareRows.uids, bareRows.tooLarge)).toEqual(bare);
  });

  it('a customer row reads as a CustomerRecord', () => {
    expect(rowToCustomer({ email: 'a@x', name: 'A', name_at: 0, first_name: null })).toEqual({ email: 'a@x', name: 'A', nameAt: new Date(0).toISOString() });
    expect(rowToCustomer({ email: 'a@x', name: '', name_at: null, first_name: 'Anni' })).toEqual({ email: 'a@x', name: '', nameAt: '' });
  });
});
