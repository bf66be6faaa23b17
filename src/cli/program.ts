/**
 * The command line: `h2h <verb>`, flat and short like notmuch and git. Running `h2h` alone opens
 * the TUI in a terminal (the conversation list when piped), on the demo mailbox when no account is set up.
 */
import { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { AppContext } from './app-context.js';
import { createCustomersCommand } from './commands/customers.js';
import { createDemoCommand } from './commands/demo.js';
import { createImportCommand } from './commands/import.js';
import { createInitCommand } from './commands/init.js';
import { createListCommand, runList } from './commands/list.js';
import { createShowCommand } from './commands/show.js';
import { createSyncCommand } from './commands/sync.js';
import { createTagCommand } from './commands/tag.js';
import { createReplyCommand } from './commands/reply.js';
import { createNoteCommand } from './commands/note.js';
import { createExportCommand } from './commands/export.js';
import { createCloseCommand, createReadCommand, createReopenCommand, createSnoozeCommand, createUndoCommand, createUnreadCommand, createWaitCommand } from './commands/triage.js';
import { createOutboxCommand } from './commands/outbox.js';
import { openTui } from './open-tui.js';

export const version = '0.1.0';

export function createProgram(ctx: AppContext): Command {
  const program = new Command('h2h')
    .description('A human-to-human support desk in the terminal: your shop\'s mail as conversations with customers')
    .version(version)
    .option('--config <file>', 'config file (default $H2H_CONFIG, else $XDG_CONFIG_HOME/h2h/config.json)')
    .option('--data-dir <dir>', 'data folder (default $H2H_DATA_DIR, else $XDG_DATA_HOME/h2h)')
    .option('--demo', "use the bundled demo shop's mailbox instead of your own")
    .configureOutput({
      writeOut: (s) => ctx.io.stdout.write(s),
      writeErr: (s) => ctx.io.stderr.write(s),
      outputError: (s, write) => write(`h2h: ${s.replace(/^error: /, '')}`),
    })
    .exitOverride()
    .showSuggestionAfterError()
    .allowExcessArguments()
    .action(async (_options, command: Command) => {
      if (command.args.length > 0) throw new UsageError(unknownCommand(command.args[0], program.commands.map((c) => c.name())));
      const useDemo = await ctx.wantsDemo(command);
      const services = await ctx.servicesFor(command, useDemo);
      const notice = useDemo ? 'showing the demo shop: no account or mail of your own yet (h2h init sets one up)' : undefined;
      if (await openTui(ctx, services, notice)) return;
      await runList('', { sort: 'activity' }, ctx, command);
      if (notice) ctx.io.stderr.write(`${notice}\n`);
    });
  for (const create of [createInitCommand, createImportCommand, createListCommand, createShowCommand, createCustomersCommand, createTagCommand, createCloseCommand, createReopenCommand, createWaitCommand, createSnoozeCommand, createNoteCommand, createReadCommand, createUnreadCommand, createUndoCommand, createExportCommand, createReplyCommand, createOutboxCommand, createSyncCommand, createDemoCommand]) {
    // addCommand does not copy the parent's output and exit settings the way .command() does.
    program.addCommand(create(ctx).copyInheritedSettings(program));
  }
  return program;
}

/** "unknown command "lsit" (did you mean list?)": the nearest command within two edits. */
function unknownCommand(typed: string, names: string[]): string {
  const distance = (a: string, b: string): number => {
    const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
    for (let j = 1; j <= b.length; j++) d[0][j] = j;
    for (let i = 1; i <= a.length; i++) {
      for (let j = 1; j <= b.length; j++) {
        d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
    return d[a.length][b.length];
  };
  const best = names.map((n) => ({ n, d: distance(typed, n) })).sort((a, b) => a.d - b.d)[0];
  return `unknown command "${typed}"${best && best.d <= 2 ? ` (did you mean ${best.n}?)` : ''}; see h2h --help`;
}
