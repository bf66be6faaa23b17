import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { wrapText } from '../../src/tui/state/conversation-lines.js';

describe('wrapText', () => {
  const cases: [string, string][] = [
    ['ASCII words', 'the quick brown fox jumps over the lazy dog '.repeat(5)],
    ['one long ASCII word', 'x'.repeat(250)],
    ['CJK (two columns each)', '日本語のテキストを折り返す'.repeat(8)],
    ['emoji and accents among words', 'Kiitos 👍🏽 paljon — café Müller 🇫🇮 '.repeat(6)],
  ];
  for (const [name, text] of cases) {
    it(`${name}: no line wider than the width, nothing lost but the spaces it broke at`, () => {
      for (const width of [1, 7, 40, 80]) {
        const lines = wrapText(text, width);
        for (const line of lines) expect(stringWidth(line), JSON.stringify(line)).toBeLessThanOrEqual(Math.max(width, 2));
        expect(lines.join('').replace(/ /g, '')).toBe(text.replace(/ /g, ''));
      }
    });
  }

  it('wraps a 10 MB line into its rows at once', () => {
    const lines = wrapText('x'.repeat(10 * 1024 * 1024), 100);
    expect(lines).toHaveLength(Math.ceil((10 * 1024 * 1024) / 100));
  });
});
