/**
 * A bounce of the shop's reply belongs to the conversation of that reply (found by the Message-ID
 * the bounce returns, though it names no In-Reply-To), says what happened in the owner's words,
 * flags the conversation (is:bounced) and reopens it: the customer never got the answer, so they
 * still wait since their message. A delay warning reopens nothing; the shop writing again clears
 * the flag. A bounce is never a customer.
 */
import { describe, expect, it } from 'vitest';
import { fixedClock, fixture, input, rawMessage, servicesFor } from '../../helpers/store-fixture.js';
import { delayWarning, eximBounce, microsoftBounce, postfixBounce, qmailBounce } from '../../helpers/bounce-samples.js';
import { conversationLines } from '../../../src/tui/state/conversation-lines.js';

const shop = 'Riitta Virtanen <riitta@shop.example>';
const anna = 'Anna Virtanen <anna@example.fi>';
const reply = { messageId: '<r1@shop.example>', from: shop, to: anna, subject: 'Re: Wrong size', date: 'Thu, 03 Dec 2026 10:00:00 +0000' };

async function answeredAndWaiting() {
  const s = await servicesFor(fixture(), fixedClock('2026-12-04T12:00:00Z'));
  await s.importer.import([
    input(rawMessage({ from: anna, to: shop, subject: 'Wrong size', id: '<q1@example.fi>', date: 'Wed, 02 Dec 2026 09:00:00 +0000' })),
    input(rawMessage({ from: shop, to: anna, subject: reply.subject, id: reply.messageId, irt: '<q1@example.fi>', refs: '<q1@example.fi>', date: reply.date })),
  ]);
  const [c] = await s.conversations.list('');
  await s.conversations.setStatus([c.id], 'waiting');
  expect((await s.conversations.list('is:unanswered')).length).toBe(0);
  return { s, id: c.id };
}

describe('a bounce of the shop’s reply', () => {
  it.each([
    ['Postfix', postfixBounce, 'your reply of 3 Dec to anna@example.fi bounced: mailbox full: 552 5.2.2'],
    ['Exim', eximBounce, 'your reply of 3 Dec to anna@example.fi bounced: no such address: 550 5.1.1 User unknown'],
    ['Microsoft 365', microsoftBounce, 'your reply of 3 Dec to anna@example.fi bounced: the domain accepts no mail: 550 5.1.10'],
    ['qmail', qmailBounce, 'your reply of 3 Dec to anna@example.fi bounced: no such address: 550 5.1.1 No such user here'],
  ])('%s: joins the conversation, reopens it with the reason, and the customer waits again', async (_server, bounce, sentence) => {
    const { s, id } = await answeredAndWaiting();
    const customersBefore = (await s.conversations.customers()).map((c) => c.email);
    await s.importer.import([input(bounce(reply, 'Thu, 03 Dec 2026 10:05:00 +0000'))]);
    const all = await s.conversations.list('');
    expect(all.map((c) => c.id)).toEqual([id]);
    const [c] = all;
    expect([c.status, c.messageCount, c.waitingSince, c.bouncedAt]).toEqual(['open', 3, '2026-12-02T09:00:00.000Z', '2026-12-03T10:05:00.000Z']);
    expect((await s.conversations.list('is:bounced')).map((x) => x.id)).toEqual([id]);
    expect((await s.conversations.list('is:unanswered')).map((x) => x.id)).toEqual([id]);
    expect((await s.conversations.list('is:person')).map((x) => x.id)).toEqual([id]);
    // No MAILER-DAEMON or postmaster among the customers.
    expect((await s.conversations.customers()).map((x) => x.email)).toEqual(customersBefore);
    const detail = await s.conversations.show(id);
    expect(detail.messages[2].meta.bounce).toMatchObject({ messageId: '<r1@shop.example>', recipients: ['anna@example.fi'], failed: true });
    const text = conversationLines(detail, { width: 100, showQuotes: false, showHistory: false, now: Date.parse('2026-12-04T12:00:00Z') }).map((l) => l.map((x) => x.text).join('')).join('\n');
    expect(text).toContain(`⚠ ${sentence}`);
  });

  it('reopens nothing for a delay warning, and the shop writing again clears the flag', async () => {
    const { s, id } = await answeredAndWaiting();
    await s.importer.import([input(delayWarning(reply, 'Thu, 03 Dec 2026 14:00:00 +0000'))]);
    let [c] = await s.conversations.list('');
    expect([c.id, c.status, c.bouncedAt, c.waitingSince]).toEqual([id, 'waiting', null, null]);
    await s.importer.import([input(postfixBounce(reply, 'Fri, 04 Dec 2026 10:00:00 +0000'))]);
    [c] = await s.conversations.list('');
    expect([c.status, c.bouncedAt]).toEqual(['open', '2026-12-04T10:00:00.000Z']);
    // Answered again once her mailbox had room: delivered, so nobody waits and the flag goes.
    await s.importer.import([input(rawMessage({ from: shop, to: anna, subject: reply.subject, id: '<r2@shop.example>', irt: '<q1@example.fi>', refs: '<q1@example.fi> <r1@shop.example>', date: 'Fri, 04 Dec 2026 11:00:00 +0000' }))]);
    [c] = await s.conversations.list('');
    expect([c.bouncedAt, c.waitingSince]).toEqual([null, null]);
    expect(await s.conversations.list('is:bounced')).toEqual([]);
  });
});
