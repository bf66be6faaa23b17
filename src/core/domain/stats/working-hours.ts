/**
 * The owner's working hours, and how much working time passed between two instants. "Answered within
 * a working day" is measured in these hours, so a Friday-evening mail answered on Monday morning
 * counts as quick: the owner was not at work in between.
 */
import { addDays, daysBetween, instantAt, isoWeekday, localDateAt, type LocalDate } from './zoned-time.js';

export type WorkingHours = {
  /** ISO weekdays worked: 1 = Monday … 7 = Sunday. */
  days: number[];
  /** Local wall-clock start, "09:00". */
  start: string;
  /** Local wall-clock end, "17:00"; "24:00" means until midnight. */
  end: string;
  /** IANA zone the times are in, e.g. "Europe/Helsinki". */
  timeZone: string;
};

export const defaultWorkingHours: WorkingHours = {
  days: [1, 2, 3, 4, 5],
  start: '09:00',
  end: '17:00',
  timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
};

/** A bad working-hours setting; `field` lets the config loader point at the key in its file. */
export class WorkingHoursError extends Error {
  constructor(
    readonly field: keyof WorkingHours | 'workingHours',
    readonly problem: string,
  ) {
    super(`working hours: ${field === 'workingHours' ? '' : `${field} `}${problem}`);
    this.name = 'WorkingHoursError';
  }
}

/** Minutes past midnight for "HH:MM" (00:00–24:00), or undefined when it is not such a time. */
function minutesOf(text: string): number | undefined {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text);
  if (!m) return undefined;
  const hour = Number(m[1]);
  const minute = Number(m[2]);
  if (minute > 59 || hour > 24 || (hour === 24 && minute > 0)) return undefined;
  return hour * 60 + minute;
}

/** The length of one working day, e.g. 8 h for 09:00–17:00. */
export function workingDayMs(hours: WorkingHours): number {
  return ((minutesOf(hours.end) ?? 0) - (minutesOf(hours.start) ?? 0)) * 60_000;
}

/**
 * Past this many local days the walk stops and the rest is counted in whole weeks. A reply more
 * than a year after the question is an oddity (an imported archive, a wrong clock), a timestamp
 * like 8.6e15 is corrupt data, and neither should make a stats run loop for seconds. Whole weeks
 * are exact whenever no clock change falls inside working hours, which holds for every schedule
 * that does not work through the night.
 */
const maxWalkedDays = 400;

/** The working time inside one local day, clipped to [from, to]. */
function workingMsOn(date: LocalDate, from: number, to: number, hours: WorkingHours, startMin: number, endMin: number): number {
  if (!hours.days.includes(isoWeekday(date))) return 0;
  const start = Math.max(from, instantAt(date, startMin, hours.timeZone));
  const end = Math.min(to, instantAt(date, endMin, hours.timeZone));
  return Math.max(0, end - start);
}

/**
 * Working milliseconds between two instants (0 when `to` is not after `from`). Walks the local days
 * from the one holding `from` to the one holding `to`, taking each day's start and end from the
 * zone's own clock, so a day with a clock change still counts its real working time.
 */
export function workingMsBetween(from: number, to: number, hours: WorkingHours): number {
  if (!Number.isFinite(from) || !Number.isFinite(to) || to <= from) return 0;
  const startMin = minutesOf(hours.start) ?? 0;
  const endMin = minutesOf(hours.end) ?? 0;
  if (endMin <= startMin) return 0;
  const lastDate = localDateAt(to, hours.timeZone);
  let date = localDateAt(from, hours.timeZone);
  let total = 0;
  let walked = 0;
  while (daysBetween(date, lastDate) >= 0) {
    if (walked === maxWalkedDays) {
      // Days skipped here lie strictly between the first and the last day, so each one is whole.
      const weeks = Math.floor(daysBetween(date, lastDate) / 7);
      total += weeks * new Set(hours.days).size * (endMin - startMin) * 60_000;
      date = addDays(date, weeks * 7);
    }
    total += workingMsOn(date, from, to, hours, startMin, endMin);
    date = addDays(date, 1);
    walked += 1;
  }
  return total;
}

const knownFields: (keyof WorkingHours)[] = ['days', 'start', 'end', 'timeZone'];

function parseDays(raw: unknown): number[] {
  if (!Array.isArray(raw) || raw.length === 0) {
    throw new WorkingHoursError('days', `must be a list of weekday numbers 1–7 (1 = Monday), got ${JSON.stringify(raw)}`);
  }
  for (const day of raw) {
    if (!Number.isInteger(day) || day < 1 || day > 7) {
      throw new WorkingHoursError('days', `must hold weekday numbers 1–7 (1 = Monday), got ${JSON.stringify(day)}`);
    }
  }
  return [...new Set(raw as number[])].sort((a, b) => a - b);
}

function parseTime(field: 'start' | 'end', raw: unknown): string {
  const minutes = typeof raw === 'string' ? minutesOf(raw.trim()) : undefined;
  if (minutes === undefined) throw new WorkingHoursError(field, `must be a time of day like "09:00" (00:00–24:00), got ${JSON.stringify(raw)}`);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

function parseTimeZone(raw: unknown): string {
  if (typeof raw !== 'string' || raw.trim() === '') {
    throw new WorkingHoursError('timeZone', `must be a time zone name like "Europe/Helsinki", got ${JSON.stringify(raw)}`);
  }
  try {
    // Intl refuses zones it does not know with a RangeError: the same check every later use makes.
    return new Intl.DateTimeFormat('en', { timeZone: raw.trim() }).resolvedOptions().timeZone;
  } catch {
    throw new WorkingHoursError('timeZone', `is not a time zone this system knows: ${JSON.stringify(raw)} (use a name like "Europe/Helsinki")`);
  }
}

/**
 * Working hours from config. Missing fields take the defaults (Mon–Fri 09:00–17:00, this machine's
 * zone); a present but bad field is refused with a WorkingHoursError naming it, and so is an unknown
 * key, since a misspelt "timezone" would otherwise be silently ignored.
 */
export function parseWorkingHours(raw: unknown): WorkingHours {
  if (raw === undefined || raw === null) return { ...defaultWorkingHours, days: [...defaultWorkingHours.days] };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new WorkingHoursError('workingHours', `must be an object with days, start, end and timeZone, got ${JSON.stringify(raw)}`);
  }
  const fields = raw as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    if (!(knownFields as string[]).includes(key)) {
      throw new WorkingHoursError('workingHours', `has an unknown field "${key}" (known: ${knownFields.join(', ')})`);
    }
  }
  const hours: WorkingHours = {
    days: fields.days === undefined ? [...defaultWorkingHours.days] : parseDays(fields.days),
    start: fields.start === undefined ? defaultWorkingHours.start : parseTime('start', fields.start),
    end: fields.end === undefined ? defaultWorkingHours.end : parseTime('end', fields.end),
    timeZone: fields.timeZone === undefined ? defaultWorkingHours.timeZone : parseTimeZone(fields.timeZone),
  };
  if (minutesOf(hours.start) === 24 * 60) throw new WorkingHoursError('start', 'must be before midnight, got "24:00"');
  if ((minutesOf(hours.end) ?? 0) <= (minutesOf(hours.start) ?? 0)) {
    throw new WorkingHoursError('end', `must be later than start (${hours.start}), got "${hours.end}"`);
  }
  return hours;
}
