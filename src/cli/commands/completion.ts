/**
 * `h2h completion bash|zsh|fish`: prints a completion script for the shell, generated from the same
 * commander definitions as `--help`, so every command and option completes as it is today.
 */
import { Argument, Command } from 'commander';
import type { AppContext } from '../app-context.js';
import { bashCompletion } from '../completion/bash-completion.js';
import { completionTree, type CompletionNode } from '../completion/command-tree.js';
import { fishCompletion } from '../completion/fish-completion.js';
import { zshCompletion } from '../completion/zsh-completion.js';

const scripts: Record<string, (root: CompletionNode) => string> = { bash: bashCompletion, zsh: zshCompletion, fish: fishCompletion };

export function createCompletionCommand(ctx: AppContext) {
  return new Command('completion')
    .description('Print a shell completion script for h2h (bash, zsh or fish)')
    .addArgument(new Argument('<shell>', 'the shell to complete in').choices(Object.keys(scripts)))
    .addHelpText(
      'after',
      '\nInstall:\n' +
        '  bash  $ echo \'source <(h2h completion bash)\' >> ~/.bashrc\n' +
        '  zsh   $ echo \'source <(h2h completion zsh)\' >> ~/.zshrc    # after compinit\n' +
        '  fish  $ h2h completion fish > ~/.config/fish/completions/h2h.fish',
    )
    .action((shell: string, _options: unknown, command: Command) => {
      const program = command.parent ?? command;
      ctx.io.stdout.write(scripts[shell](completionTree(program)));
    });
}
