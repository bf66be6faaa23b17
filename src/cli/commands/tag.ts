import { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import type { AppContext } from '../app-context.js';
import { renderJson } from '../output/render-json.js';

/** `h2h tag <id> +add -remove`: one conversation, tags changed under the store lock. */
export function createTagCommand(ctx: AppContext) {
  return new Command('tag')
    .description('Add (+tag) and remove (-tag) tags on a conversation')
    .argument('<id>', 'conversation id (a unique prefix is enough)')
    .argument('<changes...>', '+tag to add, -tag to remove')
    .option('--json', 'print the resulting tags as JSON')
    .allowUnknownOption() // "-urgent" is a tag change, not an option
    .addHelpText('after', '\nExample:\n  $ h2h tag k3m9x2 +refund -urgent')
    .action(async (id: string, changes: string[], options: { json?: boolean }, command: Command) => {
      const add: string[] = [];
      const remove: string[] = [];
      for (const change of changes) {
        if (change === '--json') continue;
        if (change.startsWith('+') && change.length > 1) add.push(change.slice(1));
        else if (change.startsWith('-') && change.length > 1) remove.push(change.slice(1));
        else throw new UsageError(`"${change}": write +tag to add a tag or -tag to remove one`);
      }
      const services = await ctx.servicesFor(command);
      const result = await services.conversations.tag([id], add, remove);
      const [[resolved, tags]] = [...result];
      if (options.json || changes.includes('--json')) ctx.io.stdout.write(renderJson({ id: resolved, tags }, 0));
      else ctx.io.stderr.write(`${resolved}: ${tags.length ? tags.map((t) => `+${t}`).join(' ') : '(no tags)'}\n`);
    });
}
