/**
 * Promises in the TUI (issue 19): W makes one ("3d, check with the courier"), the list marks it ⚑;
 * once due the conversation is first, open and says "promised by …" in the list and in the
 * conversation, and W on it offers "done", which resolves it. Real services and store; a clock the
 * test sets.
 */
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { agent, fixture, input, rawMessage, servicesFor } from '../helpers/store-fixture.js';
import { keys, renderTui } from '../helpers/render-tui.js';

afterEach(() => cleanup());

const shop = `${agent.name} <${agent.email}>`;

async function desk(nowIso: string) {
  let now = Date.parse(nowIso);
  const clock = { now: () => now };
  const s = await servicesFor(fixture(), clock);
  await s.importer.import([
    input(rawMessage({ from: 'Päivi Virtanen <paivi@example.fi>', to: shop, subject: 'Lost parcel', id: '<p1@example.fi>', date: 'Mon, 07 Dec 2026 08:00:00 +0000' })),
    input(rawMessage({ from: 'Ben Smith <ben@example.com>', to: shop, subject: 'Newer question', id: '<b1@example.com>', date: 'Mon, 07 Dec 2026 08:30:00 +0000' })),
  ]);
  const id = (await s.conversations.list('')).find((c) => c.customer === 'paivi@example.fi')!.id;
  return { s, clock, id, setNow: (iso: string) => void (now = Date.parse(iso)) };
}

describe('promises in the TUI', () => {
  it('W makes a promise on the conversation under the cursor, marked ⚑ in the list', async () => {
    const { s, clock, id } = await desk('2026-12-07T09:00:00Z');
    const t = renderTui({ conversations: s.conversations, replies: s.replies, sync: null, clock }, { columns: 100, rows: 20 });
    await t.waitFor('Newer question');
    t.press('j');
    t.press('W');
    await t.waitFor('promise by (when, what):');
    t.press('someday');
    t.press(keys.enter);
    await t.waitFor('"someday" is not a time in the future');
    t.press('W');
    t.press('3d, check with the courier');
    t.press(keys.enter);
    await t.waitFor('promised by Thu 10 Dec');
    await vi.waitFor(async () => expect((await s.conversations.get(id)).promise).toEqual({ by: '2026-12-10T09:00:00.000Z', text: 'check with the courier', due: false }));
    await t.waitFor(/⚑ Lost parcel/);
  });

  it('once due, the conversation is first and open, says so, and W then Enter resolves it', async () => {
    const { s, clock, id, setNow } = await desk('2026-12-07T09:00:00Z');
    await s.conversations.promise([id], { by: Date.parse('2026-12-10T09:00:00Z'), text: 'check with the courier' });
    await s.conversations.setStatus([id], 'closed');
    setNow('2026-12-10T10:00:00Z');
    const t = renderTui({ conversations: s.conversations, replies: s.replies, sync: null, clock }, { columns: 100, rows: 20 });
    await t.waitFor('⚑ promised by Thu 10 Dec');
    const rows = t.frame().split('\n').filter((l) => /Lost parcel|Newer question/.test(l));
    expect(rows[0]).toContain('Lost parcel');
    t.press(keys.enter);
    await t.waitFor('⚑ promised by Thu 10 Dec: check with the courier (due: W resolves it)');
    t.press('W');
    await t.waitFor('promise by (when, what): done');
    t.press(keys.enter);
    await vi.waitFor(async () => expect((await s.conversations.get(id)).promise).toBeNull());
    expect((await s.conversations.get(id)).status).toBe('closed');
  });
});
