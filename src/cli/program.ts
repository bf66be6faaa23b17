/**
 * The command line: `h2h <verb>`, flat and short like notmuch and git. Running `h2h` alone opens
 * the TUI in a terminal (the conversation list when piped), on the demo mailbox when no account is set up.
 */
import { awayNotice } from './output/away-notice.js';
import { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { AppContext } from './app-context.js';
import { unknownCommand } from './unknown-command.js';

type CreateCommand = (ctx: AppContext) => Command;

/**
 * Each command's module is imported only when that command runs (`h2h tag` never parses the code of
 * export, init or the TUI), so start-up costs what the command uses. Names are listed here, in help
 * order, because choosing what to load happens before commander has seen any module.
 */
const commandModules: { names: string[]; load: () => Promise<CreateCommand>; needsEveryCommand?: boolean }[] = [
  { names: ['init'], load: async () => (await import('./commands/init.js')).createInitCommand },
  { names: ['import'], load: async () => (await import('./commands/import.js')).createImportCommand },
  { names: ['list', 'ls'], load: async () => (await import('./commands/list.js')).createListCommand },
  { names: ['show'], load: async () => (await import('./commands/show.js')).createShowCommand },
  { names: ['attachments'], load: async () => (await import('./commands/attachments.js')).createAttachmentsCommand },
  { names: ['customers'], load: async () => (await import('./commands/customers.js')).createCustomersCommand },
  { names: ['tag'], load: async () => (await import('./commands/tag.js')).createTagCommand },
  { names: ['close'], load: async () => (await import('./commands/triage.js')).createCloseCommand },
  { names: ['reopen'], load: async () => (await import('./commands/triage.js')).createReopenCommand },
  { names: ['wait'], load: async () => (await import('./commands/triage.js')).createWaitCommand },
  { names: ['snooze'], load: async () => (await import('./commands/triage.js')).createSnoozeCommand },
  { names: ['remind'], load: async () => (await import('./commands/remind.js')).createRemindCommand },
  { names: ['away'], load: async () => (await import('./commands/away.js')).createAwayCommand },
  { names: ['note'], load: async () => (await import('./commands/note.js')).createNoteCommand },
  { names: ['read'], load: async () => (await import('./commands/triage.js')).createReadCommand },
  { names: ['unread'], load: async () => (await import('./commands/triage.js')).createUnreadCommand },
  { names: ['undo'], load: async () => (await import('./commands/triage.js')).createUndoCommand },
  { names: ['spam'], load: async () => (await import('./commands/spam.js')).createSpamCommand },
  { names: ['unspam'], load: async () => (await import('./commands/spam.js')).createUnspamCommand },
  { names: ['block'], load: async () => (await import('./commands/spam.js')).createBlockCommand },
  { names: ['rules'], load: async () => (await import('./commands/rules.js')).createRulesCommand },
  { names: ['sender'], load: async () => (await import('./commands/sender.js')).createSenderCommand },
  { names: ['reindex'], load: async () => (await import('./commands/reindex.js')).createReindexCommand },
  { names: ['forget'], load: async () => (await import('./commands/forget.js')).createForgetCommand },
  { names: ['export'], load: async () => (await import('./commands/export.js')).createExportCommand },
  { names: ['reply'], load: async () => (await import('./commands/reply.js')).createReplyCommand },
  { names: ['compose'], load: async () => (await import('./commands/compose.js')).createComposeCommand },
  { names: ['forward'], load: async () => (await import('./commands/forward.js')).createForwardCommand },
  { names: ['outbox'], load: async () => (await import('./commands/outbox.js')).createOutboxCommand },
  { names: ['sync'], load: async () => (await import('./commands/sync.js')).createSyncCommand },
  { names: ['stats'], load: async () => (await import('./commands/stats.js')).createStatsCommand },
  { names: ['demo'], load: async () => (await import('./commands/demo.js')).createDemoCommand },
  { names: ['keys'], load: async () => (await import('./commands/keys.js')).createKeysCommand },
  // help and completion describe the other commands, so they need every one loaded.
  { names: ['help'], load: async () => (await import('./commands/help.js')).createHelpCommand, needsEveryCommand: true },
  { names: ['completion'], load: async () => (await import('./commands/completion.js')).createCompletionCommand, needsEveryCommand: true },
];

/** Global options that take a value: their value is not the command's name. */
const valueOptions = new Set(['--config', '--data-dir']);

/**
 * The command modules `argv` needs: the one its first word names (a word that is not an option or a
 * global option's value); none for `h2h` alone, which opens the TUI; every one for `--help`, `help`,
 * `completion` and a mistyped name, for the help text, the completion script and the "did you mean"
 * suggestion.
 */
function modulesFor(argv: string[]): typeof commandModules {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h' || arg === '--') return commandModules;
    if (valueOptions.has(arg)) i++;
    else if (!arg.startsWith('-')) {
      const named = commandModules.find((m) => m.names.includes(arg));
      return named && !named.needsEveryCommand ? [named] : commandModules;
    }
  }
  return [];
}

export const version = '0.1.0';

export async function createProgram(ctx: AppContext, argv: string[]): Promise<Command> {
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
    .addHelpText('after', '\nh2h help <command> shows a command\'s options and examples; the reference is in docs/ (docs/commands/README.md).')
    .action(async (_options, command: Command) => {
      if (command.args.length > 0) throw new UsageError(unknownCommand(command.args[0], program.commands.map((c) => c.name())));
      const useDemo = await ctx.wantsDemo(command);
      const services = await ctx.servicesFor(command, useDemo);
      // A newcomer is never left at an empty screen without a way on.
      const notice = useDemo
        ? 'showing the demo shop: no account or mail of your own yet (h2h init sets one up)'
        : !services.sync && !ctx.hasOwnMail(services.paths.dataDir)
          ? 'no mail yet: h2h import <mbox or maildir>, or h2h init to add the mail account'
          : awayNotice(services.away.report(), services.clock.now());
      const { openTui } = await import('./open-tui.js');
      if (await openTui(ctx, services, notice)) return;
      const { runList } = await import('./commands/list.js');
      await runList('', { sort: 'activity' }, ctx, command);
      if (notice) ctx.io.stderr.write(`${notice}\n`);
    });
  for (const create of await Promise.all(modulesFor(argv).map((m) => m.load()))) {
    // addCommand does not copy the parent's output and exit settings the way .command() does.
    program.addCommand(create(ctx).copyInheritedSettings(program));
  }
  return program;
}
