/**
 * A reply that did not go is shown where the owner reads (issue 15, point 10): marked in the list,
 * said at the end of its conversation, sent again with one key or taken back as the draft with
 * another. Real services and store; no SMTP server configured, so every send fails.
 */
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { agent, fixture, input, rawMessage, servicesFor } from '../helpers/store-fixture.js';
import { keys, renderTui } from '../helpers/render-tui.js';

afterEach(() => cleanup());

describe('a failed reply in the TUI', () => {
  it('is marked ! in the list, said in its conversation; S sends it again, D makes it the draft again', async () => {
    const clock = { now: () => Date.now() };
    const s = await servicesFor(fixture(), clock);
    await s.importer.import([input(rawMessage({ from: 'Anna Virtanen <anna@ex.com>', to: `${agent.name} <${agent.email}>`, subject: 'Size', id: '<a1@ex.com>' }))]);
    const [c] = await s.conversations.list();
    const replies = s.replies!;
    const entry = await replies.queue(await replies.draft(c.id), 'Hi Anna,\n\nSize 39 is on its way.\n\nRiitta', { immediately: true });
    await replies.sendDue();
    const t = renderTui({ conversations: s.conversations, replies, sync: null, clock }, { columns: 100, rows: 30 });
    await t.waitFor(/! Size/);
    t.press(keys.enter);
    await t.waitFor('did not go (retried by itself): no SMTP server configured');
    expect(t.frame()).toContain('S sends it again · D makes it your draft again');

    t.press('S');
    // Asked for, its outcome is news (a retry by itself would not be).
    await t.waitFor('reply not sent (kept in the outbox, retried): no SMTP server configured');
    await vi.waitFor(async () => expect((await replies.outbox())[0]).toMatchObject({ status: 'failed', attempts: 2 }));

    t.press('D');
    await t.waitFor('taken back: your reply is the draft again');
    expect(await replies.outbox()).toEqual([]);
    expect((await replies.draft(c.id)).text).toBe(entry.text);
    await vi.waitFor(() => expect(t.frame()).not.toContain('did not go'));
  });
});
