/**
 * The commander program as plain data for the shell completion scripts: every command with its
 * aliases, options and what its arguments may be. Read from the same definitions as `--help`, so a
 * new command or option completes without anyone touching the scripts.
 */
import type { Command, Option } from 'commander';

export type CompletionOption = {
  /** `--sort` */
  long?: string;
  /** `-s` */
  short?: string;
  description: string;
  /** The option takes a value (`--sort <order>`). */
  takesValue: boolean;
  /** The value names a file or folder (`<file>`, `<dir>`, `<pem>`…), so the shell offers paths. */
  valueIsPath: boolean;
};

export type CompletionNode = {
  name: string;
  aliases: string[];
  description: string;
  options: CompletionOption[];
  /** Fixed words the arguments take (`completion bash|zsh|fish`, `help <command>`); empty when free. */
  argumentWords: string[];
  /** The command takes positional arguments (paths, ids, queries): the shell may offer files. */
  takesArguments: boolean;
  children: CompletionNode[];
};

const pathValue = /^[<[](file|dir|pem|path|jsonl)(\.\.\.)?[>\]]$/;

function completionOption(option: Option): CompletionOption {
  const value = option.flags.match(/[<[][^>\]]*[>\]]/)?.[0];
  return {
    long: option.long,
    short: option.short,
    description: firstLine(option.description),
    takesValue: value !== undefined,
    valueIsPath: value !== undefined && pathValue.test(value),
  };
}

/** Every option of a command, `--help` (and `--version` on the program) included, as the shell sees them. */
function optionsOf(command: Command): CompletionOption[] {
  const options = command.options.filter((o) => !o.hidden).map(completionOption);
  options.push({ long: '--help', short: '-h', description: 'display help for command', takesValue: false, valueIsPath: false });
  return options;
}

export function completionTree(command: Command, parent?: Command): CompletionNode {
  const choices = command.registeredArguments.flatMap((a) => a.argChoices ?? []);
  // `h2h help <command>` completes the names of its sibling commands.
  const helpWords = parent && command.name() === 'help' ? parent.commands.map((c) => c.name()).filter((n) => n !== 'help') : [];
  return {
    name: command.name(),
    aliases: command.aliases(),
    description: firstLine(command.description()),
    options: optionsOf(command),
    argumentWords: [...choices, ...helpWords],
    takesArguments: command.registeredArguments.length > 0,
    children: command.commands.map((c) => completionTree(c, command)),
  };
}

function firstLine(text: string): string {
  return text.split('\n')[0].trim();
}

/** Every node below `root`, each with the path of names that leads to it (`['outbox']`), depth first. */
export function nodesWithPaths(root: CompletionNode, path: string[] = []): { node: CompletionNode; path: string[] }[] {
  return root.children.flatMap((child) => [{ node: child, path: [...path, child.name] }, ...nodesWithPaths(child, [...path, child.name])]);
}

/** The program's options a command also takes after its name (`h2h list --demo`): all but --help and --version. */
export function globalOptions(root: CompletionNode): CompletionOption[] {
  return root.options.filter((o) => o.long !== '--help' && o.long !== '--version');
}

/** The flags a node accepts, long and short, optionally only those that take a value. */
export function flagsOf(node: CompletionNode | CompletionOption[], which: 'all' | 'value' = 'all'): string[] {
  return ('options' in node ? node.options : node).filter((o) => which === 'all' || o.takesValue).flatMap((o) => [o.long, o.short].filter((f): f is string => !!f));
}
