/**
 * `h2h away --until WHEN [--message-file F]`: away until then; each person who writes meanwhile
 * gets one notice in their language, signed by you (away-service.ts), sent by whatever sends the
 * outbox (the TUI, `h2h sync --watch`, `h2h outbox --retry`). `--back` ends it now. Without
 * options: whether you are away, and who wrote while you were (the last absence), as the
 * "while you were away" list.
 */
import { Command } from 'commander';
import { parseTimeSpec } from '../../core/domain/time-spec.js';
import { UsageError } from '../../core/errors.js';
import type { AppContext } from '../app-context.js';
import { renderJson } from '../../adapters/export/safe-json.js';
import { readTextArg } from '../read-input.js';
import { safeLine } from '../output/terminal-text.js';
import { localTime } from '../output/format-age.js';

export function createAwayCommand(ctx: AppContext) {
  return new Command('away')
    .description('Away until a time: one personal notice, in their language, to each person who writes meanwhile')
    .option('--until <when>', 'when you are back: "monday 9:00", "2026-12-28", "1w"')
    .option('--message-file <file>', 'your own words for the notice ({until} is the day you are back); - reads standard input')
    .option('--back', 'back now: no more notices')
    .option('--json', 'print {"away", "from", "until", "noticed", "noticesFrom", "whileAway": [{"id", "customer", "subject", "status"}]}')
    .addHelpText('after', '\nExamples:\n  $ h2h away --until "2026-12-28 9:00"\n  $ h2h away --until 1w --message-file away.txt\n  $ h2h away              # are you away; who wrote while you were\n  $ h2h away --back')
    .action(async (options: { until?: string; messageFile?: string; back?: boolean; json?: boolean }, command: Command) => {
      if (options.back && options.until !== undefined) throw new UsageError('give --until WHEN (away) or --back (back now), not both');
      if (options.messageFile !== undefined && options.until === undefined) throw new UsageError('--message-file goes with --until WHEN');
      const services = await ctx.servicesFor(command);
      const now = services.clock.now();
      if (options.until !== undefined) {
        const until = parseTimeSpec(options.until, now, 'future');
        if (until === undefined || until <= now) throw new UsageError(`--until "${options.until}" is not a time in the future (try "monday 9:00", "2026-12-28", "1w")`);
        if (!services.replies) throw new UsageError('away notices need your name and address in the config (h2h init)');
        const message = options.messageFile === undefined ? undefined : await readTextArg(options.messageFile, ctx.io, 'the away message');
        await services.away.start(until, message);
      }
      if (options.back) await services.away.back();
      const { state, away, sendsHere } = services.away.report();
      // Said on another machine: the notices go from that one (and its count of them is its own).
      const elsewhere = state && !sendsHere ? (state.machine ?? 'your other machine') : null;
      // While you were away: the conversations a person wrote in during the last absence.
      const whileAway = state
        ? (await services.conversations.list('is:person')).filter((c) => c.record.lastInboundAt !== undefined && c.record.lastInboundAt >= state.from && c.record.lastInboundAt < state.until)
        : [];
      if (options.json) {
        ctx.io.stdout.write(renderJson({ away, from: state?.from ?? null, until: state?.until ?? null, noticed: state?.noticed ?? [], noticesFrom: state ? (elsewhere ?? 'here') : null, whileAway: whileAway.map((c) => ({ id: c.id, customer: c.customer, subject: c.subject, status: c.status })) }));
        return;
      }
      if (!state) return void ctx.io.stderr.write('not away (h2h away --until WHEN)\n');
      const when = `${localTime(state.from)} to ${localTime(state.until)}`;
      const head = away && elsewhere ? `away ${when}: your notices go from ${safeLine(elsewhere)}; this machine sends one when a person has waited an hour without it (h2h away --until WHEN here moves them here)` : away ? `away ${when}: ${state.noticed.length} ${state.noticed.length === 1 ? 'person' : 'people'} got your notice so far` : `back; while you were away (${when}) ${whileAway.length} ${whileAway.length === 1 ? 'person' : 'people'} wrote, ${state.noticed.length} got your notice`;
      ctx.io.stderr.write(`${head}\n`);
      for (const c of whileAway) ctx.io.stdout.write(`${[c.id, c.status, c.customer, safeLine(c.subject)].join(ctx.io.isStdoutTTY ? '  ' : '\t')}\n`);
    });
}
