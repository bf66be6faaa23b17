/**
 * `h2h rules`: the owner's rules from the config, in the order they run; `h2h rules test [--since
 * DATE]`: what they would do to stored mail, changing nothing; `h2h rules apply [query]`: run them
 * on stored mail (one change `h2h undo` takes back).
 */
import { Command } from 'commander';
import { renderJson } from '../../adapters/export/safe-json.js';
import { parseTimeSpec } from '../../core/domain/time-spec.js';
import { UsageError } from '../../core/errors.js';
import type { RuleReport } from '../../core/services/rule-service.js';
import type { AppContext } from '../app-context.js';
import type { Io } from '../io.js';
import { safeLine } from '../output/terminal-text.js';

function printReport(io: Io, report: RuleReport, verb: string): void {
  if (report.length === 0) {
    io.stderr.write('no rule matches any conversation\n');
    return;
  }
  for (const r of report) {
    io.stdout.write(`${safeLine(r.name)}: ${verb} ${r.actions.map(safeLine).join(' ')} on ${r.conversations.length} conversation${r.conversations.length === 1 ? '' : 's'}\n`);
    for (const c of r.conversations) io.stdout.write(`  ${c.id}  ${safeLine(c.customer)}  ${safeLine(c.subject || '(no subject)')}\n`);
  }
}

export function createRulesCommand(ctx: AppContext) {
  const rules = new Command('rules')
    .description('List the rules of the config, in the order they run on new mail')
    .option('--json', 'print a JSON array (shape in docs/json.md)')
    .addHelpText('after', '\nRules live in the config file\'s "rules" (docs/configuration.md#rules).\n\nExamples:\n  $ h2h rules\n  $ h2h rules test --since 2w\n  $ h2h rules apply tag:invoice')
    .action(async (options: { json?: boolean }, command: Command) => {
      const services = await ctx.servicesFor(command);
      const list = services.rules.list();
      const { io } = ctx;
      if (options.json) {
        io.stdout.write(renderJson(list.map((r) => ({ name: r.name, match: r.match, do: r.written }))));
        return;
      }
      if (list.length === 0) {
        io.stderr.write('no rules yet: add "rules" to the config (docs/configuration.md#rules)\n');
        return;
      }
      list.forEach((r, i) => io.stdout.write(`${i + 1}. ${safeLine(r.name)}: ${safeLine(r.match)} → ${r.written.map(safeLine).join(' ')}\n`));
    });
  rules
    .command('test')
    .description('Show what the rules would do to stored mail, changing nothing')
    .option('--since <when>', 'only conversations active since then (2026-11-01, 2w, monday)')
    .option('--json', 'print a JSON array (shape in docs/json.md)')
    .action(async (options: { since?: string }, command: Command) => {
      const services = await ctx.servicesFor(command);
      const since = options.since === undefined ? undefined : parseTimeSpec(options.since, services.clock.now(), 'past');
      if (options.since !== undefined && since === undefined) throw new UsageError(`--since: "${options.since}" is not a time (try 2026-11-01, 2w, 3d, monday)`);
      const report = await services.rules.test(since);
      // --json after the subcommand is taken by `rules` (which has one too): read both.
      if (command.optsWithGlobals<{ json?: boolean }>().json) ctx.io.stdout.write(renderJson(report));
      else printReport(ctx.io, report, 'would do');
    });
  rules
    .command('apply')
    .description('Run the rules on stored mail (all, or the conversations a query matches); h2h undo takes it back')
    .argument('[query...]', 'only the conversations matching this query')
    .option('--json', 'print a JSON array (shape in docs/json.md)')
    .action(async (words: string[], _options: unknown, command: Command) => {
      const services = await ctx.servicesFor(command);
      const report = await services.rules.apply(words.join(' '));
      if (command.optsWithGlobals<{ json?: boolean }>().json) ctx.io.stdout.write(renderJson(report));
      else printReport(ctx.io, report, 'did');
    });
  return rules;
}
