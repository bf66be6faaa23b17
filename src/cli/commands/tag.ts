import { Command } from 'commander';
import { changeTags } from '../../core/domain/conversation.js';
import { UsageError } from '../../core/errors.js';
import type { AppContext } from '../app-context.js';
import { runTriage, withTriageOptions, type TriageOptions } from './triage.js';

/**
 * `h2h tag <ids|query|-> +add -remove`: tags on one or many conversations, in one transaction.
 * Words starting with + or - are the changes (a lone - means ids on standard input); the rest say which conversations.
 */
export function createTagCommand(ctx: AppContext) {
  return withTriageOptions(
    new Command('tag')
      .description('Add (+tag) and remove (-tag) tags on conversations: ids, a query, or - for ids on standard input')
      .argument('<targets-and-changes...>', 'ids or a query, then +tag to add and -tag to remove'),
  )
    .allowUnknownOption() // "-urgent" is a tag change, not an option
    .addHelpText('after', "\nExamples:\n  $ h2h tag k3m9x2 +refund -urgent\n  $ h2h tag 'from:anna status:open' +vip\n  $ h2h list tag:refund --json | h2h tag - +refund-2026")
    .action(async (words: string[], options: TriageOptions, command: Command) => {
      const add: string[] = [];
      const remove: string[] = [];
      const targets: string[] = [];
      for (const word of words) {
        if (word === '--json') options.json = true;
        else if (word === '--dry-run') options.dryRun = true;
        else if (word.startsWith('+') && word.length > 1) add.push(word.slice(1));
        else if (word.startsWith('-') && word.length > 1) remove.push(word.slice(1));
        else targets.push(word);
      }
      if (add.length === 0 && remove.length === 0) throw new UsageError('no tag change: write +tag to add a tag or -tag to remove one');
      await runTriage(ctx, command, targets, options, {
        done: 'tagged',
        before: (v) => v.tags,
        after: (v) => changeTags(v.tags, add, remove),
        apply: async (services, ids) => {
          await services.conversations.tag(ids, add, remove);
        },
      });
    });
}
