/**
 * The TUI stays live through the sync service: against the test Dovecot, mail delivered while it is
 * open appears without a restart (IMAP IDLE), and a tag typed in it reaches the server as a keyword.
 */
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { systemClock } from '../../src/core/ports/clock.js';
import { appendMessages, fetchFlags } from '../mail-harness/mailbox.js';
import { keys, renderTui } from '../helpers/render-tui.js';
import { exchange, syncFixture, syncServicesFor } from '../helpers/sync-fixture.js';

afterEach(() => cleanup());

describe('TUI live', () => {
  it('shows new mail without a restart and sends tags back to the server', async () => {
    const { dovecot } = inject('mail');
    const f = await syncFixture(dovecot);
    await appendMessages(dovecot, f.user, 'INBOX', [exchange(1, false).question]);
    const services = await syncServicesFor(f);
    const t = renderTui({ conversations: services.conversations, sync: services.sync, clock: systemClock }, { columns: 100, rows: 30 });
    await t.waitFor('Order 1001');
    await t.waitFor('● live');

    await appendMessages(dovecot, f.user, 'INBOX', [exchange(2, false).question]);
    await t.waitFor('Order 1002');
    expect(t.frame()).toMatch(/2 conversations/);

    // The newest (Order 1002) is first: tag it; the watch pushes the keyword at once.
    t.press(`tvip${keys.enter}`);
    await t.waitFor('tagged +vip');
    await vi.waitFor(async () => expect([...(await fetchFlags(dovecot, f.user, 'INBOX')).values()].some((flags) => flags.has('vip'))).toBe(true), { timeout: 10_000 });
  });
});
