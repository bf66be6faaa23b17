/**
 * "The customer wrote again" is decided by date: a message older than what the owner had seen when
 * deciding (an old archive, a newly added folder, a UIDVALIDITY reset) never reopens a conversation
 * or marks it unread; a genuinely new message still does. Through the import, and through the sync.
 */
import { describe, expect, inject, it } from 'vitest';
import { appendMessages, fetchFlags } from '../../mail-harness/mailbox.js';
import { syncFixture, syncServicesFor } from '../../helpers/sync-fixture.js';
import { agent, fixture, fixedClock, input, rawMessage, servicesFor } from '../../helpers/store-fixture.js';

const { dovecot } = inject('mail');
const customer = 'Anna Virtanen <anna@ex.com>';
const shop = `${agent.name} <${agent.email}>`;

// The thread: the customer's first message (a week old, imported late), her follow-up, and a new one.
const first = rawMessage({ from: customer, to: shop, subject: 'Lost parcel', id: '<p1@ex.com>', date: 'Mon, 02 Nov 2026 09:00:00 +0000' });
const followUp = rawMessage({ from: customer, to: shop, subject: 'Re: Lost parcel', id: '<p2@ex.com>', irt: '<p1@ex.com>', refs: '<p1@ex.com>', date: 'Mon, 09 Nov 2026 09:00:00 +0000' });
const newer = rawMessage({ from: customer, to: shop, subject: 'Re: Lost parcel', id: '<p3@ex.com>', irt: '<p2@ex.com>', refs: '<p1@ex.com> <p2@ex.com>', date: 'Tue, 10 Nov 2026 09:00:00 +0000' });
const clock = fixedClock('2026-11-10T12:00:00Z');

describe('reopen and unread by date', () => {
  it.each([
    ['closed', undefined],
    ['snoozed', Date.parse('2026-12-01T00:00:00Z')],
  ] as const)('a late import of older mail leaves a %s conversation as it was; newer mail still reopens it', async (status, until) => {
    const s = await servicesFor(fixture(), clock);
    await s.importer.import([input(followUp)]);
    const [c] = await s.conversations.list();
    await s.conversations.markRead([c.id], true);
    await s.conversations.setStatus([c.id], status, until);

    await s.importer.import([input(first)]);
    const after = await s.conversations.get(c.id);
    expect(after.messageCount).toBe(2);
    expect(after.status).toBe(status);
    expect(after.isUnread).toBe(false);
    expect((await s.conversations.show(c.id)).messages.map((m) => m.isUnread)).toEqual([false, false]);

    await s.importer.import([input(newer)]);
    const reopened = await s.conversations.get(c.id);
    expect(reopened.status).toBe('open');
    expect(reopened.isUnread).toBe(true);
    expect((await s.conversations.show(c.id)).messages.map((m) => m.isUnread)).toEqual([false, false, true]);
  });

  // States of the v1 store get their dates in the migration (v1-decision-dates.test.ts); a v2 write without one is dated as it is written.
  it('a status written without a date is dated by the conversation\'s newest message', async () => {
    const s = await servicesFor(fixture(), clock);
    await s.importer.import([input(followUp)]);
    const [c] = await s.conversations.list();
    await s.store.transact((tx) => tx.writeStates(new Map([[c.id, { status: 'closed' }]])));
    expect(s.conversations.stateOf(c.id).statusAt).toBe(c.lastMessageAt);
    await s.importer.import([input(first)]);
    expect((await s.conversations.get(c.id)).status).toBe('closed');
    await s.importer.import([input(newer)]);
    expect((await s.conversations.get(c.id)).status).toBe('open');
  });

  it('older mail turning up on the server does not reopen a closed conversation; newer mail does', async () => {
    const f = await syncFixture(dovecot);
    await appendMessages(dovecot, f.user, 'INBOX', [followUp]);
    const s = await syncServicesFor(f);
    await s.sync.sync();
    const [c] = await s.conversations.list('');
    await s.conversations.markRead([c.id], true);
    await s.conversations.setStatus([c.id], 'closed');

    // The customer's first message turns up in the inbox (moved back from an archive by another client).
    const [firstUid] = await appendMessages(dovecot, f.user, 'INBOX', [first]);
    await s.sync.sync();
    const after = await s.conversations.get(c.id);
    expect(after.messageCount).toBe(2);
    expect(after.status).toBe('closed');
    expect(after.isUnread).toBe(false);
    // Read here by date, so read in every other client too.
    expect([...((await fetchFlags(dovecot, f.user, 'INBOX')).get(firstUid) ?? [])]).toContain('\\Seen');

    await appendMessages(dovecot, f.user, 'INBOX', [newer]);
    await s.sync.sync();
    const reopened = await s.conversations.get(c.id);
    expect(reopened.status).toBe('open');
    expect(reopened.isUnread).toBe(true);
  });
});
