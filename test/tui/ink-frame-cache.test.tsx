/**
 * Ink's text caches kept across frames (ink-frame-cache.ts) draw every frame exactly as Ink draws
 * it with a cache per frame: the same keys over the same store give the same frames, byte for byte
 * (colours included), with wide, combining and emoji characters on screen.
 */
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { shareInkFrameCaches } from '../../src/tui/ink-frame-cache.js';
import { agent, fixedClock, fixture, input, rawMessage, servicesFor } from '../helpers/store-fixture.js';
import { keys, renderTui } from '../helpers/render-tui.js';

afterEach(() => {
  cleanup();
  shareInkFrameCaches(true);
});

const senders = ['李小龍 <li@ex.com>', 'Zoë Ångström <zoe@ex.com>', 'José Müller <jose@ex.com>', 'Ünal 👍🏽 Kaya <unal@ex.com>', 'Anna <anna@ex.com>'];
const subjects = ['Bestellung 🇫🇮 kaputt', '注文が届きません', 'Cafe\u0301 order', 'Refund?', 'Size chart'];

async function frames(): Promise<string[]> {
  const clock = fixedClock('2026-11-20T12:00:00Z');
  const s = await servicesFor(fixture(), clock);
  for (let i = 0; i < 40; i++) {
    const raw = rawMessage({ from: senders[i % 5], to: `${agent.name} <${agent.email}>`, subject: `${subjects[i % 5]} ${i}`, id: `<f${i}@ex.com>`, date: new Date(Date.parse('2026-11-01') + i * 3_600_000).toUTCString() });
    await s.importer.import([input(raw)]);
  }
  const t = renderTui({ conversations: s.conversations, sync: null, clock }, { columns: 100, rows: 30 });
  await t.waitFor('40 conversations');
  const seen: string[] = [t.raw()];
  for (const key of [...'jjjjjjjjjjjjjjjjjjjjjjjjjjjjjj', 'G', 'k', 'g', keys.enter]) {
    const before = t.raw();
    t.press(key);
    // Each key changes the screen: its frame is the next one that differs.
    await new Promise<void>((resolve) => {
      const check = () => (t.raw() !== before ? resolve() : setImmediate(check));
      check();
    });
    seen.push(t.raw());
  }
  t.unmount();
  return seen;
}

describe('Ink frame caches shared across frames', () => {
  it('apply to the Ink this project installs', () => {
    expect(shareInkFrameCaches(true)).toBe(true);
  });

  it('draw the same frames as a cache per frame, byte for byte', async () => {
    shareInkFrameCaches(false);
    const perFrame = await frames();
    cleanup();
    expect(shareInkFrameCaches(true)).toBe(true);
    const shared = await frames();
    expect(shared).toHaveLength(perFrame.length);
    expect(shared).toEqual(perFrame);
    expect(new Set(shared).size).toBeGreaterThan(20);
  }, 60_000);
});
