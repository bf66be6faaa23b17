/**
 * Two h2h installations on one account (the laptop and the shop's desktop), against the test
 * Dovecot: decisions made on each, offline from each other, reach the other through the server's
 * state log and end the same on both; a conflict goes to the decision made last; a new machine
 * (the laptop lost) gets every decision back from the server.
 */
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { appendMessages } from '../mail-harness/mailbox.js';
import { exchange, syncFixture, syncServicesFor, type SyncFixture } from '../helpers/sync-fixture.js';
import { tempDir } from '../helpers/temp-dir.js';

type Machine = Awaited<ReturnType<typeof syncServicesFor>>;

async function machine(f: SyncFixture): Promise<Machine> {
  return syncServicesFor({ ...f, dataDir: join(tempDir(), 'data') });
}

/** What the owner sees of every conversation and customer, by the mail's Message-IDs (ids may differ between machines). */
async function desk(m: Machine) {
  const conversations = await m.conversations.list('');
  const out: Record<string, unknown> = {};
  for (const c of conversations) {
    const d = await m.conversations.show(c.id);
    out[d.messages[0].meta.messageId] = { status: c.status, tags: c.tags, notes: d.conversation.notes.map((n) => n.text), unread: c.isUnread };
  }
  const customers = Object.fromEntries((await m.conversations.customers()).map((c) => [c.email, { notes: c.notes.map((n) => n.text), firstName: c.firstName ?? null }]));
  return { conversations: out, customers };
}

describe('two machines, one desk', () => {
  it('converges decisions made apart on two machines, the later winning a conflict, and brings them all back to a new machine', async () => {
    const { dovecot } = inject('mail');
    const f = await syncFixture(dovecot);
    await appendMessages(dovecot, f.user, 'INBOX', [exchange(0, false).question, exchange(1, false).question, exchange(2, false).question]);
    const laptop = await syncServicesFor(f);
    const desktop = await machine(f);
    await laptop.sync.sync();
    await desktop.sync.sync();
    const idOn = async (m: Machine, subject: string) => (await m.conversations.list(`subject:"${subject}"`))[0].id;

    // Apart: the laptop tags, closes and notes; the desktop tags the same conversation, notes another, and keeps notes about a customer.
    await laptop.conversations.tag([await idOn(laptop, 'Order 1000')], ['refund'], []);
    await laptop.conversations.setStatus([await idOn(laptop, 'Order 1000')], 'closed');
    await laptop.conversations.addNote(await idOn(laptop, 'Order 1000'), 'refunded 39 €', 'Riitta');
    await desktop.conversations.tag([await idOn(desktop, 'Order 1000')], ['vip'], []);
    await desktop.conversations.addNote(await idOn(desktop, 'Order 1001'), 'call back on Monday', 'Riitta');
    await desktop.conversations.addCustomerNote('mikko@example.fi', 'prefers phone', 'Riitta');
    await desktop.conversations.markRead([await idOn(desktop, 'Order 1002')], true);

    await laptop.sync.sync();
    await desktop.sync.sync();
    await laptop.sync.sync();
    const onLaptop = await desk(laptop);
    expect(await desk(desktop)).toEqual(onLaptop);
    expect(onLaptop.conversations['<q0@example.com>']).toEqual({ status: 'closed', tags: ['refund', 'vip'], notes: ['refunded 39 €'], unread: true });
    expect(onLaptop.conversations['<q1@example.com>']).toMatchObject({ notes: ['call back on Monday'] });
    expect(onLaptop.conversations['<q2@example.com>']).toMatchObject({ unread: false });
    expect(onLaptop.customers['mikko@example.fi']).toEqual({ notes: ['prefers phone'], firstName: 'Mikko' });

    // A conflict: the desktop, having seen the close, reopens and untags; the laptop, behind, adds a tag.
    await desktop.conversations.setStatus([await idOn(desktop, 'Order 1000')], 'open');
    await desktop.conversations.tag([await idOn(desktop, 'Order 1000')], [], ['refund']);
    await laptop.conversations.tag([await idOn(laptop, 'Order 1000')], ['courier'], []);
    await desktop.sync.sync();
    await laptop.sync.sync();
    await desktop.sync.sync();
    expect(await desk(laptop)).toEqual(await desk(desktop));
    expect((await desk(laptop)).conversations['<q0@example.com>']).toMatchObject({ status: 'open', tags: ['courier', 'vip'] });

    // The laptop is lost: a new machine, init and sync, has the desk as it was.
    const replacement = await machine(f);
    await replacement.sync.sync();
    expect(await desk(replacement)).toEqual(await desk(desktop));
  });

  it('a flag one machine pushed for an older decision does not overrule a later one on a third machine', async () => {
    const { dovecot } = inject('mail');
    const f = await syncFixture(dovecot);
    await appendMessages(dovecot, f.user, 'INBOX', [exchange(0, false).question]);
    const [laptop, desktop, shop] = [await syncServicesFor(f), await machine(f), await machine(f)];
    for (const m of [laptop, desktop, shop]) await m.sync.sync();
    const only = async (m: Machine) => (await m.conversations.list(''))[0].id;

    // The laptop reads it (\Seen goes to the server); the desktop, having seen that, marks it unread
    // and tags it; the shop's machine, behind both, then sees \Seen and the keyword appear.
    await laptop.conversations.markRead([await only(laptop)], true);
    await laptop.sync.sync();
    await desktop.sync.sync();
    await desktop.conversations.markRead([await only(desktop)], false);
    await desktop.conversations.tag([await only(desktop)], ['courier'], []);
    await desktop.sync.sync();
    await shop.sync.sync();
    await laptop.sync.sync();
    for (const m of [laptop, desktop, shop]) expect((await desk(m)).conversations['<q0@example.com>']).toMatchObject({ unread: true, tags: ['courier'] });
  });

  it('the owner\'s word on a sender, said on one machine, classifies that sender\'s stored mail on the other', async () => {
    const { dovecot } = inject('mail');
    const f = await syncFixture(dovecot);
    await appendMessages(dovecot, f.user, 'INBOX', [exchange(0, false).question, exchange(2, false).question]);
    const [laptop, desktop] = [await syncServicesFor(f), await machine(f)];
    for (const m of [laptop, desktop]) await m.sync.sync();
    expect(await desktop.conversations.list('is:automated')).toEqual([]);

    await laptop.senders.judge('lukas@example.de', 'automated');
    await laptop.sync.sync();
    await desktop.sync.sync();
    expect((await desktop.conversations.list('is:automated')).map((c) => c.subject)).toEqual(['Order 1002']);
    expect(desktop.senders.verdict('lukas@example.de')).toMatchObject({ as: 'automated' });

    // Taken back there: a person's mail again here.
    await laptop.senders.judge('lukas@example.de', null);
    await laptop.sync.sync();
    await desktop.sync.sync();
    expect(await desktop.conversations.list('is:automated')).toEqual([]);
  });

  it("the owner's language setting for a customer travels to the other machine, and taking it back does too", async () => {
    const { dovecot } = inject('mail');
    const f = await syncFixture(dovecot);
    await appendMessages(dovecot, f.user, 'INBOX', [exchange(0, false).question]);
    const [laptop, desktop] = [await syncServicesFor(f), await machine(f)];
    for (const m of [laptop, desktop]) await m.sync.sync();
    const [c] = await laptop.conversations.list('');
    await laptop.languages.setLanguage(c.customer, 'fi');
    await laptop.sync.sync();
    await desktop.sync.sync();
    expect(await desktop.languages.languageOf(c.customer)).toMatchObject({ language: 'fi', setByOwner: true });
    const [there] = await desktop.conversations.list('');
    expect((await desktop.replies!.draft(there.id)).text.split('\n')[0]).toMatch(/^Hei \S+,$/);

    // Taken back on the desktop: from their mail again on the laptop.
    await desktop.languages.setLanguage(c.customer, null);
    await desktop.sync.sync();
    await laptop.sync.sync();
    expect(await laptop.languages.languageOf(c.customer)).toMatchObject({ setByOwner: false });
  });
});
