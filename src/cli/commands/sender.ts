/**
 * `h2h sender [address] [--person | --automated | --forget]`: the owner's word on a sender, over
 * what h2h works out from the mail's headers. Without a flag: what the owner said of this sender,
 * or (no address) of every sender.
 */
import { Command } from 'commander';
import { renderJson } from '../../adapters/export/safe-json.js';
import { UsageError } from '../../core/errors.js';
import type { AppContext } from '../app-context.js';
import { safeLine } from '../output/terminal-text.js';

type Options = { person?: boolean; automated?: boolean; forget?: boolean; json?: boolean };

const said = { person: 'a person', automated: 'automated', blocked: 'blocked (spam)' } as const;

export function createSenderCommand(ctx: AppContext) {
  return new Command('sender')
    .description("Say whether a sender is a person or a machine (remembered; their stored mail follows at once)")
    .argument('[address]', 'the sender’s email address (none: list every sender you have a word on)')
    .option('--person', 'their mail is a person’s: in Open and Waiting, with a waiting clock')
    .option('--automated', 'their mail is a machine’s: in the Other view, never waiting')
    .option('--forget', 'h2h decides from the mail’s headers again')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', "\nExamples:\n  $ h2h sender help@marketplace.example --automated\n  $ h2h sender noreply@bakery.example --person\n  $ h2h sender --json")
    .action(async (address: string | undefined, options: Options, command: Command) => {
      const chosen = (['person', 'automated', 'forget'] as const).filter((k) => options[k]);
      if (chosen.length > 1) throw new UsageError(`choose one of --person, --automated, --forget (got ${chosen.map((c) => `--${c}`).join(' and ')})`);
      if (chosen.length === 1 && !address) throw new UsageError(`--${chosen[0]} needs the sender's address`);
      const services = await ctx.servicesFor(command);
      const { io } = ctx;
      if (!address) {
        const all = services.senders.verdicts();
        if (options.json) io.stdout.write(renderJson(all));
        else if (all.length === 0) io.stderr.write('no word on any sender yet: h2h decides from the mail\n');
        else for (const v of all) io.stdout.write(`${safeLine(v.email)}\t${said[v.as]}\t${v.at}\n`);
        return;
      }
      if (chosen.length === 0) {
        const v = services.senders.verdict(address);
        if (options.json) io.stdout.write(renderJson(v ?? null));
        else io.stdout.write(v ? `${safeLine(v.email)}: ${said[v.as]} (said ${v.at})\n` : `${safeLine(address)}: no word yet; h2h decides from each message's headers\n`);
        return;
      }
      const as = chosen[0] === 'forget' ? null : chosen[0];
      const change = await services.senders.judge(address, as);
      if (options.json) {
        io.stdout.write(renderJson(change));
        return;
      }
      const what = as === null ? 'h2h decides from the headers again' : `${said[as]} from now on`;
      io.stdout.write(`${safeLine(change.email)}: ${what}; ${change.changed} of their ${change.messages} messages changed, in ${change.conversations} conversations\n`);
    });
}
