/**
 * A wide terminal uses its width (issue 15, point 15): from 160 columns the inbox shows the
 * conversation under the cursor beside the list, following the cursor; narrower, the list alone.
 */
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { agent, fixture, fixedClock, input, rawMessage, servicesFor } from '../helpers/store-fixture.js';
import { renderTui } from '../helpers/render-tui.js';

afterEach(() => cleanup());

async function shop() {
  const clock = fixedClock('2026-12-06T12:00:00Z');
  const s = await servicesFor(fixture(), clock);
  const to = `${agent.name} <${agent.email}>`;
  await s.importer.import([
    input(rawMessage({ from: 'Anna Virtanen <anna@ex.com>', to, subject: 'Size of the boots', id: '<a1@ex.com>', date: 'Sun, 06 Dec 2026 10:00:00 +0000', body: 'Do the Koli boots come in 39?' })),
    input(rawMessage({ from: 'Bob Smith <bob@ex.com>', to, subject: 'Parcel damaged', id: '<b1@ex.com>', date: 'Sun, 06 Dec 2026 09:00:00 +0000', body: 'The box arrived crushed.' })),
  ]);
  return { conversations: s.conversations, sync: null, clock };
}

describe('the preview pane', () => {
  it('at 200x50 shows the conversation under the cursor beside the list, and follows the cursor', async () => {
    const t = renderTui(await shop(), { columns: 200, rows: 50 });
    await t.waitFor('Do the Koli boots come in 39?');
    const line = t.frame().split('\n').find((l) => l.includes('Size of the boots'))!;
    // The list's time column and the pane are kept apart by a space.
    expect(line).toMatch(/ 2h │ /);
    expect(t.frame()).toContain('Anna Virtanen <anna@ex.com>  1st conversation');
    t.press('j');
    await t.waitFor('The box arrived crushed.');
    expect(t.frame()).not.toContain('Do the Koli boots come in 39?');
    for (const l of t.frame().split('\n')) expect(l.length).toBeLessThanOrEqual(199);
  });

  it('at 100 columns there is no pane: the list has the width', async () => {
    const t = renderTui(await shop(), { columns: 100, rows: 30 });
    await t.waitFor('Parcel damaged');
    expect(t.frame()).not.toContain('│');
    expect(t.frame()).not.toContain('Do the Koli boots');
  });
});
