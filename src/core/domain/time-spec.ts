/**
 * Dates people type: ISO dates and times, "today", "yesterday", "tomorrow", weekday names, and
 * durations ("3d", "2w", "12h"), optionally with a time of day ("tomorrow 9:00"). Durations count
 * back from now for searches (after:3d) and forward for snoozes (--until 3d).
 */
export type TimeDirection = 'past' | 'future';

const units: Record<string, number> = { m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };
const weekdays = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

function startOfDay(ms: number): Date {
  const d = new Date(ms);
  d.setHours(0, 0, 0, 0);
  return d;
}

function applyTimeOfDay(d: Date, time: string | undefined): Date | undefined {
  if (time === undefined) return d;
  const m = /^(\d{1,2})(?::(\d{2}))?$/.exec(time);
  if (!m || Number(m[1]) > 23 || Number(m[2] ?? 0) > 59) return undefined;
  d.setHours(Number(m[1]), Number(m[2] ?? 0), 0, 0);
  return d;
}

/** Returns epoch milliseconds, or undefined when the text is not a date h2h understands. */
export function parseTimeSpec(text: string, now: number, direction: TimeDirection): number | undefined {
  // "next week" as people type it in a snooze prompt.
  const spec = text.trim().toLowerCase().replace(/^next\s+week\b/, 'next-week');
  const duration = /^(\d+)\s*(min|m|h|d|w)$/.exec(spec);
  if (duration) {
    const ms = Number(duration[1]) * units[duration[2]];
    return direction === 'past' ? now - ms : now + ms;
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(spec)) {
    const [y, mo, d] = spec.split('-').map(Number);
    const date = new Date(y, mo - 1, d);
    return date.getFullYear() === y && date.getMonth() === mo - 1 && date.getDate() === d ? date.getTime() : undefined;
  }
  if (/^\d{4}-\d{2}-\d{2}[t ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(z|[+-]\d{2}:?\d{2})?$/.test(spec)) {
    const ms = Date.parse(spec.replace(' ', 'T').toUpperCase());
    return Number.isNaN(ms) ? undefined : ms;
  }
  const [word, time, ...rest] = spec.split(/\s+/);
  if (rest.length > 0) return undefined;
  let day: Date | undefined;
  if (word === 'now') return time === undefined ? now : undefined;
  if (word === 'today') day = startOfDay(now);
  else if (word === 'yesterday') day = startOfDay(now - 86_400_000);
  else if (word === 'tomorrow') day = startOfDay(now + 86_400_000);
  else if (word === 'next-week' || word === 'nextweek') {
    // Monday of next week, the usual meaning in mail clients' snooze menus.
    const d = startOfDay(now);
    d.setDate(d.getDate() + ((8 - d.getDay()) % 7 || 7));
    day = d;
  } else {
    const wd = weekdays.findIndex((w) => w === word || w.slice(0, 3) === word);
    if (wd >= 0) {
      const d = startOfDay(now);
      const delta = direction === 'future' ? (wd - d.getDay() + 7) % 7 || 7 : -((d.getDay() - wd + 7) % 7 || 7);
      d.setDate(d.getDate() + delta);
      day = d;
    }
  }
  if (!day) return undefined;
  return applyTimeOfDay(day, time)?.getTime();
}
