/**
 * ! in the TUI, against the test Dovecot: it asks first (it blocks the sender), then the
 * conversation leaves the list and the conversation screen, its mail is in the Junk folder with
 * $Junk, and the sender is blocked; n keeps everything as it was.
 */
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { systemClock } from '../../src/core/ports/clock.js';
import { appendMessages, fetchFlags, fetchSources } from '../mail-harness/mailbox.js';
import { renderTui } from '../helpers/render-tui.js';
import { syncFixture, syncServicesFor } from '../helpers/sync-fixture.js';

afterEach(() => cleanup());

const shop = 'Riitta Virtanen <riitta@shop.example>';
const mail = (from: string, subject: string, id: string, day: number) =>
  Buffer.from([`From: ${from}`, `To: ${shop}`, `Subject: ${subject}`, `Message-ID: <${id}>`, `Date: Tue, 0${day} Dec 2026 09:00:00 +0000`, 'Content-Type: text/plain; charset=utf-8', '', 'Hello.', ''].join('\r\n'));

describe('TUI spam', () => {
  it('! asks, then moves the conversation to Junk and blocks its sender; n keeps it', async () => {
    const { dovecot } = inject('mail');
    const f = await syncFixture(dovecot);
    await appendMessages(dovecot, f.user, 'INBOX', [mail('Anna Virtanen <anna@example.fi>', 'Wrong size', 'anna1@example.fi', 1), mail('Prize Desk <prizes@lottery.example>', 'You won a prize', 'prize1@lottery.example', 2)]);
    const services = await syncServicesFor(f);
    await services.sync.sync();
    const t = renderTui({ conversations: services.conversations, sync: null, spam: services.spam, clock: systemClock }, { columns: 100, rows: 30 });
    await t.waitFor('You won a prize');
    // The newest first: the cursor is on the prize. n: nothing changes.
    t.press('!');
    await t.waitFor('Spam: move to Junk, block prizes@lottery.example?');
    t.press('n');
    await t.waitFor('cancelled');
    expect(services.spam.blocked()).toEqual([]);
    // Enter opens it; ! from the conversation, y: back to the list, without it.
    t.press('\r');
    await t.waitFor('Prize Desk');
    t.press('!');
    await t.waitFor('Spam: move to Junk, block prizes@lottery.example?');
    t.press('y');
    await t.waitFor(/spam, to Junk; blocked prizes@lottery\.example/);
    await vi.waitFor(() => expect([t.frame().includes('Wrong size'), t.frame().includes('You won a prize')]).toEqual([true, false]), { timeout: 5000 });
    expect(services.spam.blocked().map((b) => b.email)).toEqual(['prizes@lottery.example']);
    expect((await services.conversations.list('is:spam')).map((c) => c.subject)).toEqual(['You won a prize']);
    expect((await fetchSources(dovecot, f.user, 'INBOX')).size).toBe(1);
    expect([...(await fetchFlags(dovecot, f.user, 'Junk')).values()].map((flags) => flags.has('$Junk'))).toEqual([true]);
  });
});
