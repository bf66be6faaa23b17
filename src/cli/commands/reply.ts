/**
 * `h2h reply <id>`: a reply greeting the customer in their language by the name their culture
 * greets them by, the text given, the owner's sign-off and signature. `--send` sends it now (for scripts: no undo delay); otherwise it is saved as the
 * conversation's draft, which the TUI opens. A reply that cannot be sent stays in the outbox: the
 * command says so and exits 4 (server unavailable) or 1.
 */
import { collect } from '../parse-options.js';
import { Command } from 'commander';
import { ReplyCollisionError, UsageError } from '../../core/errors.js';
import type { AppContext } from '../app-context.js';
import { readTextArg } from '../read-input.js';
import { renderJson } from '../../adapters/export/safe-json.js';
import { safeLine } from '../output/terminal-text.js';
import { showAddress, showAddresses } from '../output/address-line.js';
import { replyToQuestion } from '../../core/domain/reply-to.js';
import type { ReplyDraft } from '../../core/services/reply-service.js';
import { terminalPrompter } from '../prompt.js';
import { readFileToAttach } from '../../adapters/files/attach-file.js';
import { attachmentMention } from '../../core/domain/attachment-words.js';
import { ownWords } from '../../core/domain/reply.js';
import { parseTypedAddressLists } from '../../adapters/mime/typed-addresses.js';
import { sendNowAndReport } from '../output/send-now.js';
import { greetingJson } from '../output/views.js';
import { outboxEntryJson } from '../output/send-now.js';
import { parseTimeSpec } from '../../core/domain/time-spec.js';

export function createReplyCommand(ctx: AppContext) {
  return new Command('reply')
    .description('Reply to a conversation: greeting in their language, your text, your signature')
    .argument('<id>', 'conversation id (a unique prefix is enough)')
    .option('--body-file <file>', 'the text of the reply; - reads standard input')
    .option('--snippet <name>', "the text of the reply from a snippet (snippets/<name>.txt in the config folder; <name>.fi.txt for a Finnish customer), filled in for this customer")
    .option('--send', 'send now (no undo delay); without it the reply is saved as a draft')
    .option('--at <when>', 'send later: "friday 9:00", "2h", "2026-12-24 9:00"; it waits in the outbox and is not sent if the customer writes first')
    .option('--all', "reply to all: the message's other recipients in Cc (never the shop's own addresses)")
    .option('--to <addresses>', 'send to these instead of the customer (again for more)', collect, [] as string[])
    .option('--cc <addresses>', 'add to Cc, e.g. "Ben <ben@example.com>" (again for more)', collect, [] as string[])
    .option('--bcc <addresses>', 'add to Bcc: in the envelope only, nobody sees it (again for more)', collect, [] as string[])
    .option('--language <code>', "greet and sign off in this language (fi, sv, de, ja…) for this reply; default: the customer's (h2h customers language)")
    .option('--from <address>', 'send from this address of yours (agent.email or an alias); default: the one the customer wrote to')
    .option('--attach <file>', 'attach a file (again for more); its bytes are copied when the reply is saved or queued', collect, [] as string[])
    .option('--yes', "send without asking: to the message's Reply-To on another domain than the sender's, and a text that speaks of an attachment with none attached")
    .option('--json', 'print the outbox entry (or the draft) as JSON')
    .addHelpText('after', '\nExamples:\n  $ echo "Your parcel left today." | h2h reply k3m9x2 --body-file - --send\n  $ h2h reply k3m9x2 --body-file answer.txt     # saved as a draft for the TUI')
    .action(async (id: string, options: { bodyFile?: string; snippet?: string; language?: string; send?: boolean; at?: string; yes?: boolean; json?: boolean; attach: string[]; all?: boolean; to: string[]; cc: string[]; bcc: string[]; from?: string }, command: Command) => {
      if (!options.bodyFile === !options.snippet) throw new UsageError('give the reply with --body-file FILE (or - for standard input) or --snippet NAME; the TUI (r) has the editor');
      const services = await ctx.servicesFor(command);
      if (!services.replies || !services.outbox) throw new UsageError('replies need your name and address in the config (h2h init)');
      const at = options.at === undefined ? undefined : parseTimeSpec(options.at, services.clock.now(), 'future');
      if (options.at !== undefined && (at === undefined || at <= services.clock.now())) throw new UsageError(`--at "${options.at}" is not a time in the future (try "friday 9:00", "2h", "2026-12-24 9:00")`);
      if (at !== undefined && options.send) throw new UsageError('give --send (now) or --at WHEN (later), not both');
      if (options.language !== undefined && !/^[a-z]{2}$/.test(options.language)) throw new UsageError(`--language: not a language code: ${JSON.stringify(options.language)} (two letters, ISO 639-1: fi, sv, de, ja…)`);
      // A snippet in the customer's language (or --language's) when there is a variant in it.
      const filled = options.snippet ? await services.replies.snippet(options.snippet, id, options.language ? { language: options.language } : {}) : null;
      const body = filled ? filled.text : await readTextArg(options.bodyFile!, ctx.io, 'the reply');
      if (body.trim() === '') throw new UsageError('the reply is empty');
      const drafted = await services.replies.draft(id, body, { all: options.all, from: options.from, language: options.language });
      if (drafted.greeting.warning) ctx.io.stderr.write(`h2h: warning: ${safeLine(drafted.greeting.warning)}\n`);
      // Addresses typed wrong stop here, before anything is saved or sent.
      const to = options.to.length ? await parseTypedAddressLists(options.to) : drafted.to;
      const recipients = services.replies.checked({ to, cc: [...drafted.cc, ...(await parseTypedAddressLists(options.cc))], bcc: await parseTypedAddressLists(options.bcc) });
      const draft = { ...drafted, ...recipients };
      const files = [];
      for (const path of options.attach) files.push(await readFileToAttach(path, services.replies.maxAttachmentBytes()));
      const mention = files.length === 0 ? attachmentMention(ownWords(draft.text, services.replies.identityOf(draft.from.email).signature)) : null;
      // Asked before the files are copied into the store: a refusal leaves nothing behind.
      if ((options.send || at !== undefined) && !options.yes) {
        await confirmReplyTo(draft, ctx, options.bodyFile === '-');
        if (mention) throw new UsageError(`not sent: the reply says "${mention}" but has no attachment; add --attach FILE, or --yes to send it as it is`);
      }
      const attachments = await services.replies.attach(files);
      if (at !== undefined) {
        const outcome = await services.replies.queueOrKeep(draft, draft.text, { at, attachments, recipients });
        if ('kept' in outcome) throw new ReplyCollisionError(`not scheduled: ${outcome.kept.message}; your text is kept as the conversation's draft`, outcome.kept.newSeqs);
        const entry = outcome.queued;
        if (options.json) ctx.io.stdout.write(renderJson(outboxEntryJson(entry)));
        ctx.io.stderr.write(`scheduled ${entry.id}: goes ${entry.sendAt!.slice(0, 16).replace('T', ' ')} UTC unless the conversation gets mail first (h2h outbox --discard ${entry.id} takes it back)\n`);
        return;
      }
      if (!options.send) {
        await services.replies.saveDraft(draft.conversationId, draft.text, draft.baseSeq, { attachments, recipients, ...(options.from ? { from: draft.from.email } : {}) });
        if (mention) ctx.io.stderr.write(`h2h: warning: the reply says "${safeLine(mention)}" but has no attachment (--attach FILE)\n`);
        if (options.json) ctx.io.stdout.write(renderJson({ draft: { conversationId: draft.conversationId, to: draft.to, cc: draft.cc, bcc: draft.bcc, subject: draft.subject, text: draft.text, attachments: attachments.map(({ name, size }) => ({ name, size })), greeting: greetingJson(draft.greeting), ...(filled ? { snippet: { used: filled.used, language: filled.language, languages: filled.languages } } : {}) } }));
        else ctx.io.stderr.write(`draft saved for ${draft.conversationId}${draft.replyTo.differs ? ` (to ${showAddresses(draft.to)}, the message's Reply-To)` : ''}: open it in the TUI (r), or send with --send\n`);
        return;
      }
      const outcome = await services.replies.queueOrKeep(draft, draft.text, { immediately: true, attachments, recipients });
      if ('kept' in outcome) throw new ReplyCollisionError(`not sent: ${outcome.kept.message}; your text is kept as the conversation's draft`, outcome.kept.newSeqs);
      const entry = outcome.queued;
      await sendNowAndReport(ctx, services.outbox, entry, options.json);
    });
}

/**
 * A reply that would go to a Reply-To on another domain than the sender's (a spoofed From with the
 * attacker's Reply-To) goes only with --yes, or a yes typed on the terminal; else exit 2, nothing sent.
 */
async function confirmReplyTo(draft: ReplyDraft, ctx: AppContext, stdinIsBody: boolean): Promise<void> {
  const { otherDomain, sender } = draft.replyTo;
  if (otherDomain.length === 0) return;
  const question = replyToQuestion(otherDomain.map((a) => showAddress(a)), sender ? showAddress(sender) : null);
  const { io } = ctx;
  if (!io.isStdinTTY || !io.isStderrTTY || stdinIsBody) throw new UsageError(`not sent: ${question}; add --yes to send it there`);
  io.stderr.write(`To: ${showAddresses(draft.to)}\n`);
  const prompter = terminalPrompter(io);
  try {
    if (!(await prompter.confirm(`${question}. Send it?`))) throw new UsageError('not sent: you answered no');
  } finally {
    prompter.close();
  }
}
