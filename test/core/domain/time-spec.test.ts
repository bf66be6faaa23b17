import { describe, expect, it } from 'vitest';
import { parseTimeSpec } from '../../../src/core/domain/time-spec.js';

// Monday 2026-11-23 12:00 local time.
const now = new Date(2026, 10, 23, 12, 0, 0).getTime();
const local = (...args: [number, number, number, number?, number?]) => new Date(args[0], args[1], args[2], args[3] ?? 0, args[4] ?? 0).getTime();

describe('parseTimeSpec', () => {
  it.each([
    ['2026-01-31', 'past', local(2026, 0, 31)],
    ['3d', 'past', now - 3 * 86_400_000],
    ['3d', 'future', now + 3 * 86_400_000],
    ['12h', 'past', now - 12 * 3_600_000],
    ['2w', 'future', now + 14 * 86_400_000],
    ['today', 'past', local(2026, 10, 23)],
    ['yesterday', 'past', local(2026, 10, 22)],
    ['tomorrow 9:00', 'future', local(2026, 10, 24, 9)],
    ['next-week', 'future', local(2026, 10, 30)],
    ['next week 9:00', 'future', local(2026, 10, 30, 9)],
    ['friday', 'future', local(2026, 10, 27)],
    ['friday', 'past', local(2026, 10, 20)],
    ['2026-03-01T10:30:00Z', 'past', Date.UTC(2026, 2, 1, 10, 30)],
  ] as const)('reads %j (%s)', (text, direction, expected) => {
    expect(parseTimeSpec(text, now, direction)).toBe(expected);
  });

  it.each(['2026-02-30', 'soon', 'tomorrow 25:00', '3 days', ''])('rejects %j', (text) => {
    expect(parseTimeSpec(text, now, 'past')).toBeUndefined();
  });
});
