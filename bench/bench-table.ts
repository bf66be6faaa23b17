/**
 * The arithmetic and layout of the issue-14 benchmark table (bench/store-bench.ts), kept pure so it is
 * unit-tested (test/bench/bench-table.test.ts): a wrong median or a met/missed flipped by a rounding
 * slip would be a wrong claim in docs/performance.md.
 */

/** The middle value; for an even count the mean of the two middle ones. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error('median of nothing');
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** The p-th percentile (0–100) by linear interpolation between closest ranks. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) throw new Error('percentile of nothing');
  const s = [...xs].sort((a, b) => a - b);
  const at = (p / 100) * (s.length - 1);
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return s[lo] + (s[hi] - s[lo]) * (at - lo);
}

/** Median and interquartile range: on a shared machine the spread says how far to trust the median. */
export type Spread = { median: number; p25: number; p75: number; n: number };

export function spread(xs: readonly number[]): Spread {
  return { median: median(xs), p25: percentile(xs, 25), p75: percentile(xs, 75), n: xs.length };
}

/** Milliseconds as people read them: 7.7 ms, 612 ms, 4.69 s. */
export function formatMs(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}

export function formatSpread(s: Spread): string {
  return `${formatMs(s.median)} (IQR ${formatMs(s.p25)}–${formatMs(s.p75)})`;
}

export function formatRatio(r: number): string {
  return `${r.toFixed(2)}x`;
}

/**
 * A target: a measured value compared with a limit, `max` (must not exceed it), `below` (must stay
 * under it) or `min` (must reach it). `label` only names the limit in the table.
 */
export type Target = { kind: 'max' | 'below' | 'min'; limit: number; label: string };

export const atMost = (limit: number, label: string): Target => ({ kind: 'max', limit, label: `<= ${label}` });
export const below = (limit: number, label: string): Target => ({ kind: 'below', limit, label: `< ${label}` });
export const atLeast = (limit: number, label: string): Target => ({ kind: 'min', limit, label: `>= ${label}` });

/** met / missed; an absent value (not measured in this run) is neither. */
export function verdict(value: number | null | undefined, target: Target): 'met' | 'missed' | 'n/a' {
  if (value === null || value === undefined || Number.isNaN(value)) return 'n/a';
  const met = target.kind === 'max' ? value <= target.limit : target.kind === 'below' ? value < target.limit : value >= target.limit;
  return met ? 'met' : 'missed';
}

/** Several targets on one row (e.g. <= 2.0x node and <= 0.5x notmuch) are met only when all are. */
export function combine(verdicts: readonly ('met' | 'missed' | 'n/a')[]): 'met' | 'missed' | 'n/a' {
  if (verdicts.includes('missed')) return 'missed';
  if (verdicts.includes('n/a')) return 'n/a';
  return 'met';
}

/** A Markdown table, columns padded to their widest cell (docs/performance.md quotes it as printed). */
export function renderTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [headers, ...rows];
  const widths = headers.map((_, i) => Math.max(...all.map((row) => (row[i] ?? '').length)));
  const line = (row: readonly string[]) => `| ${widths.map((w, i) => (row[i] ?? '').padEnd(w)).join(' | ')} |`;
  return [line(headers), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}
