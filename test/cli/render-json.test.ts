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
});
