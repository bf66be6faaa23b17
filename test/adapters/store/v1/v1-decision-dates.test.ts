/**
 * v1 decisions (dated by arrival: statusSeq, readSeq) as v2 dates (status_at, read_at): what the owner
 * saw under v1's rule is what v2's rule shows, for any conversation, including mail that arrived
 * after a decision but is dated before it (an old archive imported late).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decisionDates, type DatedMessage } from '../../../../src/adapters/store/v1/v1-decision-dates.js';
import type { ConversationState, ConversationStatus } from '../../../../src/core/domain/conversation.js';

// v1's rules (core/domain/conversation.ts at tag v1-store): arrival order decides.
const v1Reopened = (ms: DatedMessage[], s: ConversationState) => s.status !== 'open' && ms.some((m) => m.inbound && m.seq > (s.statusSeq ?? -1));
const v1UnreadMessages = (ms: DatedMessage[], s: ConversationState) => ms.filter((m) => m.inbound && !m.seenOnArrival && m.seq > (s.readSeq ?? -1));
// v2's rules (docs/store-v2.md): dates decide.
const v2Reopened = (ms: DatedMessage[], s: ConversationState, statusAt: number) => s.status !== 'open' && ms.some((m) => m.inbound && m.date > statusAt);
const v2UnreadMessages = (ms: DatedMessage[], readAt: number | null) => ms.filter((m) => m.inbound && !m.seenOnArrival && (readAt === null || m.date > readAt));

const day = 86_400_000;
const at = (d: number) => Date.UTC(2026, 0, 1) + d * day;
const msg = (seq: number, d: number, inbound = true, seenOnArrival = false): DatedMessage => ({ seq, date: at(d), inbound, seenOnArrival });

describe('v1 decisions as v2 dates', () => {
  it('dates a decision by the newest mail the owner had when making it', () => {
    const ms = [msg(0, 1), msg(1, 3, false), msg(2, 2)];
    expect(decisionDates({ status: 'closed', statusSeq: 2, readSeq: 2 }, ms)).toEqual({ statusAt: at(3), readAt: at(3) });
    // Customer mail arrived after it (seq 2) and is dated after it: news, as in v1.
    expect(decisionDates({ status: 'closed', statusSeq: 0 }, ms)).toEqual({ statusAt: at(1), readAt: null });
  });

  it('keeps a conversation v1 reopened open when the mail that reopened it is dated before the decision', () => {
    // Closed when seq 1 (day 5) was the newest; then an old message (day 2) arrived: v1 reopened it.
    const ms = [msg(0, 1), msg(1, 5, false), msg(2, 2)];
    const { statusAt } = decisionDates({ status: 'closed', statusSeq: 1 }, ms);
    expect(statusAt).toBe(at(2) - 1);
    expect(v2Reopened(ms, { status: 'closed' }, statusAt!)).toBe(true);
  });

  it('keeps every message v1 showed unread unread, and a conversation v1 showed read read', () => {
    const ms = [msg(0, 1), msg(1, 5), msg(2, 2), msg(3, 6, true, true)];
    const { readAt } = decisionDates({ readSeq: 1 }, ms);
    expect(v2UnreadMessages(ms, readAt).map((m) => m.seq)).toEqual([1, 2]);
    expect(decisionDates({ readSeq: 3 }, ms).readAt).toBe(at(6));
    expect(v2UnreadMessages(ms, decisionDates({ readSeq: 3 }, ms).readAt)).toEqual([]);
  });

  it('keeps dates a state already has, and gives none where nothing was decided', () => {
    const ms = [msg(0, 1)];
    expect(decisionDates({ status: 'waiting', statusSeq: 0, statusAt: new Date(at(9)).toISOString(), readSeq: 0, readAt: new Date(at(8)).toISOString() }, ms)).toEqual({ statusAt: at(9), readAt: at(8) });
    expect(decisionDates({ tags: ['x'] }, ms)).toEqual({ statusAt: null, readAt: null });
  });

  it('for any conversation and decision, v2’s date rules show what v1’s arrival rules showed', () => {
    const conversation = fc
      .array(fc.record({ day: fc.integer({ min: 0, max: 30 }), inbound: fc.boolean(), seenOnArrival: fc.boolean() }), { minLength: 1, maxLength: 12 })
      .map((xs) => xs.map((x, seq) => msg(seq * 3, x.day, x.inbound, x.seenOnArrival)));
    const status = fc.constantFrom<ConversationStatus | undefined>(undefined, 'open', 'waiting', 'closed', 'snoozed');
    fc.assert(
      fc.property(conversation, status, fc.integer({ min: -1, max: 40 }), fc.option(fc.integer({ min: -1, max: 40 }), { nil: undefined }), (ms, st, statusSeq, readSeq) => {
        const state: ConversationState = { ...(st ? { status: st, statusSeq } : {}), ...(readSeq !== undefined ? { readSeq } : {}) };
        const { statusAt, readAt } = decisionDates(state, ms);
        if (st) expect(v2Reopened(ms, state, statusAt!)).toBe(v1Reopened(ms, state));
        else expect(statusAt).toBeNull();
        const v2Unread = v2UnreadMessages(ms, readSeq === undefined ? null : readAt);
        // The conversation reads as unread exactly when v1 said so, and no message v1 showed unread is read now.
        expect(v2Unread.length > 0).toBe(v1UnreadMessages(ms, state).length > 0);
        expect(v2Unread).toEqual(expect.arrayContaining(v1UnreadMessages(ms, state)));
      }),
      { numRuns: 2000 },
    );
  });
});
