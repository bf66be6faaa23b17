/**
 * `h2h compose --to ADDR --subject S --body-file F`: new mail from the owner to a customer ("back in
 * stock"), greeting them by first name and ending with the signature, as a reply does. `--send` sends
 * it now; otherwise it is saved as a draft ("new-…") that the TUI's m recalls and `--draft` sends.
 * Sent, it starts a conversation with that customer, waiting on them; their answer joins it.
 */
import { collect } from '../parse-options.js';
import { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import type { AppContext } from '../app-context.js';
import { readTextArg } from '../read-input.js';
import { renderJson } from '../../adapters/export/safe-json.js';
import { safeLine } from '../output/terminal-text.js';
import { readFileToAttach } from '../../adapters/files/attach-file.js';
import { attachmentMention } from '../../core/domain/attachment-words.js';
import { ownWords } from '../../core/domain/reply.js';
import { parseTypedAddressLists } from '../../adapters/mime/typed-addresses.js';
import { sendNowAndReport } from '../output/send-now.js';
import type { NewMailDraft } from '../../core/services/new-mail-service.js';


type ComposeOptions = { from?: string; to: string[]; cc: string[]; bcc: string[]; subject?: string; bodyFile?: string; attach: string[]; draft?: string; send?: boolean; yes?: boolean; json?: boolean };

export function createComposeCommand(ctx: AppContext) {
  return new Command('compose')
    .description('Write new mail to a customer: greeting by first name, your text, your signature')
    .option('--to <addresses>', 'who it goes to, e.g. "Anna Virtanen <anna@example.fi>" (again for more)', collect, [] as string[])
    .option('--cc <addresses>', 'add to Cc (again for more)', collect, [] as string[])
    .option('--bcc <addresses>', 'add to Bcc: in the envelope only (again for more)', collect, [] as string[])
    .option('--subject <text>', 'the subject')
    .option('--body-file <file>', 'your text; - reads standard input')
    .option('--from <address>', 'send from this address of yours (agent.email or an alias); default: agent.email')
    .option('--attach <file>', 'attach a file (again for more)', collect, [] as string[])
    .option('--draft <key>', 'go on with a saved draft (new-…, as h2h compose printed it)')
    .option('--send', 'send now (no undo delay); without it the mail is saved as a draft')
    .option('--yes', 'send a text that speaks of an attachment with none attached')
    .option('--json', 'print the outbox entry (or the draft) as JSON')
    .addHelpText('after', '\nExamples:\n  $ echo "The boots are back in stock." | h2h compose --to anna@example.fi --subject "Back in stock" --body-file - --send\n  $ h2h compose --to "Anna <anna@example.fi>" --subject Boots --body-file note.txt   # a draft for the TUI (m)')
    .action(async (options: ComposeOptions, command: Command) => {
      const services = await ctx.servicesFor(command);
      if (!services.newMail || !services.outbox || !services.replies) throw new UsageError('mail needs your name and address in the config (h2h init)');
      const { newMail, replies } = services;
      const body = options.bodyFile ? await readTextArg(options.bodyFile, ctx.io, 'the message') : undefined;
      let draft: NewMailDraft;
      if (options.draft) {
        draft = newMail.open(options.draft);
        const cc = await parseTypedAddressLists(options.cc);
        const bcc = await parseTypedAddressLists(options.bcc);
        const recipients = replies.checked({ to: options.to.length ? await parseTypedAddressLists(options.to) : draft.to, cc: [...draft.cc, ...cc], bcc: [...draft.bcc, ...bcc] });
        const from = options.from ? replies.identityOf(options.from) : null;
        draft = { ...draft, ...recipients, ...(from ? { from: { name: from.name, email: from.email } } : {}), subject: options.subject ?? draft.subject, text: body !== undefined ? await newMail.freshText(recipients.to[0], body, from?.email ?? draft.from.email) : draft.text };
      } else {
        if (options.to.length === 0) throw new UsageError('who is it to? give --to ADDRESS (or --draft KEY to go on with a saved one)');
        if (body === undefined) throw new UsageError('give the text with --body-file FILE (or - for standard input); the TUI (m) has the editor');
        draft = await newMail.start({ to: await parseTypedAddressLists(options.to), cc: await parseTypedAddressLists(options.cc), bcc: await parseTypedAddressLists(options.bcc), subject: options.subject, body, from: options.from });
      }
      if (body !== undefined && body.trim() === '') throw new UsageError('the message is empty');
      const files = [];
      for (const path of options.attach) files.push(await readFileToAttach(path, replies.maxAttachmentBytes()));
      const mention = files.length === 0 && draft.attachments.length === 0 ? attachmentMention(ownWords(draft.text, replies.identityOf(draft.from.email).signature)) : null;
      if (options.send && !options.yes && mention) throw new UsageError(`not sent: the message says "${mention}" but has no attachment; add --attach FILE, or --yes to send it as it is`);
      if (options.send && !draft.subject.trim()) throw new UsageError('the message has no subject: give it one with --subject');
      const attachments = await replies.attach(files, draft.attachments);
      if (!options.send) {
        await newMail.save(draft, draft.text, { attachments, recipients: draft, subject: draft.subject, from: draft.from.email });
        if (mention) ctx.io.stderr.write(`h2h: warning: the message says "${safeLine(mention)}" but has no attachment (--attach FILE)\n`);
        if (options.json) ctx.io.stdout.write(renderJson({ draft: { key: draft.key, to: draft.to, cc: draft.cc, bcc: draft.bcc, subject: draft.subject, text: draft.text, attachments: attachments.map(({ name, size }) => ({ name, size })) } }));
        else ctx.io.stderr.write(`draft saved as ${draft.key}: open it in the TUI (m), or send it with h2h compose --draft ${draft.key} --send\n`);
        return;
      }
      const entry = await newMail.queue(draft, draft.text, { immediately: true, attachments });
      await sendNowAndReport(ctx, services.outbox, entry, options.json);
    });
}
