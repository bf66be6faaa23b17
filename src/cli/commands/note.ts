import { Command } from 'commander';
import type { AppContext } from '../app-context.js';
import { renderJson } from '../../adapters/export/safe-json.js';
import { readTextArg } from '../read-input.js';

/** `h2h note <id> <text|->`: a private note on a conversation (`--customer`: about its customer). */
export function createNoteCommand(ctx: AppContext) {
  return new Command('note')
    .description('Keep a private note on a conversation, or with --customer about its customer')
    .argument('<id>', 'conversation id (a unique prefix is enough)')
    .argument('<text...>', 'the note; - reads it from standard input')
    .option('--customer', 'the note is about the customer: shown with all their conversations')
    .option('--json', 'print the result as JSON, like the triage commands: [{"id", "ok", "changed", "note"}]')
    .addHelpText('after', '\nExamples:\n  $ h2h note k3m9x2 "Promised a refund by Friday"\n  $ h2h note k3m9x2 --customer "Size 38, prefers email"')
    .action(async (id: string, words: string[], options: { customer?: boolean; json?: boolean }, command: Command) => {
      const text = words.length === 1 && words[0] === '-' ? (await readTextArg('-', ctx.io, 'the note')).trim() : words.join(' ');
      const services = await ctx.coreFor(command);
      const author = services.config.agent?.name;
      const conversation = await services.conversations.get(id);
      const note = options.customer
        ? await services.conversations.addCustomerNote(conversation.customer, text, author)
        : await services.conversations.addNote(conversation.id, text, author);
      if (options.json) ctx.io.stdout.write(renderJson([{ id: conversation.id, ok: true, changed: true, note }]));
      ctx.io.stderr.write(`note ${note.id} saved ${options.customer ? 'about the customer of' : 'on'} ${conversation.id}\n`);
    });
}
