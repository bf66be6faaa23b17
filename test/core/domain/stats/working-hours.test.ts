import { describe, expect, it } from 'vitest';
import {
  defaultWorkingHours,
  parseWorkingHours,
  workingDayMs,
  workingMsBetween,
  WorkingHoursError,
  type WorkingHours,
} from '../../../../src/core/domain/stats/working-hours.js';

const h = 3_600_000;
const min = 60_000;
/** ISO text with its offset, so each case reads as the owner's wall clock. Helsinki: +02:00 winter, +03:00 summer. */
const at = (iso: string) => Date.parse(iso);

const helsinki: WorkingHours = { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00', timeZone: 'Europe/Helsinki' };

describe('workingMsBetween, Mon–Fri 09:00–17:00 in Helsinki', () => {
  it('counts the time between two instants inside the same working day', () => {
    // Tue 10:00 → 13:30
    expect(workingMsBetween(at('2026-03-10T10:00+02:00'), at('2026-03-10T13:30+02:00'), helsinki)).toBe(3.5 * h);
  });

  it('skips the night', () => {
    // Tue 15:00 → Wed 10:00: 15–17 (2 h) + 9–10 (1 h)
    expect(workingMsBetween(at('2026-03-10T15:00+02:00'), at('2026-03-11T10:00+02:00'), helsinki)).toBe(3 * h);
  });

  it('skips the weekend: Fri 16:00 → Mon 10:00 is 2 h', () => {
    expect(workingMsBetween(at('2026-03-13T16:00+02:00'), at('2026-03-16T10:00+02:00'), helsinki)).toBe(2 * h);
  });

  it('clips both ends that fall outside working hours', () => {
    // Tue 20:00 → Wed 07:00: nothing worked
    expect(workingMsBetween(at('2026-03-10T20:00+02:00'), at('2026-03-11T07:00+02:00'), helsinki)).toBe(0);
    // Tue 07:00 → Tue 20:00: the whole day, 8 h
    expect(workingMsBetween(at('2026-03-10T07:00+02:00'), at('2026-03-10T20:00+02:00'), helsinki)).toBe(8 * h);
    // Mon 18:00 → Wed 08:00: only Tuesday, 8 h
    expect(workingMsBetween(at('2026-03-09T18:00+02:00'), at('2026-03-11T08:00+02:00'), helsinki)).toBe(8 * h);
  });

  it('is 0 when the end is not after the start', () => {
    expect(workingMsBetween(at('2026-03-10T12:00+02:00'), at('2026-03-10T12:00+02:00'), helsinki)).toBe(0);
    expect(workingMsBetween(at('2026-03-10T12:00+02:00'), at('2026-03-10T10:00+02:00'), helsinki)).toBe(0);
    expect(workingMsBetween(Number.NaN, at('2026-03-10T10:00+02:00'), helsinki)).toBe(0);
  });

  it('uses the zone of the schedule, not the machine: 09:00 Helsinki is 07:00 UTC in winter', () => {
    expect(workingMsBetween(at('2026-03-10T07:00Z'), at('2026-03-10T08:00Z'), helsinki)).toBe(1 * h);
    expect(workingMsBetween(at('2026-03-10T06:00Z'), at('2026-03-10T07:00Z'), helsinki)).toBe(0);
  });
});

describe('workingMsBetween across clock changes in Helsinki (2026-03-29 and 2026-10-25, both Sundays)', () => {
  it('spring: the Sunday of the change has no working time, Monday still has 8 h', () => {
    expect(workingMsBetween(at('2026-03-29T00:00+02:00'), at('2026-03-30T00:00+03:00'), helsinki)).toBe(0);
    expect(workingMsBetween(at('2026-03-30T09:00+03:00'), at('2026-03-30T17:00+03:00'), helsinki)).toBe(8 * h);
    // Mon 09:00 is 06:00 UTC after the change, 07:00 UTC before it
    expect(workingMsBetween(at('2026-03-30T06:00Z'), at('2026-03-30T07:00Z'), helsinki)).toBe(1 * h);
  });

  it('spring: Fri 16:00 → Mon 10:00 over the change is still 2 h, though an hour less passed', () => {
    expect(workingMsBetween(at('2026-03-27T16:00+02:00'), at('2026-03-30T10:00+03:00'), helsinki)).toBe(2 * h);
  });

  it('spring: a whole week over the change is 5 × 8 h', () => {
    expect(workingMsBetween(at('2026-03-23T09:00+02:00'), at('2026-03-30T09:00+03:00'), helsinki)).toBe(40 * h);
  });

  it('autumn: Fri 16:00 → Mon 10:00 over the change is 2 h, and Monday is 8 h', () => {
    expect(workingMsBetween(at('2026-10-23T16:00+03:00'), at('2026-10-26T10:00+02:00'), helsinki)).toBe(2 * h);
    expect(workingMsBetween(at('2026-10-26T09:00+02:00'), at('2026-10-26T17:00+02:00'), helsinki)).toBe(8 * h);
  });

  it('a round-the-clock schedule sees the short and the long Sunday: 23 h and 25 h', () => {
    const always: WorkingHours = { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00', timeZone: 'Europe/Helsinki' };
    expect(workingMsBetween(at('2026-03-29T00:00+02:00'), at('2026-03-30T00:00+03:00'), always)).toBe(23 * h);
    expect(workingMsBetween(at('2026-10-25T00:00+03:00'), at('2026-10-26T00:00+02:00'), always)).toBe(25 * h);
  });
});

describe('workingMsBetween with a custom schedule, Tue–Sat 10:00–18:00', () => {
  const shop: WorkingHours = { days: [2, 3, 4, 5, 6], start: '10:00', end: '18:00', timeZone: 'Europe/Helsinki' };

  it('works Saturday and rests Sunday and Monday', () => {
    // Sat 17:00 → Tue 11:00: Sat 17–18 (1 h) + Tue 10–11 (1 h)
    expect(workingMsBetween(at('2026-03-14T17:00+02:00'), at('2026-03-17T11:00+02:00'), shop)).toBe(2 * h);
    // a whole Saturday
    expect(workingMsBetween(at('2026-03-14T00:00+02:00'), at('2026-03-15T00:00+02:00'), shop)).toBe(8 * h);
    // a whole Monday
    expect(workingMsBetween(at('2026-03-16T00:00+02:00'), at('2026-03-17T00:00+02:00'), shop)).toBe(0);
  });

  it('has a working day as long as its hours', () => {
    expect(workingDayMs(shop)).toBe(8 * h);
    expect(workingDayMs({ ...shop, start: '08:30', end: '12:15' })).toBe(3 * h + 45 * min);
  });
});

describe('workingMsBetween over long spans', () => {
  const utc: WorkingHours = { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00', timeZone: 'UTC' };

  it('stays exact past the walked days: Mon 2024-01-01 → Mon 2025-12-29 is 104 weeks × 40 h', () => {
    // 2024 has 366 days; 366 + 362 = 728 days = 104 weeks
    expect(workingMsBetween(at('2024-01-01T00:00Z'), at('2025-12-29T00:00Z'), utc)).toBe(104 * 40 * h);
  });

  it('returns quickly for a corrupt far-future timestamp', () => {
    const started = performance.now();
    expect(workingMsBetween(at('2026-03-10T00:00Z'), 8.64e15, utc)).toBeGreaterThan(0);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('parseWorkingHours', () => {
  it('takes defaults for what is missing', () => {
    expect(parseWorkingHours(undefined)).toEqual(defaultWorkingHours);
    expect(parseWorkingHours({ timeZone: 'Europe/Helsinki' })).toEqual({ ...defaultWorkingHours, timeZone: 'Europe/Helsinki' });
    expect(defaultWorkingHours).toMatchObject({ days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' });
  });

  it('accepts and tidies a full schedule', () => {
    expect(parseWorkingHours({ days: [6, 2, 3, 3], start: '9:30', end: '24:00', timeZone: 'Europe/Helsinki' })).toEqual({
      days: [2, 3, 6],
      start: '09:30',
      end: '24:00',
      timeZone: 'Europe/Helsinki',
    });
  });

  const refusals: [string, unknown, string, RegExp][] = [
    ['a weekday out of 1–7', { days: [1, 8] }, 'days', /^working hours: days must hold weekday numbers 1–7 \(1 = Monday\), got 8$/],
    ['no days at all', { days: [] }, 'days', /^working hours: days must be a list/],
    ['a day that is not a number', { days: ['mon'] }, 'days', /got "mon"/],
    ['an hour past 24', { start: '25:00' }, 'start', /^working hours: start must be a time of day like "09:00" \(00:00–24:00\), got "25:00"$/],
    ['minutes past 59', { end: '17:60' }, 'end', /got "17:60"/],
    ['a time that is not text', { end: 17 }, 'end', /got 17$/],
    ['an end before the start', { start: '17:00', end: '09:00' }, 'end', /^working hours: end must be later than start \(17:00\), got "09:00"$/],
    ['an end equal to the start', { start: '09:00', end: '9:00' }, 'end', /later than start/],
    ['a start at midnight after', { start: '24:00', end: '24:00' }, 'start', /before midnight/],
    ['an unknown time zone', { timeZone: 'Mars/Olympus_Mons' }, 'timeZone', /^working hours: timeZone is not a time zone this system knows: "Mars\/Olympus_Mons"/],
    ['an empty time zone', { timeZone: '' }, 'timeZone', /timeZone must be a time zone name/],
    ['a misspelt key', { timezone: 'Europe/Helsinki' }, 'workingHours', /^working hours: has an unknown field "timezone" \(known: days, start, end, timeZone\)$/],
    ['not an object', '9-17', 'workingHours', /^working hours: must be an object/],
  ];

  it.each(refusals)('refuses %s, naming the field', (_name, raw, field, message) => {
    let caught: unknown;
    try {
      parseWorkingHours(raw);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(WorkingHoursError);
    expect((caught as WorkingHoursError).field).toBe(field);
    expect((caught as Error).message).toMatch(message);
    expect((caught as Error).message).not.toContain('\n');
  });
});
