/**
 * Calendar arithmetic in a named time zone with nothing but Intl: which local day an instant falls
 * on, and which instant a local wall-clock time is. The owner's working day and the per-day chart
 * follow their own clock, not the machine's (a laptop on holiday abroad) and not UTC.
 *
 * Local dates are handled as plain { year, month, day } values; moving between them (next day,
 * weekday, ISO week) is pure calendar arithmetic done in UTC, where no day is 23 or 25 hours long.
 */
export type LocalDate = { year: number; month: number; day: number };

// Formatters are costly to build and a stats run asks for thousands of conversions in one zone.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

type WallClock = LocalDate & { hour: number; minute: number; second: number };

function wallClockAt(ms: number, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(ms)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour % 24, minute: parts.minute, second: parts.second };
}

/** How far the zone's clock is ahead of UTC at that instant, in ms (Helsinki in summer: +3 h). */
function offsetAt(ms: number, timeZone: string): number {
  const c = wallClockAt(ms, timeZone);
  const asUtc = Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute, c.second);
  return asUtc - (ms - (((ms % 1000) + 1000) % 1000));
}

/** The local calendar date of an instant in the zone. */
export function localDateAt(ms: number, timeZone: string): LocalDate {
  const { year, month, day } = wallClockAt(ms, timeZone);
  return { year, month, day };
}

/**
 * The instant the zone's clock shows `minutes` past midnight on `date`. Minutes may be 1440 (the
 * next midnight). A time skipped by a spring-forward change resolves an hour later, a time repeated
 * in autumn to one of its two occurrences: edge cases no ordinary working schedule runs into, as
 * clocks change at night.
 */
export function instantAt(date: LocalDate, minutes: number, timeZone: string): number {
  const wall = Date.UTC(date.year, date.month - 1, date.day) + minutes * 60_000;
  // Two passes: the offset at the guess may differ from the offset at the answer near a change.
  const first = wall - offsetAt(wall, timeZone);
  const second = wall - offsetAt(first, timeZone);
  if (second === first) return first;
  return Math.max(first, second);
}

/** The next (or, with a negative step, an earlier) calendar date. */
export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Whole calendar days from `a` to `b` (negative when b is earlier). */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: LocalDate): number {
  const weekday = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** "2026-03-29". */
export function dateKey(date: LocalDate): string {
  return `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}`;
}

/**
 * "2026-W13": the ISO 8601 week (weeks start on Monday; week 1 holds the year's first Thursday, so
 * 2026-12-31 can be "2026-W53" and 2027-01-01 too, and 2024-12-30 is "2025-W01").
 */
export function isoWeekKey(date: LocalDate): string {
  // The Thursday of the date's week decides the week-year.
  const thursday = addDays(date, 4 - isoWeekday(date));
  const week = Math.floor(daysBetween({ year: thursday.year, month: 1, day: 1 }, thursday) / 7) + 1;
  return `${pad(thursday.year, 4)}-W${pad(week)}`;
}
