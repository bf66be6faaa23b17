/**
 * Ink's text caches kept across frames (ink-frame-cache.ts) draw every frame exactly as Ink draws
 * it with a cache per frame: the same keys over the same store give the same frames, byte for byte
 * (colours included), with wide, combining and emoji characters on screen; and any frame Ink's
 * Output can be asked for (random writes, blocks off the screen, overlaps, transformers, clips)
 * comes out as Ink's own `get` makes it, also when its rows were kept from earlier frames.
 */
import chalk from 'chalk';
import fc from 'fast-check';
import { cleanup } from 'ink-testing-library';
import Output from '../../node_modules/ink/build/output.js';
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

type Op = { x: number; y: number; text: string; transform: 0 | 1 | 2 } | { clip: true };
const piece = fc.constantFrom('a', 'Zoë', '李小龍', '👍🏽', '🇫🇮', 'e\u0301', ' ', '|', ':', '3:', '\u0000', '\n', chalk.red('red'), chalk.bold.inverse('[1 Open]'), chalk.dim('dim\nnext'));
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 12, arbitrary: fc.record({ x: fc.integer({ min: -3, max: 24 }), y: fc.integer({ min: -4, max: 9 }), text: fc.array(piece, { maxLength: 8 }).map((p) => p.join('')), transform: fc.constantFrom(0, 1, 2) as fc.Arbitrary<0 | 1 | 2> }) },
  { weight: 1, arbitrary: fc.constant({ clip: true as const }) },
);
// Transformers as Ink's <Transform> passes them: per line, with the line's index in its block.
const transformers = [[], [(line: string, i: number) => `${i}>${line}`], [(line: string) => line.toUpperCase(), (line: string, i: number) => (i % 2 ? chalk.green(line) : line)]];

function frameOf(ops: Op[], width: number, height: number): string {
  const out = new (Output as unknown as new (o: { width: number; height: number }) => { write: (...a: unknown[]) => void; clip: (c: unknown) => void; unclip: () => void; get: () => { output: string; height: number } })({ width, height });
  for (const o of ops) {
    if ('clip' in o) out.clip({ x1: 1, x2: width - 2, y1: 1, y2: height - 1 });
    else out.write(o.x, o.y, o.text, { transformers: transformers[o.transform] });
  }
  const { output, height: h } = out.get();
  return `${h}\n${output}`;
}

describe('Rows kept across frames', () => {
  it('give every frame exactly as Ink draws it', () => {
    chalk.level = 3;
    fc.assert(
      fc.property(fc.array(fc.array(op, { maxLength: 12 }), { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 6 }), (frames, width, height) => {
        for (const ops of frames) {
          shareInkFrameCaches(false);
          const ink = frameOf(ops, width, height);
          shareInkFrameCaches(true);
          expect(frameOf(ops, width, height)).toBe(ink);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('tell a row written once from one written twice with the same characters', () => {
    shareInkFrameCaches(true);
    const once = frameOf([{ x: 0, y: 0, text: 'a|3:a', transform: 0 }], 10, 1);
    const twice = frameOf([{ x: 0, y: 0, text: 'a', transform: 0 }, { x: 3, y: 0, text: 'a', transform: 0 }], 10, 1);
    expect([once, twice]).toEqual(['1\na|3:a', '1\na  a']);
  });
});
