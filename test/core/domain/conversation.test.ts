import { describe, expect, it } from 'vitest';
import { effectiveStatus, isUnread, mergeStates } from '../../../src/core/domain/conversation.js';
import { summariseConversation } from '../../../src/core/domain/conversation-summary.js';
import type { MessageMeta } from '../../../src/core/domain/message.js';

let seq = 0;
function message(direction: 'in' | 'out', date: string, extra: Partial<MessageMeta> = {}): MessageMeta {
  const s = seq++;
  return {
    seq: s, id: `m${s}`, messageId: `<m${s}@x>`, isSyntheticId: false, hash: 'h', size: 1, date,
    from: direction === 'in' ? { name: 'Anna Virtanen', email: 'anna@ex.com' } : { name: 'Riitta', email: 'riitta@shop.example' },
    to: [], cc: [], replyTo: [], subject: 'Shoes', references: [], inReplyTo: [], inReplyToWellFormed: false,
    direction, customer: 'anna@ex.com', attachments: [], snippet: '', seenOnArrival: direction === 'out', source: 'test', ...extra,
  };
}

describe('summariseConversation', () => {
  it('waits since the oldest customer message after the shop last spoke', () => {
    const msgs = [message('in', '2026-01-01T10:00:00Z'), message('out', '2026-01-01T12:00:00Z'), message('in', '2026-01-02T09:00:00Z'), message('in', '2026-01-03T09:00:00Z')];
    const r = summariseConversation('c1', 0, msgs);
    expect(r.waitingSince).toBe('2026-01-02T09:00:00Z');
    expect(r.lastAt).toBe('2026-01-03T09:00:00Z');
    expect(r.lastIsOutbound).toBe(false);
  });

  it('has nobody waiting when the shop spoke last, whatever the arrival order', () => {
    const reply = message('out', '2026-01-02T00:00:00Z');
    const question = message('in', '2026-01-01T00:00:00Z');
    const r = summariseConversation('c1', 0, [reply, question]);
    expect(r.waitingSince).toBeNull();
    expect(r.lastIsOutbound).toBe(true);
    expect(r.seqs).toEqual([question.seq, reply.seq]);
  });
});

describe('effectiveStatus', () => {
  const base = summariseConversation('c1', 0, [message('in', '2026-01-01T00:00:00Z')]);

  it('is open, or waiting when the shop spoke last, until the owner decides', () => {
    expect(effectiveStatus(base, {}, 0)).toBe('open');
    expect(effectiveStatus({ ...base, lastIsOutbound: true }, {}, 0)).toBe('waiting');
  });

  it('keeps a decision until the customer writes again', () => {
    const closed = { status: 'closed' as const, statusSeq: base.lastInboundSeq };
    expect(effectiveStatus(base, closed, 0)).toBe('closed');
    expect(effectiveStatus({ ...base, lastInboundSeq: base.lastInboundSeq + 1 }, closed, 0)).toBe('open');
  });

  it('reopens a snoozed conversation when its time comes or the customer writes', () => {
    const snoozed = { status: 'snoozed' as const, statusSeq: base.lastInboundSeq, snoozedUntil: '2026-02-01T00:00:00Z' };
    expect(effectiveStatus(base, snoozed, Date.parse('2026-01-15T00:00:00Z'))).toBe('snoozed');
    expect(effectiveStatus(base, snoozed, Date.parse('2026-02-01T00:00:00Z'))).toBe('open');
    expect(effectiveStatus({ ...base, lastInboundSeq: base.lastInboundSeq + 1 }, snoozed, 0)).toBe('open');
  });

  it('a reply from the shop does not reopen a closed conversation', () => {
    const closed = { status: 'closed' as const, statusSeq: base.lastInboundSeq };
    expect(effectiveStatus({ ...base, lastOutboundSeq: 99, lastIsOutbound: true }, closed, 0)).toBe('closed');
  });
});

describe('isUnread', () => {
  it('is unread while a customer message arrived after the last read', () => {
    const r = summariseConversation('c1', 0, [message('in', '2026-01-01T00:00:00Z')]);
    expect(isUnread(r, {})).toBe(true);
    expect(isUnread(r, { readSeq: r.lastUnseenInboundSeq })).toBe(false);
    expect(isUnread(r, { readSeq: r.lastUnseenInboundSeq, markedUnread: true })).toBe(true);
  });

  it('mail that arrived already read does not make it unread', () => {
    const r = summariseConversation('c1', 0, [message('in', '2026-01-01T00:00:00Z', { seenOnArrival: true })]);
    expect(isUnread(r, {})).toBe(false);
  });
});

describe('mergeStates', () => {
  it('unions tags and notes and keeps the latest status decision', () => {
    const merged = mergeStates([
      { tags: ['refund'], status: 'closed', statusSeq: 5, notes: [{ id: 'n1', text: 'a', at: '2026-01-01T00:00:00Z' }] },
      { tags: ['urgent', 'refund'], status: 'waiting', statusSeq: 9, notes: [{ id: 'n2', text: 'b', at: '2025-01-01T00:00:00Z' }] },
    ]);
    expect(merged.tags).toEqual(['refund', 'urgent']);
    expect(merged.status).toBe('waiting');
    expect(merged.notes?.map((n) => n.id)).toEqual(['n2', 'n1']);
  });
});

describe('decisions by date', () => {
  // Decided when the newest message was of 10 January; an old one (5 January) and a new one (12 January) arrive after.
  const decidedOn = summariseConversation('c1', 0, [message('in', '2026-01-10T00:00:00Z')]);
  const old = message('in', '2026-01-05T00:00:00Z');
  const fresh = message('in', '2026-01-12T00:00:00Z');
  const withOld = summariseConversation('c1', 0, [...decidedOn.seqs.map((s) => message('in', '2026-01-10T00:00:00Z', { seq: s })), old]);
  const withNew = summariseConversation('c1', 0, [...decidedOn.seqs.map((s) => message('in', '2026-01-10T00:00:00Z', { seq: s })), old, fresh]);
  const closed = { status: 'closed' as const, statusSeq: decidedOn.lastInboundSeq, statusAt: decidedOn.lastAt };
  const read = { readSeq: decidedOn.lastInboundSeq, readAt: decidedOn.lastAt };

  it('older mail arriving after a decision neither reopens nor marks unread; newer mail does both', () => {
    expect(withOld.lastInboundSeq).toBeGreaterThan(closed.statusSeq);
    expect(effectiveStatus(withOld, closed, 0)).toBe('closed');
    expect(isUnread(withOld, read)).toBe(false);
    expect(effectiveStatus(withNew, closed, 0)).toBe('open');
    expect(isUnread(withNew, read)).toBe(true);
  });

  it('without dates (a state or a record of an older version) arrival order decides, as before', () => {
    expect(effectiveStatus(withOld, { status: 'closed', statusSeq: closed.statusSeq }, 0)).toBe('open');
    const { lastInboundAt: _a, lastUnseenInboundAt: _b, ...oldRecord } = withOld;
    expect(effectiveStatus(oldRecord, closed, 0)).toBe('open');
    expect(isUnread(oldRecord, read)).toBe(true);
  });

  it('a read mark taken from the server (seq only) still reads newer mail', () => {
    expect(isUnread(withNew, { readSeq: withNew.lastUnseenInboundSeq, readAt: decidedOn.lastAt })).toBe(false);
  });

  it('merged states keep the latest decision with its date, and a read date only when every read mark has one', () => {
    const merged = mergeStates([{ ...closed, statusSeq: 1 }, { status: 'waiting', statusSeq: 2, statusAt: '2026-01-11T00:00:00Z', readSeq: 2, readAt: '2026-01-11T00:00:00Z' }, read]);
    expect(merged).toMatchObject({ status: 'waiting', statusAt: '2026-01-11T00:00:00Z', readAt: decidedOn.lastAt });
    expect(mergeStates([read, { readSeq: 3 }]).readAt).toBeUndefined();
  });
});
