/**
 * `h2h remind <targets…> --if-no-reply-by <when> [--note TEXT]`: the owner's promise (issue 19,
 * `W` in the TUI). At that time the conversation comes back open and first in every list, flagged
 * "promised by Fri 11 Dec", whatever its status, and stays until the owner deals with it (a reply,
 * a close, a snooze once it is due) or `--done` resolves it; the customer's "thanks!" does not.
 * A triage command: ids, a query or ids on standard input, `--json`, `--dry-run`, `h2h undo`.
 */
import { Command } from 'commander';
import { parseTimeSpec } from '../../core/domain/time-spec.js';
import { promiseText } from '../../core/domain/decision-changes.js';
import { UsageError } from '../../core/errors.js';
import type { AppContext } from '../app-context.js';
import { runTriage, withTriageOptions, type TriageOptions } from './triage.js';

type RemindOptions = TriageOptions & { ifNoReplyBy?: string; note?: string; done?: boolean };

export function createRemindCommand(ctx: AppContext) {
  return withTriageOptions(
    new Command('remind')
      .description('Keep a promise: the conversation comes back open and first at a time, until you resolve it (--done)')
      .argument('<targets...>', 'conversation ids, a query, or - for ids on standard input')
      .option('--if-no-reply-by <when>', 'when it comes back: "friday 9:00", "3d", "2026-12-24 9:00"')
      .option('--note <text>', 'what you promised, shown with it: "check with the courier"')
      .option('--done', 'resolve the promise: the conversation goes back to its own status'),
  )
    .addHelpText('after', '\nExamples:\n  $ h2h remind k3m9x2qa --if-no-reply-by friday --note "check with the courier"\n  $ h2h list is:due\n  $ h2h remind k3m9x2qa --done')
    .action((args: string[], options: RemindOptions, command: Command) => {
      if (!!options.done === (options.ifNoReplyBy !== undefined)) throw new UsageError('give --if-no-reply-by WHEN (a promise) or --done (resolve it)');
      const now = Date.now();
      const by = options.ifNoReplyBy === undefined ? undefined : parseTimeSpec(options.ifNoReplyBy, now, 'future');
      if (options.ifNoReplyBy !== undefined && (by === undefined || by <= now)) throw new UsageError(`--if-no-reply-by "${options.ifNoReplyBy}" is not a time in the future (try "friday 9:00", "3d", "2026-12-24")`);
      const promise = by === undefined ? null : { by, text: options.note ?? '' };
      return runTriage(ctx, command, args, options, {
        done: promise ? `promised by ${new Date(promise.by).toISOString().slice(0, 16).replace('T', ' ')} UTC on` : 'resolved the promise on',
        before: (v) => v.promise && { by: v.promise.by, text: v.promise.text },
        after: () => (promise ? { by: new Date(promise.by).toISOString(), text: promiseText(promise.text) } : null),
        apply: async (services, ids) => void (await services.conversations.promise(ids, promise)),
      });
    });
}
