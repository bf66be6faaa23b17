/**
 * `--send` on reply, compose and forward: the entry just queued goes now (no undo delay), and the
 * outcome is one line and an exit code. A message that cannot go stays in the outbox: 4 when the
 * server is unreachable (h2h retries it), 1 when refused or of unknown fate, 5 when sent but not filed.
 */
import type { OutboxEntry } from '../../core/ports/mail-store.js';
import type { OutboxWorker } from '../../core/services/outbox-worker.js';
import { renderJson } from '../../adapters/export/safe-json.js';
import type { AppContext } from '../app-context.js';
import { noSenderHint } from '../error-line.js';
import { ExitCode } from '../exit-codes.js';
import { sentToLine } from './send-result-line.js';
import { safeLine } from './terminal-text.js';

export function outboxEntryJson(e: OutboxEntry) {
  return {
    id: e.id,
    kind: e.kind ?? 'reply',
    conversationId: e.conversationId,
    messageId: e.messageId,
    to: e.to,
    cc: e.cc ?? [],
    bcc: e.bcc ?? [],
    subject: e.subject,
    status: e.status,
    attempts: e.attempts,
    queuedAt: e.queuedAt,
    notBefore: e.notBefore,
    sentAt: e.sentAt ?? null,
    // Send later (reply --at, L in the review): when it goes, unless the conversation gets mail first.
    sendAt: e.sendAt ?? null,
    filedInSent: !!e.filedAt,
    lastError: e.lastError ?? null,
    attachments: (e.attachments ?? []).map(({ name, size }) => ({ name, size })),
  };
}

export async function sendNowAndReport(ctx: AppContext, outbox: OutboxWorker, entry: OutboxEntry, json: boolean | undefined): Promise<void> {
  const [result] = await outbox.run({ ids: [entry.id], force: true });
  const final = result?.entry ?? entry;
  if (json) ctx.io.stdout.write(renderJson(outboxEntryJson(final)));
  if (!result || result.outcome === 'sent') {
    if (!json) ctx.io.stderr.write(`sent to ${sentToLine(final)}: "${safeLine(final.subject)}"\n`);
    if (result?.message) ctx.io.stderr.write(`h2h: warning: ${safeLine(result.message)}\n`);
    return;
  }
  if (result.outcome === 'filing-failed') {
    ctx.io.stderr.write(`h2h: sent, but the copy is not in the Sent folder yet (${safeLine(result.message ?? '')}); h2h outbox --retry files it\n`);
    ctx.exitCode = ExitCode.PARTIAL;
    return;
  }
  const why = safeLine((result.message ?? result.outcome) + (result.noSender ? noSenderHint : ''));
  const next = result.outcome === 'retry' ? 'h2h outbox --retry sends it' : result.outcome === 'unknown' ? 'it may have been delivered: h2h outbox shows it, decide with --resend or --mark-sent' : 'the server refused it';
  ctx.io.stderr.write(`h2h: not sent, kept in the outbox as ${final.id}: ${why}; ${next}\n`);
  ctx.exitCode = result.outcome === 'retry' ? ExitCode.MAIL_UNAVAILABLE : ExitCode.ERROR;
}
