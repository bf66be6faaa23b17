/**
 * The owner's own figures and one person with two addresses in the TUI (issue 19): % shows the
 * week in sentences and charts within the screen's width; a new address writing in a customer's
 * thread is said above the messages, and M (after a yes) makes them one person. Real services.
 */
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { agent, fixture, input, rawMessage, servicesFor } from '../helpers/store-fixture.js';
import { keys, renderTui } from '../helpers/render-tui.js';

afterEach(() => cleanup());

const shop = `${agent.name} <${agent.email}>`;

describe('the owner in the TUI', () => {
  it('% shows the week in the owner\'s words and as charts, every line within 80 columns', async () => {
    const now = Date.parse('2026-12-07T12:00:00Z');
    const clock = { now: () => now };
    const s = await servicesFor(fixture({ agent, workingHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00', timeZone: 'UTC' } }), clock);
    await s.importer.import([
      input(rawMessage({ from: 'Anna Virtanen <anna@ex.com>', to: shop, subject: 'Size', id: '<a1@ex.com>', date: 'Fri, 04 Dec 2026 10:00:00 +0000' })),
      input(rawMessage({ from: shop, to: 'Anna Virtanen <anna@ex.com>', subject: 'Re: Size', id: '<r1@shop.example>', irt: '<a1@ex.com>', date: 'Fri, 04 Dec 2026 12:00:00 +0000' })),
      input(rawMessage({ from: 'Ben Smith <ben@ex.com>', to: shop, subject: 'Boots', id: '<b1@ex.com>', date: 'Mon, 07 Dec 2026 09:00:00 +0000' })),
    ]);
    const t = renderTui({ conversations: s.conversations, replies: s.replies, stats: s.stats, sync: null, clock }, { columns: 80, rows: 30 });
    await t.waitFor('Boots');
    t.press('%');
    await t.waitFor('How you are doing');
    const frame = t.frame();
    // By hand: Anna's one question, answered in 2 h on a Friday (within the working day); Ben waits 3 h.
    expect(frame).toContain('100 % answered within a working day this week (1 of 1)');
    expect(frame).toContain('Customer mail per day');
    expect(frame).toContain('Waiting now, by how long');
    for (const line of frame.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(80);
  });

  it('says when a new address wrote in a customer\'s thread, and M makes them one person after a yes', async () => {
    const s = await servicesFor(fixture());
    await s.importer.import([
      input(rawMessage({ from: 'Anna Korhonen <anna@example.fi>', to: shop, subject: 'Kengät', id: '<a1@example.fi>', date: 'Mon, 30 Nov 2026 09:00:00 +0000' })),
      input(rawMessage({ from: shop, to: 'Anna Korhonen <anna@example.fi>', subject: 'Re: Kengät', id: '<r1@shop.example>', irt: '<a1@example.fi>', date: 'Mon, 30 Nov 2026 10:00:00 +0000' })),
      input(rawMessage({ from: 'Anna Korhonen <anna.k@work.example>', to: shop, subject: 'Re: Kengät', id: '<a2@work.example>', irt: '<r1@shop.example>', refs: '<a1@example.fi> <r1@shop.example>', date: 'Tue, 01 Dec 2026 09:00:00 +0000' })),
    ]);
    const t = renderTui({ conversations: s.conversations, replies: s.replies, customerMerges: s.customerMerges, sync: null, clock: s.clock }, { columns: 100, rows: 30 });
    await t.waitFor('Kengät');
    t.press(keys.enter);
    await t.waitFor('⚭ anna.k@work.example wrote in this conversation: M makes them one person with anna@example.fi');
    expect(await s.conversations.customers()).toHaveLength(1);
    t.press('M');
    await t.waitFor('Make anna.k@work.example another address of anna@example.fi');
    t.press('y');
    await t.waitFor('anna.k@work.example is another address of anna@example.fi now');
    await vi.waitFor(async () => expect((await s.conversations.customers()).map((c) => [c.email, (c as { addresses?: string[] }).addresses])).toEqual([['anna@example.fi', ['anna.k@work.example']]]));
  });
});
