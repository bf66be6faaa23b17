import { waitedMs, type AwayPeriod } from '../../core/domain/away.js';

/** How long ago, the way people say it in a list: "now", "5m", "3h", "2d", "3w", "4mo", "2y". */
export function formatAge(fromMs: number, nowMs: number): string {
  const s = Math.max(0, Math.floor((nowMs - fromMs) / 1000));
  if (s < 60) return 'now';
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h`;
  const d = Math.floor(h / 24);
  if (d < 14) return `${d}d`;
  if (d < 60) return `${Math.floor(d / 7)}w`;
  if (d < 730) return `${Math.floor(d / 30)}mo`;
  return `${Math.floor(d / 365)}y`;
}

/** "2026-11-22 18:21" in the reader's own time zone. */
export function localTime(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** "1st", "2nd", "3rd", "4th", "11th", "22nd"… */
export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/**
 * How long the customer has waited, the owner's times away left out (their clocks pause over them):
 * "2h"; `withAway` adds what was left out, " (and 5d while you were away)", where there is room for it.
 */
export function waitedAge(sinceIso: string, nowMs: number, periods: readonly AwayPeriod[] = [], withAway = false): string {
  const since = Date.parse(sinceIso);
  const { waited, away } = waitedMs(since, nowMs, periods);
  const age = formatAge(nowMs - waited, nowMs);
  return withAway && away >= 60_000 ? `${age} (and ${formatAge(nowMs - away, nowMs)} while you were away)` : age;
}
