import { describe, expect, it } from 'vitest';
import { atLeast, atMost, below, combine, formatMs, formatRatio, formatSpread, median, percentile, renderTable, spread, verdict } from '../../bench/bench-table.js';

describe('median and percentile', () => {
  it('takes the middle of an odd count and the mean of the two middle values of an even one', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });

  it('does not reorder the caller’s array', () => {
    const xs = [3, 1, 2];
    median(xs);
    percentile(xs, 25);
    expect(xs).toEqual([3, 1, 2]);
  });

  it('interpolates percentiles between ranks', () => {
    const xs = [10, 20, 30, 40, 50];
    expect(percentile(xs, 0)).toBe(10);
    expect(percentile(xs, 100)).toBe(50);
    expect(percentile(xs, 25)).toBe(20);
    expect(percentile([0, 10], 25)).toBe(2.5);
  });

  it('refuses an empty series instead of printing NaN', () => {
    expect(() => median([])).toThrow();
    expect(() => percentile([], 50)).toThrow();
  });

  it('spread gives the median with its interquartile range', () => {
    expect(spread([1, 2, 3, 4, 5, 6, 7, 8, 9])).toEqual({ median: 5, p25: 3, p75: 7, n: 9 });
  });
});

describe('formatting', () => {
  it('prints milliseconds as people read them', () => {
    expect(formatMs(7.71)).toBe('7.7 ms');
    expect(formatMs(612.4)).toBe('612 ms');
    expect(formatMs(4690)).toBe('4.69 s');
    expect(formatRatio(1.6049)).toBe('1.60x');
    expect(formatSpread({ median: 150, p25: 140.2, p75: 9.5, n: 3 })).toBe('150 ms (IQR 140 ms–9.5 ms)');
  });

  it('pads every column to its widest cell', () => {
    expect(renderTable(['', 'median'], [['node -e 0', '140 ms'], ['h2h', '9 ms']])).toBe(
      ['|           | median |', '|-----------|--------|', '| node -e 0 | 140 ms |', '| h2h       | 9 ms   |'].join('\n'),
    );
  });
});

describe('targets', () => {
  it('an upper limit is met up to and including the limit', () => {
    expect(verdict(1.6, atMost(1.6, '1.6x node'))).toBe('met');
    expect(verdict(1.61, atMost(1.6, '1.6x node'))).toBe('missed');
    expect(atMost(1.6, '1.6x node').label).toBe('<= 1.6x node');
  });

  it('a strict upper limit is missed at the limit itself', () => {
    expect(verdict(15.9, below(16, '16 ms'))).toBe('met');
    expect(verdict(16, below(16, '16 ms'))).toBe('missed');
    expect(below(16, '16 ms').label).toBe('< 16 ms');
  });

  it('a lower limit is met from the limit upwards', () => {
    expect(verdict(1.2, atLeast(1.2, '1.2x notmuch'))).toBe('met');
    expect(verdict(1.19, atLeast(1.2, '1.2x notmuch'))).toBe('missed');
  });

  it('a figure not measured in this run is neither met nor missed', () => {
    expect(verdict(null, atMost(1, 'x'))).toBe('n/a');
    expect(verdict(Number.NaN, atMost(1, 'x'))).toBe('n/a');
  });

  it('a row with two targets is met only when both are', () => {
    expect(combine(['met', 'met'])).toBe('met');
    expect(combine(['met', 'missed'])).toBe('missed');
    expect(combine(['n/a', 'missed'])).toBe('missed');
    expect(combine(['met', 'n/a'])).toBe('n/a');
  });
});
