import chalk from 'chalk';
import { Command } from 'commander';
import { AttachmentFolder } from '../../adapters/export/attachment-files.js';
import { renderJson } from '../../adapters/export/safe-json.js';
import { UsageError } from '../../core/errors.js';
import type { AttachedMessage, ConversationAttachment } from '../../core/services/attachment-service.js';
import type { AppContext } from '../app-context.js';
import { showAddress, showAddresses } from '../output/address-line.js';
import { formatSize } from '../output/format-size.js';
import { localTime } from '../output/format-age.js';
import { safeLine, safeText } from '../output/terminal-text.js';
import { padWidth } from '../output/terminal-width.js';

/** `h2h attachments <id> [N...] [--save DIR] [--json]`: a conversation's attachments, numbered across it; saved into a folder. */
export function createAttachmentsCommand(ctx: AppContext) {
  return new Command('attachments')
    .description("List a conversation's attachments, numbered across the conversation, or save them into a folder")
    .argument('<id>', 'conversation id (a unique prefix is enough)')
    .argument('[numbers...]', 'which attachments (as listed); every one when none is given')
    .option('--save <dir>', 'save them into this folder (created private; safe names; never overwrites: photo.jpg, photo-1.jpg…)')
    .option('--show', 'show one attached message (a forwarded mail, message/rfc822) as a message: its headers and text')
    .option('--json', 'print JSON (shape in docs/json.md): the list, or with --save what was saved where')
    .addHelpText('after', '\nExamples:\n  $ h2h attachments k3m9x2\n  $ h2h attachments k3m9x2 2 --save ~/Downloads\n  $ h2h attachments k3m9x2 --json | jq -r \'.[] | .name\'')
    .action(async (id: string, words: string[], options: { save?: string; show?: boolean; json?: boolean }, command: Command) => {
      const numbers = words.map((w) => {
        if (!/^\d+$/.test(w)) throw new UsageError(`not an attachment number: ${JSON.stringify(w)} (numbers as \`h2h attachments ${id}\` lists them)`);
        return Number(w);
      });
      const services = await ctx.coreFor(command);
      if (options.show) {
        if (numbers.length !== 1 || options.save) throw new UsageError('--show takes one attachment number, and no --save');
        const shown = await services.attachments.message(id, numbers[0]);
        ctx.io.stdout.write(options.json ? renderJson(attachedMessageJson(shown)) : renderAttachedMessage(shown));
        return;
      }
      if (!options.save) {
        // What the list says needs no bytes: nothing is parsed to show it.
        const shown = services.attachments.select(id, numbers);
        if (options.json) ctx.io.stdout.write(renderJson(shown.map(attachmentJson)));
        else if (shown.length === 0) ctx.io.stderr.write(`conversation ${services.conversations.resolveId(id)} has no attachments\n`);
        else ctx.io.stdout.write(renderAttachments(shown, ctx.io.isStdoutTTY ? ctx.io.columns : 80));
        return;
      }
      const files = await services.attachments.files(id, numbers);
      const folder = new AttachmentFolder(options.save);
      const saved: { number: number; name: string; path: string; size: number }[] = [];
      for (const { attachment, content } of files) {
        const path = await folder.save(null, attachment.index, attachment.name, content);
        saved.push({ number: attachment.number, name: attachment.name, path, size: content.byteLength });
      }
      if (options.json) ctx.io.stdout.write(renderJson(saved));
      else for (const s of saved) ctx.io.stdout.write(`${safeLine(s.path)}\n`);
      ctx.io.stderr.write(`saved ${saved.length} attachment${saved.length === 1 ? '' : 's'} in ${safeLine(folder.root)}\n`);
    });
}

/** The JSON shape (docs/json.md): one object per attachment. */
export function attachmentJson(a: ConversationAttachment) {
  return { number: a.number, name: a.name, type: a.type, size: a.size, message: { id: a.message.id, date: a.message.date, from: a.message.from, direction: a.message.direction } };
}

/**
 * Two lines each, within `columns`: number, name, type and size; under them the message it came
 * with (which way, who, when). Names from mail go through safeLine, cut to fit.
 */
export function renderAttachments(list: ConversationAttachment[], columns: number): string {
  const width = String(list[list.length - 1]?.number ?? 1).length;
  const typeWidth = 20;
  const nameWidth = Math.max(12, columns - width - 2 - 2 - typeWidth - 2 - 8);
  return list
    .map((a) => {
      const who = a.message.from ? showAddress(a.message.from, columns - width - 26) : '(no sender)';
      const from = `${a.message.direction === 'out' ? '→ shop' : '← customer'} ${who}, ${localTime(a.message.date)}`;
      const line = `${String(a.number).padStart(width)}  ${padWidth(safeLine(a.name || '(unnamed)'), nameWidth)}  ${chalk.dim(padWidth(safeLine(a.type), typeWidth))}  ${formatSize(a.size).padStart(8)}`;
      return `${line}\n${' '.repeat(width + 2)}${chalk.dim(from)}\n`;
    })
    .join('');
}

/** An attached message as JSON (docs/json.md): its header fields, attachments and text. */
function attachedMessageJson({ attachment, message, body }: AttachedMessage) {
  return {
    number: attachment.number,
    name: attachment.name,
    from: message.from,
    to: message.to,
    cc: message.cc,
    subject: message.subject,
    date: message.date === undefined ? null : new Date(message.date).toISOString(),
    messageId: message.messageId ?? null,
    attachments: message.attachments,
    text: body.text,
    warnings: body.warnings,
  };
}

/** An attached message as `show` shows one: its headers, then its text; everything from mail made safe. */
function renderAttachedMessage({ attachment, message, body }: AttachedMessage): string {
  const out = [chalk.dim(`attachment ${attachment.number} (${safeLine(attachment.name || '(unnamed)')}), a message:`)];
  out.push(`From: ${message.from ? showAddress(message.from) : '(no sender)'}`);
  if (message.to.length) out.push(chalk.dim(`To: ${showAddresses(message.to)}`));
  if (message.cc.length) out.push(chalk.dim(`Cc: ${showAddresses(message.cc)}`));
  if (message.date !== undefined) out.push(chalk.dim(`Date: ${localTime(new Date(message.date).toISOString())}`));
  out.push(chalk.bold(`Subject: ${safeLine(message.subject || '(no subject)')}`));
  for (const a of message.attachments) out.push(chalk.cyan(`[attachment] ${safeLine(a.name || '(unnamed)')} ${safeLine(a.type)} ${formatSize(a.size)}`));
  for (const w of body.warnings) out.push(chalk.red(`warning: ${safeLine(w)}`));
  out.push('', safeText(body.text).trimEnd());
  return `${out.join('\n')}\n`;
}
