/**
 * A 60x20 terminal stays usable (issue 15, point 15): on the inbox, a conversation, the reply's
 * editor and review and the help, no line is wider than the terminal, and the title, the key hints
 * (whole, the help's kept) and the status line are all on screen.
 */
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { agent, fixture, fixedClock, input, rawMessage, servicesFor } from '../helpers/store-fixture.js';
import { keys, renderTui } from '../helpers/render-tui.js';

afterEach(() => cleanup());

const size = { columns: 60, rows: 20 };

async function shop() {
  const clock = fixedClock('2026-12-06T12:00:00Z');
  const s = await servicesFor(fixture(), clock);
  const to = `${agent.name} <${agent.email}>`;
  const body = `Hello,\n\n${'The parcel with the Koli boots arrived with a crushed corner and one lace missing. '.repeat(6)}\n\nAnna`;
  await s.importer.import([
    input(rawMessage({ from: 'Anna Virtanen-Korhonen <anna.virtanen-korhonen@example.com>', to, subject: 'The parcel arrived damaged and one of the laces is missing', id: '<a1@ex.com>', date: 'Sun, 06 Dec 2026 10:00:00 +0000', body })),
    input(rawMessage({ from: 'Bob Smith <bob@ex.com>', to, subject: 'Size', id: '<b1@ex.com>', date: 'Sun, 06 Dec 2026 09:00:00 +0000' })),
  ]);
  return { conversations: s.conversations, replies: s.replies, sync: null, clock };
}

/** The frame's lines, each checked to fit 60 columns, and the frame within 20 rows. */
function fitted(frame: string): string[] {
  const lines = frame.split('\n');
  for (const l of lines) expect([...l].length, l).toBeLessThanOrEqual(size.columns);
  expect(lines.length).toBeLessThanOrEqual(size.rows);
  return lines;
}

describe('a 60x20 terminal', () => {
  it('shows the inbox, a conversation, the reply and the help whole, with hints and status', async () => {
    const t = renderTui(await shop(), size);
    await t.waitFor('2 conversations');
    let lines = fitted(t.frame());
    expect(lines[0]).toContain('[1 Open]');
    expect(lines.at(-2)).toMatch(/^j move · Enter open · .* · \? help$/);
    expect(lines.at(-1)).toContain('local store');

    t.press(keys.enter);
    await t.waitFor('1st conversation');
    lines = fitted(t.frame());
    expect(lines[0]).toContain('The parcel arrived damaged');
    expect(lines.at(-2)).toMatch(/^j scroll · .* · \? help$/);
    expect(lines.at(-1)).toContain('local store');

    t.press('r');
    await t.waitFor('Reply — writing');
    lines = fitted(t.frame());
    expect(lines.at(-2)).toMatch(/^write your reply · Esc when done/);
    expect(lines.at(-1)).toContain('local store');
    t.press('Thank you, a new pair is on its way.');
    await t.waitFor('type your reply');
    lines = fitted(t.frame());
    expect(lines.at(-2)).toBe('type your reply · Esc when done (saved as you type)');
    t.press(keys.escape);
    await t.waitFor('Reply — review');
    lines = fitted(t.frame());
    // The title names whole keys too: the ones that fit (the hint line below has the rest).
    expect(lines[0].trimEnd()).toBe(' Reply — review: y send · e edit · Q quote · s save draft');
    expect(lines.at(-2)).toMatch(/^y send · e edit · .* · \? help$/);
    expect(lines.at(-1)).toContain('local store');

    t.press('?');
    await t.waitFor('Keys here, then elsewhere');
    fitted(t.frame());
  });
});
