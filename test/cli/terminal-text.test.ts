import { describe, expect, it } from 'vitest';
import { safeLine, safeText } from '../../src/cli/output/terminal-text.js';

const pads = ['\u2800', '\u3164', '\u115F', '\u1160', '\uFFA0', '\u200B', '\u200E', '\u200F', '\u061C', '\u00AD', '\u2060', '\u{E0020}', '\u{1D159}'];

describe('the terminal filter', () => {
  it('drops every padding character from one-line fields and from bodies', () => {
    for (const pad of pads) {
      expect(safeLine(`Bob Customer${pad.repeat(150)} <attacker@evil.test>`)).toBe('Bob Customer <attacker@evil.test>');
      expect(safeText(`Hello${pad.repeat(150)}\nbye`)).toBe('Hello\nbye');
    }
  });

  it('turns the other Unicode spaces into plain spaces in one-line fields', () => {
    expect(safeLine('a\u2000b\u3000c\u00A0d\u205Fe\u1680f')).toBe('a b c d e f');
  });

  it('keeps emoji ZWJ sequences and the Persian ZWNJ', () => {
    expect(safeLine('👨\u200D👩\u200D👧 می\u200Cخواهم')).toBe('👨\u200D👩\u200D👧 می\u200Cخواهم');
  });
});
