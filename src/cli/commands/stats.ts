/**
 * `h2h stats [--since <when>] [--json]`: the owner's own view of the desk: how quickly customers
 * heard back, how much of it within a working day, who waits now, and mail per day and per week.
 * Plain text in the owner's words (no colour: every chart reads in black and white), every line
 * within the terminal's width.
 */
import { Command } from 'commander';
import type { AppContext } from '../app-context.js';
import type { Io } from '../io.js';
import { statsText } from '../output/stats-text.js';
import { renderJson } from '../../adapters/export/safe-json.js';
import { UsageError } from '../../core/errors.js';
import { describeStats } from '../../core/domain/stats/desk-stats.js';
import { instantAt } from '../../core/domain/stats/zoned-time.js';
import { parseTimeSpec } from '../../core/domain/time-spec.js';
import type { DeskStatsReport } from '../../core/services/stats-service.js';

const defaultSince = '1w';

export function createStatsCommand(ctx: AppContext) {
  return new Command('stats')
    .description('How you are doing: reply times, answered within a working day, who waits, mail per day and week')
    .option('--since <when>', `the period, back from now: 4w, 30d, 2026-11-01 (default ${defaultSince})`)
    .option('--json', 'print one JSON object (shape in docs/json.md)')
    .addHelpText('after', '\nExamples:\n  $ h2h stats\n  $ h2h stats --since 4w\n  $ h2h stats --since 2026-11-01 --json')
    .action(async (options: { since?: string; json?: boolean }, command: Command) => {
      const services = await ctx.servicesFor(command);
      const text = options.since ?? defaultSince;
      const now = services.clock.now();
      const since = sinceOf(text, now, services.config.workingHours.timeZone);
      const report = services.stats.stats({ since });
      const summary = describeStats(report, periodLabel(text));
      const { io } = ctx;
      if (options.json) {
        io.stdout.write(renderJson(statsJson(report, summary)));
        return;
      }
      const lines = statsText(report, summary, Math.max(20, io.columns), { ascii: !saysUtf8(io.env) });
      io.stdout.write(lines.map((line) => `${line}\n`).join(''));
    });
}

/**
 * The start of the period. A bare date is midnight where the owner works (workingHours.timeZone),
 * so "since 2026-11-01" starts with that day's mail wherever the machine's clock is set.
 */
function sinceOf(text: string, now: number, timeZone: string): number {
  const parsed = parseTimeSpec(text, now, 'past');
  if (parsed === undefined) throw new UsageError(`--since: "${text}" is not a time (try 1w, 4w, 30d, 2026-11-01)`);
  const date = /^\s*(\d{4})-(\d{2})-(\d{2})\s*$/.exec(text);
  const since = date ? instantAt({ year: Number(date[1]), month: Number(date[2]), day: Number(date[3]) }, 0, timeZone) : parsed;
  if (since > now) throw new UsageError(`--since: "${text}" is in the future`);
  return since;
}

/** How a sentence ends for the period: "this week", "in the last 4 weeks", "since 2026-11-01". */
export function periodLabel(text: string): string {
  const spec = text.trim().toLowerCase();
  const span = /^(\d+)\s*(min|m|h|d|w)$/.exec(spec);
  if (!span) return `since ${spec}`;
  const n = Number(span[1]);
  const last = (one: string, many: string) => (n === 1 ? `in the last ${one}` : `in the last ${n} ${many}`);
  switch (span[2]) {
    case 'w':
      return n === 1 ? 'this week' : last('week', 'weeks');
    case 'd':
      return n === 1 ? 'in the last 24 hours' : last('day', 'days');
    case 'h':
      return last('hour', 'hours');
    default:
      return last('minute', 'minutes');
  }
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The `--json` shape (docs/json.md#stats): instants as ISO strings, durations in milliseconds. */
function statsJson(report: DeskStatsReport, summary: string[]) {
  return {
    since: iso(report.since),
    now: iso(report.now),
    workingHours: report.workingHours,
    firstResponse: report.firstResponse,
    everyResponse: report.everyResponse,
    withinWorkingDay: report.withinWorkingDay,
    waitingNow: report.waitingNow,
    perDay: report.perDay,
    perWeek: report.perWeek,
    summary,
  };
}

/** Whether the locale says UTF-8; when it names another (LANG=C, ISO-8859-1), charts are drawn in ASCII. */
function saysUtf8(env: Io['env']): boolean {
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
  return locale === '' || /utf-?8/i.test(locale);
}
