/**
 * The owner's figures as text (h2h stats, and the TUI's stats page): the sentences in their own
 * words, then mail per day as a sparkline, per week and waiting by age as bar charts; every line
 * within `columns`, no colour (the caller adds none: readable with NO_COLOR and when piped).
 */
import type { DeskStatsReport } from '../../core/services/stats-service.js';
import { barChart, sparkline, type BarRow } from './charts.js';
import { displayWidth } from './terminal-width.js';

/** A sentence broken at spaces to fit `width`, later lines indented: the sentences are short, a narrow terminal is not. */
function wrap(sentence: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  // "(3 of 4)" stays whole: a count broken over two lines reads as two numbers.
  for (const word of sentence.split(/ (?![^(]*\))/)) {
    const next = line === '' ? word : `${line} ${word}`;
    if (line !== '' && displayWidth(next) > width) {
      lines.push(line);
      line = `  ${word}`;
    } else line = next;
  }
  lines.push(line);
  return lines;
}

/** The first and last day under the sparkline, at its two ends when it is wide enough to hold both. */
function dateEnds(first: string, last: string, chartWidth: number): string {
  if (first === last) return first;
  const gap = chartWidth - first.length - last.length;
  return gap >= 1 ? `${first}${' '.repeat(gap)}${last}` : `${first} to ${last}`;
}

export function statsText(report: DeskStatsReport, summary: string[], columns: number, style: { ascii: boolean }): string[] {
  const lines = summary.flatMap((sentence) => wrap(sentence, columns));
  const days = report.perDay;
  if (days.length > 0) {
    const line = sparkline(days.map((d) => d.inbound), Math.min(days.length, columns), style);
    lines.push('', 'Customer mail per day', line, dateEnds(days[0].date, days[days.length - 1].date, displayWidth(line)));
  }
  if (report.perWeek.length > 0) {
    // One scale for both rows of every week, so a week's replies stand against its mail.
    // A narrow terminal gets short labels rather than labels cut short ("week 45 mail…").
    const long = columns >= 48;
    const rows: BarRow[] = report.perWeek.flatMap((w) => {
      const week = String(Number(w.week.slice(-2))).padStart(2);
      return [
        { label: long ? `week ${week} mail in` : `w${week} mail in`, value: w.inbound },
        { label: long ? '        replies' : '    replies', value: w.replies },
      ];
    });
    lines.push('', 'Per week', ...barChart(rows, columns, style));
  }
  const waiting = report.waitingNow;
  if (waiting.total > 0) {
    const rows: BarRow[] = [
      { label: 'under 4 hours', value: waiting.underFourHours },
      { label: '4 to 24 hours', value: waiting.fourToTwentyFourHours },
      { label: '1 to 3 days', value: waiting.oneToThreeDays },
      { label: '3 days and up', value: waiting.overThreeDays },
    ];
    lines.push('', 'Waiting now, by how long', ...barChart(rows, columns, style));
  }
  return lines;
}
