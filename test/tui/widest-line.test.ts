/**
 * h2h's bundle gives Ink its own widest-line (src/tui/widest-line.ts: the widths kept across frames).
 * It must measure as the package does, for any text and on the second asking too, and the bundle
 * must really use it (else the TUI pays for string-width on every text node of every frame).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import chalk from 'chalk';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import packageWidestLine from 'widest-line';
import widestLine from '../../src/tui/widest-line.js';

const root = join(import.meta.dirname, '..', '..');
const piece = fc.constantFrom('a', 'Zoë', '李小龍', '👍🏽', '🇫🇮', '👨‍👩‍👧', 'e\u0301', '\u200b', '\t', ' ', '\n', 'ｶﾞ', '한국어', chalk.red('red'), chalk.bold('李'), '\u001b]8;;https://x.example\u0007link\u001b]8;;\u0007');

describe("h2h's widest-line", () => {
  it('measures every text as the widest-line package does, asked once or again', () => {
    chalk.level = 3;
    fc.assert(
      fc.property(fc.array(fc.array(piece, { maxLength: 10 }).map((p) => p.join('')), { minLength: 1, maxLength: 5 }), (texts) => {
        for (const text of [...texts, ...texts]) expect(widestLine(text)).toBe(packageWidestLine(text));
      }),
      { numRuns: 300 },
    );
  });

  it("is the one h2h's bundle gives Ink", () => {
    const inputs = Object.keys((JSON.parse(readFileSync(join(root, 'dist', 'bundle-meta.json'), 'utf8')) as { inputs: Record<string, unknown> }).inputs);
    expect(inputs).toContain('dist/tui/widest-line.js');
    expect(inputs.filter((i) => i.includes('node_modules/widest-line/'))).toEqual([]);
    expect(inputs).toContain('node_modules/ink/build/render-node-to-output.js');
  });
});
