/**
 * `h2h forget <query> [--dry-run] [--yes] [--on-server]`: erases matching mail for good (a customer's
 * data request, a mistaken import, spam). Never without a yes: `--yes`, or one typed on a terminal
 * after the list of what goes; a script without `--yes` gets exit 2 and nothing is erased.
 */
import { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import type { ForgetPlan } from '../../core/services/forget-service.js';
import { renderJson } from '../../adapters/export/safe-json.js';
import type { AppContext } from '../app-context.js';
import type { Io } from '../io.js';
import { safeLine } from '../output/terminal-text.js';
import { terminalPrompter } from '../prompt.js';

type ForgetOptions = { dryRun?: boolean; yes?: boolean; onServer?: boolean; json?: boolean };

export function createForgetCommand(ctx: AppContext) {
  return new Command('forget')
    .description('Erase matching conversations for good: messages, raw files, notes, search entries (asks first)')
    .argument('<query...>', "which conversations: a query, e.g. customer:anna@example.com (never everything at once)")
    .option('--dry-run', 'show what would be erased, erase nothing')
    .option('--yes', 'erase without asking (scripts)')
    .option('--on-server', 'also delete the messages from the IMAP server (needs --yes)')
    .option('--json', 'print what was (or would be) erased as JSON')
    .addHelpText('after', "\nExamples:\n  $ h2h forget customer:anna@example.com --dry-run\n  $ h2h forget 'from:spam@example.net' --yes --on-server")
    .action(async (words: string[], options: ForgetOptions, command: Command) => {
      const services = await ctx.servicesFor(command);
      const query = words.join(' ');
      const { io } = ctx;
      const plan = await services.forget.plan(query);
      if (plan.conversations.length === 0) {
        if (options.json) io.stdout.write(renderJson({ dryRun: !!options.dryRun, conversations: [], messages: 0, customers: [] }));
        else io.stderr.write('nothing matches: nothing erased\n');
        return;
      }
      if (options.dryRun) {
        if (options.json) io.stdout.write(renderJson({ dryRun: true, conversations: plan.conversations.map((c) => c.id), messages: plan.messages, customers: plan.customers, onServer: plan.onServer }));
        else writePlan(io.stdout, plan, 'would erase');
        return;
      }
      if (options.onServer && !options.yes) throw new UsageError('nothing erased: --on-server deletes mail on the server too, and needs --yes (run with --dry-run first to see what)');
      const onTerminal = io.isStdinTTY && io.isStderrTTY;
      // On a terminal the owner always sees what goes before it goes.
      if (onTerminal && !options.json) writePlan(io.stderr, plan, 'will erase');
      if (!options.yes) {
        if (!onTerminal) throw new UsageError('nothing erased: add --yes to erase (run with --dry-run first to see what)');
        const prompter = terminalPrompter(io);
        try {
          if (!(await prompter.confirm(`Erase these ${plan.conversations.length} conversations for good${options.onServer ? ', here and on the server' : ''}?`))) throw new UsageError('nothing erased: you answered no');
        } finally {
          prompter.close();
        }
      }
      const report = await services.forget.forget(query, { onServer: options.onServer });
      if (options.json) {
        io.stdout.write(renderJson({ dryRun: false, conversations: report.conversations, messages: report.messages, customers: report.customers, rawFiles: report.rawFiles, deletedOnServer: report.deletedOnServer }));
        return;
      }
      io.stdout.write(`erased ${count(report.conversations.length, 'conversation')}, ${count(report.messages, 'message')}, ${count(report.rawFiles, 'raw file')}\n`);
      for (const email of report.customers) io.stdout.write(`erased customer ${safeLine(email)} and the notes about them\n`);
      if (options.onServer) io.stdout.write(`deleted ${count(report.deletedOnServer, 'message')} on the server\n`);
    });
}

function writePlan(out: Io['stdout'], plan: ForgetPlan, verb: string): void {
  out.write(`${verb} ${count(plan.conversations.length, 'conversation')} (${count(plan.messages, 'message')}):\n`);
  for (const c of plan.conversations) out.write(`  ${c.id}  ${safeLine(c.customer)}  ${safeLine(c.subject)}\n`);
  for (const email of plan.customers) out.write(`${verb} customer ${safeLine(email)}, left without mail, and the notes about them\n`);
  if (plan.onServer > 0) out.write(`${plan.onServer} of the messages are on the IMAP server (kept there unless --on-server)\n`);
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
