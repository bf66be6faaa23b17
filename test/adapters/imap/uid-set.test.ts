import { describe, expect, it } from 'vitest';
import { compactUids, isUid } from '../../../src/adapters/imap/uid-set.js';

describe('compactUids', () => {
  it('joins runs, sorts and drops repeats', () => {
    expect(compactUids([10, 1, 2, 3, 7, 9, 3])).toBe('1:3,7,9:10');
    expect(compactUids([4294967295])).toBe('4294967295');
  });

  // Courier's SELECT without UIDNEXT once put NaN into `NaN:*`: nothing that is not a UID gets through.
  it.each([NaN, null, undefined, 0, -1, 1.5, 2 ** 32, Infinity, '7'])('refuses %s', (bad) => {
    expect(() => compactUids([1, bad as number])).toThrow(/not a UID set/);
    expect(isUid(bad)).toBe(false);
  });

  it('refuses an empty set (IMAP has none)', () => {
    expect(() => compactUids([])).toThrow(/empty/);
  });
});
