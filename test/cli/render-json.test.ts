import { describe, expect, it } from 'vitest';
import { renderJson } from '../../src/adapters/export/safe-json.js';

describe('renderJson', () => {
  it('escapes every control character a terminal could act on, and still round-trips', () => {
    const value = { subject: 'a\u001b[2Jb\u009b31mc\u007fd\u2028e\u0007' };
    const out = renderJson(value, 0);
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/);
    expect(JSON.parse(out)).toEqual(value);
    expect(out.endsWith('}\n')).toBe(true);
  });

  it('escapes LRM, RLM, ALM, blanks, fillers and tag characters, and keeps emoji and Persian joiners raw', () => {
    const tags = '\u{E0068}\u{E0069}';
    const value = { name: `Bob\u200E\u200F\u061C${'\u2800'.repeat(3)}\u3164\u115F\u1160\uFFA0\u00AD${tags}`, ok: '👨\u200D👩 می\u200Cخواهم ☺\uFE0F' };
    const out = renderJson(value, 0);
    expect(out).toContain('Bob\\u200e\\u200f\\u061c\\u2800\\u2800\\u2800\\u3164\\u115f\\u1160\\uffa0\\u00ad\\udb40\\udc68\\udb40\\udc69');
    expect(out).toContain('"ok":"👨\u200D👩 می\u200Cخواهم ☺\uFE0F"');
    expect(out).not.toMatch(/[\u200e\u200f\u061c\u2800\u3164\u115f\u1160\uffa0\u00ad]|[\u{E0000}-\u{E007F}]/u);
    expect(JSON.parse(out)).toEqual(value);
  });

  it('judges a joiner by the text of its string, not by the quote before it', () => {
    const out = renderJson({ a: '\u200Dx', b: 'x\u200C' }, 0);
    expect(out).toBe('{"a":"\\u200dx","b":"x\\u200c"}\n');
  });

  it('renders a message text of megabytes, with quotes and escapes, without running out of stack', () => {
    const value = { text: `${'a'.repeat(10_000_000)}\n"quoted" \\ ${'\u2800'.repeat(1000)}${'b\n'.repeat(200_000)}`, next: 'ok' };
    const out = renderJson(value, 0);
    expect(JSON.parse(out)).toEqual(value);
    expect(out).not.toContain('\u2800');
  });
});
