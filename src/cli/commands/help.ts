/**
 * `h2h help [command...]`: a command's own `--help` (usage, options, examples), for people who type
 * the verb first, as in git and gh. Commander's built-in help command is not used: it answers an
 * unknown name with the whole program's help on stderr, where h2h gives one line and exit 2.
 */
import { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import type { AppContext } from '../app-context.js';
import { unknownCommand } from '../unknown-command.js';

export function createHelpCommand(_ctx: AppContext) {
  return new Command('help')
    .description("Show a command's usage, options and examples (h2h help outbox)")
    .argument('[command...]', 'the command, and its subcommand if it has any')
    .action((names: string[], _options: unknown, command: Command) => {
      const program = command.parent ?? command;
      commandAt(program, names).outputHelp();
    });
}

/** The command a path of names leads to from `root` (`[]` is the root itself); a usage error at the first unknown name. */
export function commandAt(root: Command, names: string[]): Command {
  let current = root;
  for (const name of names) {
    const next = current.commands.find((c) => c.name() === name || c.aliases().includes(name));
    if (!next) {
      const known = current.commands.map((c) => c.name());
      if (current === root) throw new UsageError(unknownCommand(name, known));
      throw new UsageError(`${current.name()} has no subcommand "${name}"${known.length ? ` (it has ${known.join(', ')})` : ''}`);
    }
    current = next;
  }
  return current;
}
