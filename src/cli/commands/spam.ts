/**
 * `h2h spam <ids|query|->`: to the server's Junk folder, out of every view, the sender blocked;
 * `h2h unspam <ids|query|->` puts it all back (a query then looks among spam only); `h2h block
 * [ADDRESS] [--list] [--remove ADDRESS]`: the blocked senders.
 */
import { Command } from 'commander';
import { renderJson } from '../../adapters/export/safe-json.js';
import { conversationCount as count } from '../../core/domain/conversation.js';
import { UsageError } from '../../core/errors.js';
import type { SpamReport } from '../../core/services/spam-service.js';
import type { AppContext } from '../app-context.js';
import { ExitCode } from '../exit-codes.js';
import { safeLine } from '../output/terminal-text.js';
import { resolveTargets } from '../targets.js';

function serverLine(report: SpamReport, verb: string): string {
  const s = report.server;
  if ('noAccount' in s) return 'no mail account: nothing to move on a server';
  if ('error' in s) return `the mail server could not be reached (${safeLine(s.error)}): the next h2h sync ${verb}`;
  if (!s.moved) return 'nothing to move on the server';
  const problems = s.moved.problems.length ? `; not moved: ${s.moved.problems.map(safeLine).join('; ')}` : '';
  return `${s.moved.moved} message${s.moved.moved === 1 ? '' : 's'} ${verb === 'moves them to Junk' ? `moved to ${safeLine(s.moved.folder)}` : `moved from ${safeLine(s.moved.folder)} to INBOX`}${problems}`;
}

function spamCommand(name: 'spam' | 'unspam', ctx: AppContext) {
  const spam = name === 'spam';
  return new Command(name)
    .description(spam ? 'Mark conversations spam: their mail to the Junk folder, out of every view, the sender blocked' : 'Take conversations out of spam: their mail back to INBOX, the sender unblocked')
    .argument('<targets...>', spam ? 'ids, a query, or - to read ids from standard input' : 'ids, a query among spam (from:shop.example), or - to read ids from standard input')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', spam ? '\nExamples:\n  $ h2h spam k3m9x2qa\n  $ h2h list --json from:@prize.example | h2h spam -' : '\nExamples:\n  $ h2h unspam k3m9x2qa\n  $ h2h list --json is:spam | h2h unspam -')
    .action(async (args: string[], options: { json?: boolean }, command: Command) => {
      const services = await ctx.servicesFor(command);
      // A query for unspam looks among spam, which every other query leaves out.
      const targets = await resolveTargets(args, services.conversations, ctx.io, spam ? undefined : 'is:spam');
      if (targets.ids.length === 0 && targets.notFound.length === 0) throw new UsageError(`no conversations match ${JSON.stringify(args.join(' '))}`);
      const report = targets.ids.length ? await (spam ? services.spam.spam(targets.ids) : services.spam.unspam(targets.ids)) : { conversations: [], senders: [], server: { moved: null } };
      if (options.json) ctx.io.stdout.write(renderJson({ ...report, notFound: targets.notFound }));
      const who = report.senders.length ? `; ${spam ? 'blocked' : 'unblocked'}: ${report.senders.map(safeLine).join(', ')}` : '';
      ctx.io.stderr.write(`${spam ? 'marked spam' : 'taken out of spam'}: ${count(report.conversations.length)}${who}; ${serverLine(report, spam ? 'moves them to Junk' : 'finds them in INBOX')}\n`);
      if (targets.notFound.length) {
        ctx.io.stderr.write(`h2h: not found: ${targets.notFound.map(safeLine).join(', ')}\n`);
        ctx.exitCode = targets.ids.length === 0 ? ExitCode.NOT_FOUND : ExitCode.PARTIAL;
      }
    });
}

export const createSpamCommand = (ctx: AppContext) => spamCommand('spam', ctx);
export const createUnspamCommand = (ctx: AppContext) => spamCommand('unspam', ctx);

export function createBlockCommand(ctx: AppContext) {
  return new Command('block')
    .description('Block a sender (their next mail is spam on arrival), list the blocked, or lift a block')
    .argument('[address]', 'the sender to block')
    .option('--list', 'list the blocked senders')
    .option('--remove <address>', 'lift the block on this sender')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', '\nExamples:\n  $ h2h block prizes@lottery.example\n  $ h2h block --list\n  $ h2h block --remove anna@example.fi')
    .action(async (address: string | undefined, options: { list?: boolean; remove?: string; json?: boolean }, command: Command) => {
      const chosen = [address !== undefined, !!options.list, options.remove !== undefined].filter(Boolean).length;
      if (chosen !== 1) throw new UsageError('say one of: an address to block, --list, or --remove ADDRESS');
      const services = await ctx.servicesFor(command);
      const { io } = ctx;
      if (options.list) {
        const blocked = services.spam.blocked();
        if (options.json) io.stdout.write(renderJson(blocked));
        else if (blocked.length === 0) io.stderr.write('no sender is blocked\n');
        else for (const b of blocked) io.stdout.write(`${safeLine(b.email)}\t${b.at}\n`);
        return;
      }
      if (options.remove !== undefined) {
        const lifted = await services.spam.unblock(options.remove);
        if (options.json) io.stdout.write(renderJson({ email: options.remove.toLowerCase(), unblocked: lifted }));
        io.stderr.write(lifted ? `unblocked ${safeLine(options.remove)}: their next mail is in the queue again\n` : `${safeLine(options.remove)} was not blocked\n`);
        if (!lifted) ctx.exitCode = ExitCode.NOT_FOUND;
        return;
      }
      const email = await services.spam.block(address!);
      if (options.json) io.stdout.write(renderJson({ email, blocked: true }));
      io.stderr.write(`blocked ${safeLine(email)}: their next mail is spam on arrival (h2h block --remove lifts it)\n`);
    });
}
