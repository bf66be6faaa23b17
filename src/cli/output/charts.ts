/**
 * Tiny terminal charts for `h2h stats`: a sparkline of mail per day and horizontal bars per week.
 * They return plain strings: colour is the caller's choice (and absent under NO_COLOR), so every
 * chart has to read on its own in black and white. `ascii: true` is for terminals and fonts
 * without the Unicode block characters.
 */
import { displayWidth, fitWidth, padWidth } from './terminal-width.js';

export type ChartStyle = { ascii?: boolean };

const unicodeLevels = '▁▂▃▄▅▆▇█';
const asciiLevels = '_.-=';
/** Eighths of a cell, 1/8 … 7/8, for the ragged end of a bar. */
const partialBlocks = '▏▎▍▌▋▊▉';

/** Negative and non-numbers draw as nothing: counts of mail are never below zero. */
const drawable = (value: number) => (Number.isFinite(value) && value > 0 ? value : 0);

/**
 * Sums values into `width` buckets of (nearly) equal length: summing, not averaging, keeps a
 * sparkline of mail per day reading as "mail per stretch of days". Bucket i holds the values from
 * ⌊i·n/width⌋ up to ⌊(i+1)·n/width⌋, so when n is not a multiple of width some buckets hold one
 * value more than others.
 */
function downsample(values: number[], width: number): number[] {
  if (values.length <= width) return values;
  return Array.from({ length: width }, (_, i) => {
    let sum = 0;
    for (let j = Math.floor((i * values.length) / width); j < Math.floor(((i + 1) * values.length) / width); j++) sum += drawable(values[j]);
    return sum;
  });
}

/**
 * One character per value (or per bucket when there are more values than `width`), scaled to the
 * largest. Zero is always the lowest level and any value above zero at least the second, so a
 * quiet day and a day with one mail never look the same.
 */
export function sparkline(values: number[], width: number = values.length, style: ChartStyle = {}): string {
  if (width <= 0 || values.length === 0) return '';
  const levels = style.ascii ? asciiLevels : unicodeLevels;
  const top = levels.length - 1;
  const points = downsample(values.map(drawable), Math.floor(width));
  const max = Math.max(...points);
  return points
    .map((value) => {
      if (value === 0 || max === 0) return levels[0];
      return levels[Math.max(1, Math.round((value / max) * top))];
    })
    .join('');
}

export type BarRow = { label: string; value: number };
export type BarChartOptions = ChartStyle & { unit?: string };

/** "12", "1.5", "3400000": no locale grouping ("3,400,000"), so widths do not depend on the locale. */
function valueText(value: number, unit: string | undefined): string {
  const number = Number.isFinite(value) ? (Number.isInteger(value) ? String(value) : value.toFixed(1)) : '–';
  return unit ? `${number} ${unit}` : number;
}

/** A bar `cells` columns long at most, for value/max of it, drawn in eighths (or whole # in ASCII). */
function bar(value: number, max: number, cells: number, ascii: boolean): string {
  if (value <= 0 || max <= 0 || cells <= 0) return '';
  if (ascii) return '#'.repeat(Math.max(1, Math.round((value / max) * cells)));
  const eighths = Math.max(1, Math.round((value / max) * cells * 8));
  const full = Math.floor(eighths / 8);
  const rest = eighths % 8;
  return '█'.repeat(full) + (rest ? partialBlocks[rest - 1] : '');
}

/**
 * One line per row: the label padded to a common column, a bar proportional to the largest value,
 * then the value. Every line fits in `width` columns (CJK labels count double); labels longer
 * than a third of the width are cut with "…" so the bars keep room.
 */
export function barChart(rows: BarRow[], width: number, options: BarChartOptions = {}): string[] {
  if (rows.length === 0 || width <= 0) return [];
  const values = rows.map((row) => valueText(row.value, options.unit));
  const valueWidth = Math.max(...values.map(displayWidth));
  const longestLabel = Math.max(...rows.map((row) => displayWidth(row.label)));
  const labelWidth = Math.min(longestLabel, Math.max(1, Math.floor(width / 3)));
  // label, space, bar, space, value: the bar gets what is left.
  const cells = Math.max(0, width - labelWidth - 1 - 1 - valueWidth);
  const max = Math.max(...rows.map((row) => drawable(row.value)));
  return rows.map((row, i) => {
    const drawn = bar(drawable(row.value), max, cells, options.ascii === true);
    const line = `${padWidth(row.label, labelWidth)} ${drawn}${drawn ? ' ' : ''}${values[i]}`;
    // Only a width too narrow for label and value together gets here; cut rather than wrap.
    return displayWidth(line) > width ? fitWidth(line, width) : line;
  });
}
