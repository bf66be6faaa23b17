/**
 * The queue is people: a conversation of machine mail only has no waiting clock and is not
 * unanswered; is:automated, is:person and automated:<kind> find each; an out-of-office answer to a
 * closed or waiting conversation leaves it so, and is not the customer writing again.
 */
import { describe, expect, it } from 'vitest';
import { fixedClock, fixture, input, rawMessage, servicesFor } from '../../helpers/store-fixture.js';
import { conversationLines } from '../../../src/tui/state/conversation-lines.js';
import { queryOf } from '../../../src/tui/state/app-state.js';

const shop = 'Riitta Virtanen <riitta@shop.example>';

describe('machines out of the queue', () => {
  it('gives machine-only conversations no clock, and finds people and machines apart', async () => {
    const s = await servicesFor(fixture(), fixedClock('2026-11-10T12:00:00Z'));
    await s.importer.import([
      input(rawMessage({ from: 'Anna <anna@example.fi>', to: shop, subject: 'Wrong size', id: '<p1@example.fi>', date: 'Mon, 02 Nov 2026 09:00:00 +0000' })),
      input(rawMessage({ from: 'Brand News <news@brand.example>', to: shop, subject: 'Spring', id: '<n1@brand.example>', date: 'Mon, 02 Nov 2026 10:00:00 +0000', headers: 'List-Unsubscribe: <https://brand.example/u>\r\nPrecedence: bulk' })),
      input(rawMessage({ from: 'MAILER-DAEMON@mx.example', to: shop, subject: 'Undelivered Mail Returned to Sender', id: '<b1@mx.example>', date: 'Mon, 02 Nov 2026 11:00:00 +0000' })),
    ]);
    const ids = async (q: string) => (await s.conversations.list(q)).map((c) => c.subject).sort();
    expect(await ids('is:unanswered')).toEqual(['Wrong size']);
    expect(await ids('is:person')).toEqual(['Wrong size']);
    expect(await ids('is:automated')).toEqual(['Spring', 'Undelivered Mail Returned to Sender']);
    expect(await ids('automated:bulk')).toEqual(['Spring']);
    expect(await ids('automated:bounce')).toEqual(['Undelivered Mail Returned to Sender']);
    const spring = (await s.conversations.list('automated:bulk'))[0];
    expect(spring.waitingSince).toBeNull();
    expect(spring.automated).toEqual(['bulk']);
    expect((await s.conversations.list('is:person'))[0].automated).toBeNull();
    // The TUI's views, as queries: Open holds the person, Other the machines.
    expect(await ids(queryOf('open', ''))).toEqual(['Wrong size']);
    expect(await ids(queryOf('other', ''))).toEqual(['Spring', 'Undelivered Mail Returned to Sender']);
  });

  it('leaves a closed conversation closed when an out-of-office answers the reply, and the clock stopped', async () => {
    const s = await servicesFor(fixture(), fixedClock('2026-11-10T12:00:00Z'));
    await s.importer.import([
      input(rawMessage({ from: 'Anna <anna@example.fi>', to: shop, subject: 'Wrong size', id: '<q@example.fi>', date: 'Mon, 02 Nov 2026 09:00:00 +0000' })),
      input(rawMessage({ from: shop, to: 'Anna <anna@example.fi>', subject: 'Re: Wrong size', id: '<r@shop.example>', irt: '<q@example.fi>', refs: '<q@example.fi>', date: 'Mon, 02 Nov 2026 10:00:00 +0000' })),
    ]);
    const [c] = await s.conversations.list('');
    await s.conversations.setStatus([c.id], 'closed');
    await s.importer.import([input(rawMessage({ from: 'Anna <anna@example.fi>', to: shop, subject: 'Automatic reply: Re: Wrong size', id: '<ooo@example.fi>', irt: '<r@shop.example>', refs: '<q@example.fi> <r@shop.example>', date: 'Mon, 02 Nov 2026 10:01:00 +0000', headers: 'Auto-Submitted: auto-replied' }))]);
    const [after] = await s.conversations.list('');
    expect([after.id, after.status, after.waitingSince, after.messageCount]).toEqual([c.id, 'closed', null, 3]);
    expect((await s.conversations.list('is:unanswered')).length).toBe(0);
    // The customer herself writing again does reopen it.
    await s.importer.import([input(rawMessage({ from: 'Anna <anna@example.fi>', to: shop, subject: 'Re: Wrong size', id: '<again@example.fi>', irt: '<r@shop.example>', refs: '<q@example.fi> <r@shop.example>', date: 'Tue, 03 Nov 2026 09:00:00 +0000' }))]);
    const [reopened] = await s.conversations.list('');
    expect([reopened.status, reopened.waitingSince]).toEqual(['open', '2026-11-03T09:00:00.000Z']);
  });

  it('shows machine mail in the conversation as what it is, its text dimmed', async () => {
    const s = await servicesFor(fixture(), fixedClock('2026-11-10T12:00:00Z'));
    await s.importer.import([
      input(rawMessage({ from: 'Anna <anna@example.fi>', to: shop, subject: 'Wrong size', id: '<q@example.fi>', date: 'Mon, 02 Nov 2026 09:00:00 +0000', body: 'Too small.' })),
      input(rawMessage({ from: 'Anna <anna@example.fi>', to: shop, subject: 'Automatic reply: Wrong size', id: '<ooo@example.fi>', irt: '<q@example.fi>', date: 'Mon, 02 Nov 2026 09:01:00 +0000', headers: 'Auto-Submitted: auto-replied', body: 'I am away until Monday.' })),
    ]);
    const [c] = await s.conversations.list('');
    const lines = conversationLines(await s.conversations.show(c.id), { width: 100, showQuotes: false, showHistory: false, now: Date.parse('2026-11-10T12:00:00Z') });
    const text = (line: (typeof lines)[number]) => line.map((span) => span.text).join('');
    const header = lines.find((l) => text(l).includes('(auto-reply: Auto-Submitted: auto-replied)'));
    expect(header?.some((span) => span.color === 'gray')).toBe(true);
    const away = lines.find((l) => text(l).includes('I am away until Monday.'));
    expect(away?.some((span) => span.dim)).toBe(true);
    const person = lines.find((l) => text(l).includes('Too small.'));
    expect(person?.some((span) => span.dim)).toBe(false);
  });
});

