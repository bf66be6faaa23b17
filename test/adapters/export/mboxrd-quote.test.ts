import { describe, expect, it } from 'vitest';
import { mboxrdQuote } from '../../../src/adapters/export/mbox-writer.js';

/** mboxrd's reading rule: one ">" comes off every line that is ">+From ". */
const unquote = (text: string) => text.replace(/^>(>*From )/gm, '$1');

describe('mboxrdQuote', () => {
  const cases: [string, string][] = [
    ['no From line', 'Subject: x\n\nHello\nFrom-field: no\nxFrom here\n'],
    ['From at the very start of the body', 'From me\n'],
    ['quoted From lines of every depth', 'a\nFrom b\n>From c\n>>From d\nFrom\n'],
    ['CRLF lines', 'Subject: y\r\n\r\nFrom the shop\r\n>From x\r\n'],
    ['"From " in the middle of a line', 'text From there\n> From quoted with a space\n'],
    ['no newline at the end', 'line\nFrom end'],
  ];
  for (const [name, text] of cases) {
    it(`${name}: every ">*From " line gets one ">", nothing else changes`, () => {
      const out = mboxrdQuote(Buffer.from(text)).toString('latin1');
      const lines = text.split('\n');
      expect(out.split('\n')).toEqual(lines.map((l) => (/^>*From /.test(l) ? `>${l}` : l)));
      expect(unquote(out)).toBe(text);
    });
  }

  it('returns the same buffer when nothing needs quoting (no copy)', () => {
    const raw = Buffer.from('Subject: x\n\nno from lines\n');
    expect(mboxrdQuote(raw)).toBe(raw);
  });

  it('keeps bytes that are not UTF-8 as they are', () => {
    const raw = Buffer.from([0xff, 0x0a, ...Buffer.from('From x\n'), 0x80, 0x00]);
    expect([...mboxrdQuote(raw)]).toEqual([0xff, 0x0a, 0x3e, ...Buffer.from('From x\n'), 0x80, 0x00]);
  });
});
