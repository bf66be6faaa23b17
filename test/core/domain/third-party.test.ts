/**
 * Who is a third party in a customer's conversation (core/domain/third-party.ts), and the forward's
 * subject: the cases a shop meets, each with its sibling that must not be caught.
 */
import { describe, expect, it } from 'vitest';
import { thirdPartySeqs } from '../../../src/core/domain/third-party.js';
import { forwardSubject } from '../../../src/core/domain/forward.js';
import { summariseConversation } from '../../../src/core/domain/conversation-summary.js';
import type { MessageMeta } from '../../../src/core/domain/message.js';

const shop = { name: 'Riitta', email: 'riitta@shop.example' };
const anna = { name: 'Anna', email: 'anna@ex.com' };
const mikko = { name: 'Mikko', email: 'mikko@ex.com' };
const courier = { name: 'Claims', email: 'claims@courier.example' };
let seq = 0;
function m(direction: 'in' | 'out', from: { name: string; email: string }, to: { name: string; email: string }[], date: string, cc: { name: string; email: string }[] = []): MessageMeta {
  const s = ++seq;
  const customer = direction === 'in' ? from.email : ([...to, ...cc][0]?.email ?? shop.email);
  return { seq: s, id: `m${s}`, messageId: `<m${s}@x>`, isSyntheticId: false, hash: 'h', size: 1, date, from, to, cc, replyTo: [], subject: 'Broken parcel', references: [], inReplyTo: [], inReplyToWellFormed: true, direction, customer, attachments: [], snippet: '', seenOnArrival: direction === 'out', source: 'test' };
}

describe('thirdPartySeqs', () => {
  it("marks the forward to the courier and the courier's answer, not the customer's mail or the replies to her", () => {
    const question = m('in', anna, [shop], '2026-11-02T09:00:00Z');
    const forward = m('out', shop, [courier], '2026-11-02T10:00:00Z');
    const reply = m('out', shop, [anna], '2026-11-02T10:05:00Z');
    const answer = m('in', courier, [shop], '2026-11-02T12:00:00Z');
    expect([...thirdPartySeqs([question, forward, reply, answer], anna.email)]).toEqual([forward.seq, answer.seq]);
  });

  it('does not mark the husband the shop kept in Cc of a reply to her, nor his own mail', () => {
    const question = m('in', anna, [shop], '2026-11-02T09:00:00Z', [mikko]);
    const reply = m('out', shop, [anna], '2026-11-02T10:00:00Z', [mikko]);
    const husband = m('in', mikko, [shop], '2026-11-02T11:00:00Z', [anna]);
    expect([...thirdPartySeqs([question, reply, husband], anna.email)]).toEqual([]);
  });

  it('does not mark mail of the shop with no recipients it can see (Bcc only)', () => {
    const question = m('in', anna, [shop], '2026-11-02T09:00:00Z');
    const bccOnly = m('out', shop, [], '2026-11-02T10:00:00Z');
    expect([...thirdPartySeqs([question, bccOnly], anna.email)]).toEqual([]);
  });

  it("keeps the customer's waiting clock through a forward and the courier's answer, and reopens on the answer", () => {
    const question = m('in', anna, [shop], '2026-11-02T09:00:00Z');
    const forward = m('out', shop, [courier], '2026-11-02T10:00:00Z');
    const answer = m('in', courier, [shop], '2026-11-02T12:00:00Z');
    const r = summariseConversation('c', question.seq, [question, forward, answer]);
    expect([r.customer, r.waitingSince, r.lastOutboundSeq, r.lastInboundSeq, r.lastIsOutbound]).toEqual([anna.email, question.date, -1, answer.seq, false]);
  });
});

describe('forwardSubject', () => {
  it.each([
    ['Broken parcel', 'Fwd: Broken parcel'],
    ['Re: Broken parcel', 'Fwd: Broken parcel'],
    ['RE: AW: Fwd: Broken parcel', 'Fwd: Broken parcel'],
    ['VS: Rikki paketti', 'Fwd: Rikki paketti'],
    ['WG: Kaputtes Paket', 'Fwd: Kaputtes Paket'],
    ['[Order 1042] Broken parcel', 'Fwd: [Order 1042] Broken parcel'],
    ['', 'Fwd: (no subject)'],
    ['Broken\r\nBcc: x@evil.example', 'Fwd: Broken Bcc: x@evil.example'],
  ])('%j → %j', (subject, expected) => expect(forwardSubject(subject)).toBe(expected));
});
