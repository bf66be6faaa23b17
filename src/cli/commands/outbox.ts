/** `h2h outbox`: replies waiting, failed, of unknown fate, and recently sent; `--retry` sends what is due. */
import { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import type { AppContext } from '../app-context.js';
import { sendResultLine } from '../output/send-result-line.js';
import { ExitCode } from '../exit-codes.js';
import { renderJson } from '../../adapters/export/safe-json.js';
import { safeLine } from '../output/terminal-text.js';
import { outboxEntryJson } from '../output/send-now.js';

export function createOutboxCommand(ctx: AppContext) {
  return new Command('outbox')
    .description('Replies waiting to go, failed, or sent; --retry sends what is due now')
    .option('--retry', 'send every reply that is waiting or failed (and file sent ones not yet in Sent)')
    .option('--resend <id>', 'send a reply whose first send was interrupted (it may have arrived)')
    .option('--mark-sent <id>', 'count a reply whose send was interrupted as sent')
    .option('--discard <id>', 'take mail that has not gone out of the outbox; its text becomes a draft again')
    .option('--json', 'print the outbox as JSON')
    .action(async (options: { retry?: boolean; resend?: string; markSent?: string; discard?: string; json?: boolean }, command: Command) => {
      const services = await ctx.servicesFor(command);
      if (!services.replies || !services.outbox) throw new UsageError('replies need your name and address in the config (h2h init)');
      if (options.discard) {
        const draft = await services.replies.discard(options.discard);
        const where = draft.kind === 'new' ? `new mail ${draft.conversationId} (h2h compose --draft ${draft.conversationId}, or m in the TUI)` : draft.kind === 'forward' ? `the forward of conversation ${draft.forwards?.conversationId ?? ''}` : `conversation ${draft.conversationId}`;
        ctx.io.stderr.write(`discarded ${safeLine(options.discard)}: its text is the draft of ${where} again\n`);
      }
      if (options.resend) await services.replies.resolveUnknown(options.resend, 'resend');
      if (options.markSent) await services.replies.resolveUnknown(options.markSent, 'sent');
      if (options.retry || options.resend) {
        const results = await services.outbox.run({ force: true, ...(options.resend && !options.retry ? { ids: [options.resend] } : {}) });
        for (const r of results) ctx.io.stderr.write(`${sendResultLine(r)}\n`);
        if (results.some((r) => r.outcome !== 'sent')) ctx.exitCode = results.every((r) => r.outcome === 'retry') ? ExitCode.MAIL_UNAVAILABLE : ExitCode.PARTIAL;
      }
      const entries = await services.replies.outbox();
      if (options.json) {
        ctx.io.stdout.write(renderJson(entries.map(outboxEntryJson)));
        return;
      }
      if (entries.length === 0) {
        ctx.io.stderr.write('the outbox is empty\n');
        return;
      }
      for (const e of entries) {
        const when = e.status === 'sent' ? `sent ${e.sentAt?.slice(0, 16).replace('T', ' ')}` : e.sendAt && e.status === 'queued' && e.attempts === 0 ? `send later ${e.sendAt.slice(0, 16).replace('T', ' ')} UTC` : e.status === 'queued' || e.status === 'failed' ? `next try ${e.notBefore.slice(0, 16).replace('T', ' ')}` : '';
        const fields = [e.id, e.status, e.conversationId, e.to.join(','), e.subject, when, e.lastError ?? ''].map((f) => safeLine(f));
        ctx.io.stdout.write(`${ctx.io.isStdoutTTY ? fields.filter(Boolean).join('  ') : fields.join('\t')}\n`);
      }
    });
}
