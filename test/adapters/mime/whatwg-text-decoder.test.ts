import { describe, expect, it } from 'vitest';
import { installWhatwgTextDecoder, singleByteEncoding, WhatwgTextDecoder } from '../../../src/adapters/mime/whatwg-text-decoder.js';
import { expectedHighHalf, singleByteLabels, windows1252Spellings, wrongBytes } from '../../helpers/whatwg-single-byte.js';

const highBytes = Array.from({ length: 128 }, (_, i) => 0x80 + i);
const PlatformTextDecoder = globalThis.TextDecoder;

describe('WhatwgTextDecoder', () => {
  it.each(Object.entries(singleByteLabels).flatMap(([encoding, labels]) => labels.map((label) => ({ encoding, label }))))(
    'decodes the 128 high bytes of $label as the $encoding index says, and names that encoding',
    ({ encoding, label }) => {
      const decoder = new WhatwgTextDecoder(label);
      expect(wrongBytes(highBytes, decoder.decode(Uint8Array.from(highBytes)), expectedHighHalf(encoding))).toEqual([]);
      expect(decoder.encoding).toBe(encoding);
    },
  );

  it('keeps ASCII as it is under every single-byte label', () => {
    const ascii = Uint8Array.from({ length: 128 }, (_, i) => i);
    for (const labels of Object.values(singleByteLabels)) for (const label of labels) expect(new WhatwgTextDecoder(label).decode(ascii)).toBe(String.fromCharCode(...ascii));
  });

  it.each(windows1252Spellings)('reads %j as windows-1252: € “ ” ‘ ’ – — … ™ Š Ž', (label) => {
    expect(new WhatwgTextDecoder(label).decode(Uint8Array.of(0x80, 0x93, 0x94, 0x91, 0x92, 0x96, 0x97, 0x85, 0x99, 0x8a, 0x8e))).toBe('€“”‘’–—…™ŠŽ');
  });

  it('takes an ArrayBuffer, a DataView or nothing, like the platform decoder', () => {
    const bytes = Uint8Array.of(0x41, 0x80, 0x9f);
    const decoder = new WhatwgTextDecoder('windows-1252');
    expect(decoder.decode(bytes.buffer)).toBe('A€Ÿ');
    expect(decoder.decode(new DataView(bytes.buffer, 1, 1))).toBe('€');
    expect(decoder.decode()).toBe('');
    expect(decoder.decode(bytes.subarray(1), { stream: true }) + decoder.decode()).toBe('€Ÿ');
  });

  it('replaces a byte the encoding does not map, or throws a TypeError when fatal', () => {
    expect(new WhatwgTextDecoder('windows-874').decode(Uint8Array.of(0xdb))).toBe('\uFFFD');
    expect(() => new WhatwgTextDecoder('windows-874', { fatal: true }).decode(Uint8Array.of(0xdb))).toThrow(TypeError);
    expect(new WhatwgTextDecoder('windows-874', { fatal: true }).fatal).toBe(true);
  });

  it('leaves UTF-8, UTF-16 and the multi-byte encodings to the platform', () => {
    const samples: [string, number[]][] = [
      ['utf-8', [0xef, 0xbb, 0xbf, 0xe2, 0x82, 0xac, 0xff]],
      ['utf-16le', [0xac, 0x20, 0x41, 0x00]],
      ['utf-16be', [0x20, 0xac]],
      ['shift_jis', [0x82, 0xa0, 0x83, 0x41]],
      ['euc-kr', [0xb0, 0xa1]],
      ['gb18030', [0x81, 0x30, 0x81, 0x30]],
      ['big5', [0xa4, 0x40]],
      ['iso-2022-jp', [0x1b, 0x24, 0x42, 0x30, 0x21, 0x1b, 0x28, 0x42]],
    ];
    for (const [label, bytes] of samples) {
      const ours = new WhatwgTextDecoder(label);
      const platform = new PlatformTextDecoder(label);
      expect(ours.encoding).toBe(platform.encoding);
      expect(ours.decode(Uint8Array.from(bytes))).toBe(platform.decode(Uint8Array.from(bytes)));
    }
    expect(new WhatwgTextDecoder().encoding).toBe('utf-8');
    expect(new WhatwgTextDecoder('utf-8', { ignoreBOM: true }).decode(Uint8Array.of(0xef, 0xbb, 0xbf))).toBe('\uFEFF');
  });

  it('refuses an unknown label with the platform\'s RangeError', () => {
    expect(() => new WhatwgTextDecoder('no-such-charset')).toThrow(RangeError);
    expect(singleByteEncoding('no-such-charset')).toBeUndefined();
    expect(singleByteEncoding('utf-8')).toBeUndefined();
    expect(singleByteEncoding(' Latin1 ')).toBe('windows-1252');
  });

  it('once installed, is what `new TextDecoder(label)` gives, still an instance of the platform class', () => {
    installWhatwgTextDecoder();
    installWhatwgTextDecoder();
    const decoder = new TextDecoder('iso-8859-1');
    expect(decoder).toBeInstanceOf(PlatformTextDecoder);
    expect(decoder.decode(Uint8Array.of(0x80))).toBe('€');
  });
});
