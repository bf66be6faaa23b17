/**
 * The TUI retries the outbox while it is open. A reply that fails for the first time is news; one
 * that had failed before and still waits is not (the status line counts it), so a background retry
 * never overwrites what the owner is reading.
 */
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { agent, fixture, input, rawMessage, servicesFor } from '../helpers/store-fixture.js';
import { renderTui } from '../helpers/render-tui.js';

afterEach(() => cleanup());

/** A shop with one question from Anna and a reply to it in the outbox (no SMTP server: every send fails). */
async function shopWithQueuedReply(triedBefore: boolean) {
  // A clock that moves an hour at each reading once the TUI is open: every retry is due at once.
  let now = Date.parse('2026-11-10T12:00:00Z');
  let running = false;
  const clock = { now: () => (running ? (now += 3_600_000) : now) };
  const s = await servicesFor(fixture(), clock);
  await s.importer.import([input(rawMessage({ from: 'Anna Virtanen <anna@ex.com>', to: `${agent.name} <${agent.email}>`, subject: 'Size', id: '<a1@ex.com>' }))]);
  const [c] = await s.conversations.list();
  const replies = s.replies!;
  await replies.queue(await replies.draft(c.id), 'Hi Anna,\n\nok\n\nRiitta', { immediately: true });
  if (triedBefore) await replies.sendDue();
  running = true;
  const attempts = async () => (await replies.outbox())[0].attempts;
  const t = renderTui({ conversations: s.conversations, replies, sync: null, clock, outboxRetryMs: 20 }, { columns: 100, rows: 30 });
  await t.waitFor('Size');
  return { t, attempts };
}

describe('TUI outbox retries', () => {
  it('a reply failing for the first time is announced on the status line', async () => {
    const { t } = await shopWithQueuedReply(false);
    await t.waitFor('reply not sent (kept in the outbox, retried): no SMTP server configured');
  });

  it('a reply that had failed before and fails again is not announced again, however often it is retried', async () => {
    const { t, attempts } = await shopWithQueuedReply(true);
    await vi.waitFor(async () => expect(await attempts()).toBeGreaterThanOrEqual(4), { timeout: 5000 });
    expect(t.frame()).not.toContain('reply not sent');
    expect(t.frame()).toContain('outbox 1');
  });
});
