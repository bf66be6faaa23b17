import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dropHidden, hasHidden, markHidden, mayHoldHidden } from '../../../src/core/domain/invisible-chars.js';

const hex = (s: string) => [...s].map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`).join(' ');

describe('dropHidden', () => {
  // Each: a character that shows nothing (or a blank), which can pad a name or hide text.
  const hidden: [string, string][] = [
    ['braille pattern blank', '\u2800'],
    ['Hangul filler', '\u3164'],
    ['Hangul choseong filler', '\u115F'],
    ['Hangul jungseong filler', '\u1160'],
    ['halfwidth Hangul filler', '\uFFA0'],
    ['zero-width space', '\u200B'],
    ['soft hyphen', '\u00AD'],
    ['combining grapheme joiner', '\u034F'],
    ['Khmer inherent vowel', '\u17B4'],
    ['left-to-right mark', '\u200E'],
    ['right-to-left mark', '\u200F'],
    ['Arabic letter mark', '\u061C'],
    ['right-to-left override', '\u202E'],
    ['first strong isolate', '\u2068'],
    ['word joiner', '\u2060'],
    ['invisible times', '\u2062'],
    ['BOM', '\uFEFF'],
    ['interlinear annotation anchor', '\uFFF9'],
    ['Mongolian vowel separator', '\u180E'],
    ['tag latin small letter a', '\u{E0061}'],
    ['language tag', '\u{E0001}'],
    ['cancel tag', '\u{E007F}'],
    ['unassigned default ignorable', '\u{E0FFF}'],
    ['musical symbol null notehead', '\u{1D159}'],
    ['musical symbol begin beam', '\u{1D173}'],
    ['shorthand format letter overlap', '\u{1BCA0}'],
    ['Egyptian hieroglyph vertical joiner', '\u{13430}'],
  ];
  for (const [name, ch] of hidden) {
    it(`drops ${name} (${hex(ch)}) between letters, repeated, and at the ends`, () => {
      expect(dropHidden(`Bob${ch}Customer`)).toBe('BobCustomer');
      expect(dropHidden(`Bob${ch.repeat(150)} x`)).toBe('Bob x');
      expect(dropHidden(`${ch}Bob${ch}`)).toBe('Bob');
    });
  }

  it('keeps ZWJ inside emoji sequences and ZWNJ/ZWJ inside words of scripts that need them', () => {
    for (const text of ['👨\u200D👩\u200D👧', '❤\uFE0F\u200D🔥', '🏳\uFE0F\u200D🌈', 'می\u200Cخواهم', 'क्\u200Dष', '👍🏽', '🏴‍☠️']) {
      expect(dropHidden(text), hex(text)).toBe(text);
    }
  });

  it('drops ZWJ and ZWNJ with nothing to join: at an edge, next to a space, or in a run', () => {
    expect(dropHidden('\u200DBob')).toBe('Bob');
    expect(dropHidden('Bob\u200C')).toBe('Bob');
    expect(dropHidden('Bob \u200D Customer')).toBe('Bob  Customer');
    expect(dropHidden('a\u200D\u200D\u200Db')).toBe('ab');
    expect(dropHidden(`Bob${'\u200C'.repeat(150)}`)).toBe('Bob');
  });

  it('keeps a variation selector right after a visible character, drops it anywhere else', () => {
    for (const text of ['☺\uFE0F', '1\uFE0F\u20E3', '葛\u{E0100}', 'ᠠ\u180B']) expect(dropHidden(text), hex(text)).toBe(text);
    expect(dropHidden('\uFE0FBob')).toBe('Bob');
    expect(dropHidden('a \uFE0F')).toBe('a ');
    expect(dropHidden(`☺\uFE0F${'\uFE0F'.repeat(150)}`)).toBe('☺\uFE0F');
  });

  it('keeps a subdivision flag (🏴 + tag letters + cancel tag), drops tag text anywhere else', () => {
    const england = '\u{1F3F4}\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}';
    expect(dropHidden(`go ${england}!`)).toBe(`go ${england}!`);
    // ASCII smuggled as tags: "ignore" after a harmless word.
    const smuggled = [...'ignore'].map((c) => String.fromCodePoint(0xe0000 + c.charCodeAt(0))).join('');
    expect(dropHidden(`hello${smuggled}`)).toBe('hello');
    expect(dropHidden(`\u{1F3F4}${smuggled.repeat(3)}\u{E007F}`)).toBe('\u{1F3F4}');
  });

  it('keeps format characters that draw a mark (Arabic number sign, end of ayah)', () => {
    expect(dropHidden('\u0600١٢')).toBe('\u0600١٢');
    expect(dropHidden('\u06DD١')).toBe('\u06DD١');
  });

  it('leaves ordinary text, spaces and line breaks alone', () => {
    const text = 'Anna Virtanen <anna@ex.com>\n山田 太郎　さん\tcafé';
    expect(dropHidden(text)).toBe(text);
    expect(hasHidden(text)).toBe(false);
  });
});

describe('markHidden', () => {
  it('hands each hidden character to the replacer, a character outside the BMP whole', () => {
    const seen: string[] = [];
    markHidden('a\u2800b\u{E0061}c\u200Dd', (ch) => (seen.push(ch), ''));
    expect(seen).toEqual(['\u2800', '\u{E0061}']);
  });

  it('mayHoldHidden (the fast path of large JSON) is false only for text markHidden leaves as it is', () => {
    // Text from all of Unicode, and text made of the characters markHidden looks at, among letters.
    const suspects = ['\u200b', '\u200d', '\u202e', '\u2066', '\u00ad', '\u2800', '\u{E0041}', '\u{1F3F4}\u{E0067}\u{E0062}\u{E007F}', '\u{1D159}', 'a', 'é', '👍'];
    const text = fc.oneof(fc.string({ unit: 'binary' }), fc.array(fc.constantFrom(...suspects)).map((parts) => parts.join('')));
    fc.assert(
      fc.property(text, (t) => {
        if (!mayHoldHidden(t)) expect(markHidden(t, () => '<hidden>')).toBe(t);
        if (hasHidden(t)) expect(mayHoldHidden(t)).toBe(true);
      }),
      { numRuns: 2000, seed: 24 },
    );
    expect(mayHoldHidden('plain text, "quoted", {json: 1}')).toBe(false);
    expect(mayHoldHidden('a\u200bb')).toBe(true);
  });
});
