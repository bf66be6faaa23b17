import { describe, expect, it } from 'vitest';
import { barChart, sparkline } from '../../../src/cli/output/charts.js';
import { displayWidth } from '../../../src/cli/output/terminal-width.js';

const full = (n: number) => '█'.repeat(n);

describe('sparkline', () => {
  it('draws all zeros as the lowest level', () => {
    expect(sparkline([0, 0, 0])).toBe('▁▁▁');
  });

  it('scales to the largest value over the eight levels', () => {
    // max 7 over 7 steps: value v is level v
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7])).toBe('▁▂▃▄▅▆▇█');
  });

  it('keeps a small non-zero value above zero', () => {
    // 1/100 of the top rounds to level 0, lifted to level 1 so one mail is not "none"
    expect(sparkline([0, 1, 100])).toBe('▁▂█');
  });

  it('sums values into buckets when there are more than the width', () => {
    // [1+1, 1+1, 2+2, 2+2] = [2, 2, 4, 4]: 2/4·7 = 3.5 → level 4 (▅)
    expect(sparkline([1, 1, 1, 1, 2, 2, 2, 2], 4)).toBe('▅▅██');
    // 5 values into 2 buckets: indexes 0–1 and 2–4 → [2, 3]: 2/3·7 = 4.67 → level 5 (▆)
    expect(sparkline([1, 1, 1, 1, 1], 2)).toBe('▆█');
    expect(sparkline(Array.from({ length: 90 }, () => 1), 30)).toHaveLength(30);
  });

  it('does not stretch fewer values to the width', () => {
    // 1/2·7 = 3.5 → level 4 (▅)
    expect(sparkline([1, 2], 10)).toBe('▅█');
  });

  it('treats negative and non-numbers as zero, and draws nothing for nothing', () => {
    expect(sparkline([-5, Number.NaN, 4])).toBe('▁▁█');
    expect(sparkline([])).toBe('');
    expect(sparkline([1, 2, 3], 0)).toBe('');
  });

  it('has an ASCII fallback with four levels', () => {
    // max 3 over 3 steps: value v is level v
    expect(sparkline([0, 1, 2, 3], undefined, { ascii: true })).toBe('_.-=');
    expect(sparkline([0, 0], undefined, { ascii: true })).toBe('__');
  });
});

describe('barChart', () => {
  const plain = (lines: string[]) => {
    for (const line of lines) expect(line).not.toMatch(/\x1b/);
  };

  it('draws proportional bars in 80 columns, labels aligned, values after the bars', () => {
    const lines = barChart(
      [
        { label: 'Mon', value: 8 },
        { label: 'Tue', value: 4 },
        { label: 'Wed', value: 2 },
        { label: 'Thu', value: 1 },
        { label: 'Fri', value: 0 },
      ],
      80,
    );
    // bar room: 80 − label 3 − 2 spaces − value 1 = 74 columns.
    // 8 → 74; 4 → 37; 2 → 18.5 = 18 full + 4/8 (▌); 1 → 9.25 = 9 full + 2/8 (▎); 0 → no bar
    expect(lines).toEqual([`Mon ${full(74)} 8`, `Tue ${full(37)} 4`, `Wed ${full(18)}▌ 2`, `Thu ${full(9)}▎ 1`, 'Fri 0']);
    expect(displayWidth(lines[0])).toBe(80);
    plain(lines);
  });

  it('pads labels to the longest and prints the unit', () => {
    const lines = barChart(
      [
        { label: '2026-W12', value: 5 },
        { label: 'W13', value: 3 },
      ],
      80,
      { unit: 'mails' },
    );
    // bar room: 80 − 8 − 2 − 7 ("5 mails") = 63; 3/5·63 = 37.8 → 302 eighths = 37 full + 6/8 (▊)
    expect(lines).toEqual([`2026-W12 ${full(63)} 5 mails`, `W13      ${full(37)}▊ 3 mails`]);
  });

  it('gives a huge value the whole bar and its digits the room they need', () => {
    const lines = barChart(
      [
        { label: 'big', value: 1e12 },
        { label: 'small', value: 1 },
      ],
      80,
    );
    // value column 13 ("1000000000000"): bar room 80 − 5 − 2 − 13 = 60; 1 is a sliver, never nothing
    expect(lines).toEqual([`big   ${full(60)} 1000000000000`, 'small ▏ 1']);
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(80);
  });

  it('aligns CJK labels by display width (two columns a character)', () => {
    const lines = barChart(
      [
        { label: 'カート', value: 3 },
        { label: 'お支払い', value: 6 },
        { label: 'a', value: 0 },
      ],
      80,
    );
    // label column 8 (お支払い); bar room 80 − 8 − 2 − 1 = 69; 3/6 → 34.5 = 34 full + ▌
    expect(lines).toEqual([`カート   ${full(34)}▌ 3`, `お支払い ${full(69)} 6`, 'a        0']);
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(80);
  });

  it('cuts labels longer than a third of the width so the bars keep room', () => {
    const lines = barChart([{ label: 'x'.repeat(50), value: 1 }], 60);
    // label column ⌊60/3⌋ = 20, cut to 19 × "x" + "…"; bar room 60 − 20 − 2 − 1 = 37
    expect(lines).toEqual([`${'x'.repeat(19)}… ${full(37)} 1`]);
  });

  it('stays inside a width too narrow for everything', () => {
    const lines = barChart([{ label: 'abc', value: 1e12 }], 10);
    expect(displayWidth(lines[0])).toBeLessThanOrEqual(10);
  });

  it('prints odd values without a bar', () => {
    expect(barChart([{ label: 'a', value: -3 }, { label: 'b', value: 1.25 }], 20)).toEqual(['a -3', `b ${full(14)} 1.3`]);
    expect(barChart([], 80)).toEqual([]);
  });

  it('has an ASCII fallback: whole # cells only', () => {
    const lines = barChart(
      [
        { label: 'Mon', value: 8 },
        { label: 'Tue', value: 2 },
        { label: 'Wed', value: 1 },
      ],
      80,
      { ascii: true },
    );
    // bar room 74: 8 → 74; 2 → 18.5 → 19; 1 → 9.25 → 9
    expect(lines).toEqual([`Mon ${'#'.repeat(74)} 8`, `Tue ${'#'.repeat(19)} 2`, `Wed ${'#'.repeat(9)} 1`]);
    for (const line of lines) expect(line).toMatch(/^[\x20-\x7e]*$/);
  });
});
