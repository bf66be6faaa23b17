/**
 * `h2h forward <id> --to ADDR`: the customer's message (the newest, or `--message N` as `h2h show`
 * numbers them) to a third party, the courier or the supplier, with a few words of the owner's.
 * It stays in the customer's conversation, and so does the answer. `--send` sends it now;
 * otherwise it is saved as the conversation's forward draft (the TUI's f opens it).
 */
import { collect } from '../parse-options.js';
import { Command, Option } from 'commander';
import { UsageError } from '../../core/errors.js';
import type { AppContext } from '../app-context.js';
import { readTextArg } from '../read-input.js';
import { renderJson } from '../../adapters/export/safe-json.js';
import { readFileToAttach } from '../../adapters/files/attach-file.js';
import { parseTypedAddressLists } from '../../adapters/mime/typed-addresses.js';
import { sendNowAndReport } from '../output/send-now.js';
import type { ForwardAs } from '../../core/services/forward-service.js';


type ForwardOptions = { from?: string; message?: string; to: string[]; cc: string[]; bcc: string[]; bodyFile?: string; attach: string[]; as?: ForwardAs; send?: boolean; json?: boolean };

export function createForwardCommand(ctx: AppContext) {
  return new Command('forward')
    .description("Forward a customer's message to a third party (courier, supplier); it stays in the customer's conversation")
    .argument('<id>', 'conversation id (a unique prefix is enough)')
    .option('--message <n>', 'which message: its number as h2h show gives it (#2), or its id; default the customer\'s newest')
    .option('--to <addresses>', 'who it goes to (again for more)', collect, [] as string[])
    .option('--cc <addresses>', 'add to Cc (again for more)', collect, [] as string[])
    .option('--bcc <addresses>', 'add to Bcc: in the envelope only (again for more)', collect, [] as string[])
    .option('--body-file <file>', 'your words to them, above the message; - reads standard input')
    .addOption(new Option('--as <how>', 'the message below your text with its attachments, or attached whole (default: account.forwardAs, inline)').choices(['inline', 'attachment']))
    .option('--from <address>', 'send from this address of yours (agent.email or an alias); default: agent.email')
    .option('--attach <file>', 'attach a file of your own too (again for more)', collect, [] as string[])
    .option('--send', 'send now (no undo delay); without it the forward is saved as a draft')
    .option('--json', 'print the outbox entry (or the draft) as JSON')
    .addHelpText('after', '\nExamples:\n  $ echo "Parcel arrived broken, photos attached." | h2h forward k3m9x2 --to claims@courier.example --body-file - --send\n  $ h2h forward k3m9x2 --message 2 --to orders@supplier.example --as attachment --send')
    .action(async (id: string, options: ForwardOptions, command: Command) => {
      const services = await ctx.servicesFor(command);
      if (!services.forwards || !services.outbox || !services.replies) throw new UsageError('forwards need your name and address in the config (h2h init)');
      const { forwards, replies } = services;
      const body = options.bodyFile ? await readTextArg(options.bodyFile, ctx.io, 'the text') : undefined;
      const to = await parseTypedAddressLists(options.to);
      const drafted = await forwards.draft(id, { message: options.message, ...(to.length ? { to } : {}), body, as: options.as, from: options.from });
      if (drafted.to.length === 0) throw new UsageError('who is the forward to? give --to ADDRESS');
      const recipients = replies.checked({ to: drafted.to, cc: [...drafted.cc, ...(await parseTypedAddressLists(options.cc))], bcc: [...drafted.bcc, ...(await parseTypedAddressLists(options.bcc))] });
      const draft = { ...drafted, ...recipients };
      const files = [];
      for (const path of options.attach) files.push(await readFileToAttach(path, replies.maxAttachmentBytes()));
      const attachments = await replies.attach(files, draft.attachments);
      if (!options.send) {
        await forwards.save(draft, draft.text, { attachments, recipients });
        if (options.json) ctx.io.stdout.write(renderJson({ draft: { key: draft.key, conversationId: draft.conversationId, message: draft.number, to: draft.to, cc: draft.cc, bcc: draft.bcc, subject: draft.subject, text: draft.text, as: draft.as, attachments: attachments.map(({ name, size }) => ({ name, size })) } }));
        else ctx.io.stderr.write(`forward of message #${draft.number} saved as a draft of ${draft.conversationId}: open it in the TUI (f), or send it with --send\n`);
        return;
      }
      const entry = await forwards.queue(draft, draft.text, { immediately: true, attachments, recipients });
      await sendNowAndReport(ctx, services.outbox, entry, options.json);
    });
}
