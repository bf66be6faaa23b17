/**
 * A reply sent but not yet filed in Sent (h2h killed between the two) is filed once, also when two
 * workers retry it at the same moment (the TUI and `sync --watch` both run one): against the test
 * Dovecot, counted in its Sent folder.
 */
import { describe, expect, inject, it } from 'vitest';
import { appendMessages, ensureFolder, fetchSources, withImap } from '../mail-harness/mailbox.js';
import { exchange, syncFixture, syncServicesFor } from '../helpers/sync-fixture.js';

describe('filing a sent reply', () => {
  it('appends it to Sent once when two workers retry it at once', async () => {
    const { dovecot } = inject('mail');
    const f = await syncFixture(dovecot, { smtp: { host: '127.0.0.1', port: 9, user: 'shop', tls: 'none' }, undoSendSeconds: 600 });
    await withImap(dovecot, f.user, (c) => ensureFolder(c, 'Sent'));
    await appendMessages(dovecot, f.user, 'INBOX', [exchange(0, false).question]);
    const one = await syncServicesFor(f, { H2H_SMTP_PASSWORD: 'any' });
    await one.sync.sync();
    const [c] = await one.conversations.list('');
    const queued = await one.replies!.queue(await one.replies!.draft(c.id), 'Hi Anna,\n\nOn its way.\n\nRiitta');
    // Sent by a process killed before it filed the reply: no claim left on it.
    await one.store.transact((tx) => tx.putOutboxEntry({ ...queued, status: 'sent', sentAt: new Date().toISOString(), attempts: 1 }));
    const two = await syncServicesFor(f, { H2H_SMTP_PASSWORD: 'any' });
    const results = await Promise.all([one.outbox!.run({ ids: [queued.id], force: true }), two.outbox!.run({ ids: [queued.id], force: true })]);
    expect(results.flat().map((r) => r.outcome)).toEqual(['sent']);
    const inSent = [...(await fetchSources(dovecot, f.user, 'Sent')).values()].filter((raw) => raw.toString('utf8').includes(queued.messageId));
    expect(inSent).toHaveLength(1);
    expect(one.store.outboxEntry(queued.id)).toMatchObject({ status: 'sent', filedAt: expect.any(String) });
    expect(one.store.outboxEntry(queued.id)?.claimedBy).toBeUndefined();
  });
});
