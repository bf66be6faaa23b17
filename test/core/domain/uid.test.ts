import { describe, expect, it } from 'vitest';
import { isUid, maxUid, nextUidAfter } from '../../../src/core/domain/uid.js';

describe('IMAP UIDs', () => {
  it('accepts only positive 32-bit integers', () => {
    for (const good of [1, 2, 4000000000, maxUid]) expect(isUid(good)).toBe(true);
    for (const bad of [0, -1, 1.5, NaN, Infinity, maxUid + 1, '5', null, undefined, 2n]) expect(isUid(bad)).toBe(false);
  });

  it('next-UID stops at the first requested UID not stored, and never passes the server UIDNEXT', () => {
    const stored = new Set([3, 5]);
    expect(nextUidAfter(3, [3, 4, 5], (u) => stored.has(u), 6)).toBe(4);
    expect(nextUidAfter(3, [3, 5], (u) => stored.has(u), 9)).toBe(6);
    // A server whose UIDNEXT is lower than what it served, or missing (NaN): capped, or left alone.
    expect(nextUidAfter(3, [3, 5], (u) => stored.has(u), 4)).toBe(4);
    expect(nextUidAfter(3, [3, 5], (u) => stored.has(u), NaN)).toBe(6);
    // Never backwards.
    expect(nextUidAfter(10, [3], () => false, 20)).toBe(10);
  });
});
