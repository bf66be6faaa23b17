/**
 * Send later in the TUI (issue 19): L in the review asks when, the reply waits in the outbox for
 * that time (said on the status line and at the end of its conversation), and D takes it back to
 * edit. Real services and store; no SMTP server, so nothing could go early unnoticed.
 */
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { agent, fixture, input, rawMessage, servicesFor } from '../helpers/store-fixture.js';
import { keys, renderTui } from '../helpers/render-tui.js';

afterEach(() => cleanup());

describe('send later in the TUI', () => {
  it('L schedules the reply; its conversation says when; D makes it the draft again', async () => {
    let now = Date.parse('2026-12-07T09:00:00Z');
    const clock = { now: () => now };
    const s = await servicesFor(fixture(), clock);
    await s.importer.import([input(rawMessage({ from: 'Anna Virtanen <anna@ex.com>', to: `${agent.name} <${agent.email}>`, subject: 'Size', id: '<a1@ex.com>', body: 'Is there a size chart for the boots?' }))]);
    const [c] = await s.conversations.list('');
    const t = renderTui({ conversations: s.conversations, replies: s.replies, sync: null, clock }, { columns: 100, rows: 30 });
    await t.waitFor('anna@ex.com');
    t.press('r');
    await t.waitFor('Hi Anna,');
    t.press('The chart is on its way.');
    t.press(keys.escape);
    await t.waitFor('review');
    t.press('L');
    await t.waitFor('send at:');
    t.press('never');
    t.press(keys.enter);
    await t.waitFor('"never" is not a time in the future');
    t.press('L');
    t.press('2d');
    t.press(keys.enter);
    await t.waitFor(/sending to anna@ex\.com at .*, unless they write first · U takes it back/);
    await vi.waitFor(async () => expect((await s.replies!.outbox()).map((e) => [e.status, e.sendAt])).toEqual([['queued', '2026-12-09T09:00:00.000Z']]));
    // Nothing goes before its time, however often the outbox is looked at.
    now += 86_400_000;
    expect(await s.replies!.sendDue()).toEqual([]);

    t.press(keys.enter);
    await t.waitFor(/⏲ your reply goes .*, unless they write first · D makes it your draft again/);
    t.press('D');
    await vi.waitFor(async () => expect(await s.replies!.outbox()).toEqual([]));
    expect((await s.replies!.draft(c.id)).text).toContain('The chart is on its way.');
  });

  it('is for replies: new mail is sent with y', async () => {
    const s = await servicesFor(fixture());
    await s.importer.import([input(rawMessage({ from: 'Anna Virtanen <anna@ex.com>', to: `${agent.name} <${agent.email}>`, subject: 'Size', id: '<a1@ex.com>' }))]);
    const t = renderTui({ conversations: s.conversations, replies: s.replies, newMail: s.newMail, sync: null, clock: s.clock }, { columns: 100, rows: 30 });
    await t.waitFor('anna@ex.com');
    t.press('m');
    await t.waitFor('new mail to:');
    t.press('ben@example.com');
    t.press(keys.enter);
    t.press('Hello');
    t.press(keys.enter);
    await t.waitFor('New mail — writing');
    t.press(keys.escape);
    await t.waitFor('review');
    t.press('L');
    await t.waitFor('send later is for replies: y sends the mail');
  });
});
