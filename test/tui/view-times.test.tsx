/**
 * The views show time where it matters (issue 15, point 12): Waiting when you last replied, Closed
 * when it was closed, on real services and a real store.
 */
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { agent, fixture, input, rawMessage, servicesFor } from '../helpers/store-fixture.js';
import { renderTui } from '../helpers/render-tui.js';

afterEach(() => cleanup());

describe('view times', () => {
  it('Waiting says when you replied, Closed when you closed it; at 60 columns with ↩ and ✓', async () => {
    let now = Date.parse('2026-12-01T12:00:00Z');
    const clock = { now: () => now };
    const s = await servicesFor(fixture(), clock);
    const shop = `${agent.name} <${agent.email}>`;
    await s.importer.import([
      input(rawMessage({ from: 'Anna Virtanen <anna@ex.com>', to: shop, subject: 'Size', id: '<a1@ex.com>', date: 'Tue, 01 Dec 2026 08:00:00 +0000' })),
      input(rawMessage({ from: shop, to: 'Anna Virtanen <anna@ex.com>', subject: 'Re: Size', id: '<r1@shop.example>', irt: '<a1@ex.com>', refs: '<a1@ex.com>', date: 'Tue, 01 Dec 2026 09:00:00 +0000' })),
      input(rawMessage({ from: 'Bob Smith <bob@ex.com>', to: shop, subject: 'Parcel', id: '<b1@ex.com>', date: 'Mon, 30 Nov 2026 08:00:00 +0000' })),
    ]);
    const bob = (await s.conversations.listItems('from:bob')).map((c) => c.id);
    await s.conversations.setStatus(bob, 'closed');
    now += 2 * 86_400_000;
    const t = renderTui({ conversations: s.conversations, sync: null, clock }, { columns: 80, rows: 24 });
    await t.waitFor('[1 Open]');
    t.press('2');
    await t.waitFor('[2 Waiting]');
    await t.waitFor(/Size.*replied 2d ago/);
    t.press('4');
    await t.waitFor('[4 Closed]');
    await t.waitFor(/Parcel.*closed 2d ago/);
    expect(t.frame()).not.toContain('Size');
    for (const l of t.frame().split('\n')) expect(l.length).toBeLessThanOrEqual(79);
    t.unmount();

    // At 60 columns the subject keeps the room: the time is signed.
    const narrow = renderTui({ conversations: s.conversations, sync: null, clock }, { columns: 60, rows: 20 });
    await narrow.waitFor('[1 Open]');
    narrow.press('2');
    await narrow.waitFor(/Size.*↩2d/);
    narrow.press('4');
    await narrow.waitFor(/Parcel.*✓2d/);
  });
});
