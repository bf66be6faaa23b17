import { mergeSuggestionLine } from '../output/merge-suggestion-line.js';
import { Command } from 'commander';
import type { ConversationStatus, Note } from '../../core/domain/conversation.js';
import type { RestoredDecisions } from '../../core/services/conversation-service.js';
import { readTextArg } from '../read-input.js';
import { lstat, stat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { readSources } from '../../adapters/sources/read-sources.js';
import { UsageError } from '../../core/errors.js';
import { ExitCode } from '../exit-codes.js';
import { maxMessageBytes, megabytes } from '../../core/domain/message-size.js';
import type { AppContext } from '../app-context.js';
import { parsePositiveInt } from '../parse-options.js';
import { ProgressLine } from '../output/progress.js';
import { importReportJson } from '../output/views.js';
import { safeLine } from '../output/terminal-text.js';
import { renderJson } from '../../adapters/export/safe-json.js';

async function sizeOf(path: string, top = true): Promise<number> {
  // Only the named path may be a symlink (as when importing): a link inside could lead anywhere, even back up.
  const info = await (top ? stat(path) : lstat(path)).catch(() => undefined);
  if (!info) return 0;
  if (!info.isDirectory()) return info.size;
  let total = 0;
  for (const name of await readdir(path)) total += await sizeOf(join(path, name), false);
  return total;
}

export function createImportCommand(ctx: AppContext) {
  return new Command('import')
    .description('Import mail from mbox files, maildirs or single messages (.eml); importing again adds nothing')
    .argument('[paths...]', 'mbox files, maildir folders, .eml files, or folders holding them')
    .option('--state <jsonl>', "then put back tags, status and notes from an `h2h export --format jsonl` file (moving to a new store)")
    .option('--json', 'print the import report as JSON')
    .option('--mark-read', 'mark imported mail as read (for old archives)')
    .option('--batch-size <n>', 'messages per commit; an interrupted import redoes at most one batch', parsePositiveInt, 2000)
    .action(async (paths: string[], options: { json?: boolean; markRead?: boolean; batchSize: number; state?: string }, command: Command) => {
      if (paths.length === 0 && !options.state) throw new UsageError('say what to import: mbox files, maildirs, .eml files (and --state FILE.jsonl for tags and notes)');
      const services = await ctx.servicesFor(command);
      // Which mail is the shop's own decides direction and customer of every message, so it must be known first.
      if (!services.config.agent) {
        throw new UsageError('import needs to know which address is yours: run h2h init --name "Your Name" --email you@your-shop.example (the mail account can come later)');
      }
      const { io } = ctx;
      if (paths.length === 0) {
        await restoreState(options.state!);
        return;
      }
      const walk = readSources(paths);
      const total = io.isStderrTTY ? (await Promise.all(paths.map((p) => sizeOf(p)))).reduce((a, b) => a + b, 0) : 0;
      const progress = new ProgressLine(io, 'importing');
      let bytes = 0;
      let read = 0;
      async function* withProgress() {
        for await (const input of walk.inputs) {
          bytes += input.raw.byteLength;
          progress.update(++read, 'messages', total ? Math.min(1, bytes / total) : undefined);
          yield input;
        }
      }
      const report = await services.importer.import(withProgress(), { markRead: options.markRead, batchSize: options.batchSize });
      for (const w of report.warnings) io.stderr.write(`h2h: warning: ${safeLine(w.source)}: ${safeLine(w.merge ? mergeSuggestionLine(w.merge) : w.message)}\n`);
      if (walk.refused.length) {
        // Not imported and not silently passed over: the run says so and exits non-zero.
        io.stderr.write(`h2h: refused ${walk.refused.length} file(s) (h2h imports regular files only, at most ${megabytes(maxMessageBytes)} each): ${walk.refused.slice(0, 3).map(safeLine).join('; ')}${walk.refused.length > 3 ? '; …' : ''}\n`);
        ctx.exitCode = ExitCode.PARTIAL;
      }
      if (walk.skipped.length) io.stderr.write(`h2h: skipped ${walk.skipped.length} file(s) that are not mail: ${walk.skipped.slice(0, 3).map(safeLine).join(', ')}${walk.skipped.length > 3 ? ', …' : ''}\n`);
      progress.done(
        `imported ${report.added} new message(s) of ${report.read} read` +
          (report.duplicates ? `, ${report.duplicates} already present` : '') +
          (report.copies ? `, ${report.copies} extra copies of known messages` : '') +
          `; ${report.conversationsCreated} new conversation(s), ${report.conversationsUpdated} updated` +
          (report.closedAsHistory ? `; ${report.closedAsHistory} of them closed as history (newest message over ${services.config.history.closeOlderThanDays} days old: config history.closeOlderThanDays)` : '') +
          (report.rules ? `; rules: ${report.rules.map((r) => `${safeLine(r.name)} (${r.conversations})`).join(', ')}` : ''),
      );
      if (options.state) await restoreState(options.state);
      if (options.json) io.stdout.write(renderJson(importReportJson(report)));

      async function restoreState(file: string): Promise<void> {
        const records = parseStateFile(await readTextArg(file, io, 'the state'), file);
        const { restored, missing } = await services.conversations.restoreDecisions(records);
        io.stderr.write(`put back tags, status and notes of ${restored} conversation(s)${missing ? `; ${missing} have no messages in this store (import their mail first)` : ''}\n`);
      }
    });
}

/** The records of an `h2h export --format jsonl` file; a line that is not one is a usage error naming it. */
function parseStateFile(text: string, path: string): RestoredDecisions[] {
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((line, i) => {
      try {
        const r = JSON.parse(line) as { status: ConversationStatus; snoozedUntil: string | null; tags: string[]; notes: Note[]; customer: { email: string; notes?: Note[] }; messages: { messageId: string }[] };
        if (!Array.isArray(r.messages) || !Array.isArray(r.tags)) throw new Error('not a conversation of h2h export --format jsonl');
        return { messageIds: r.messages.map((m) => m.messageId), status: r.status, snoozedUntil: r.snoozedUntil, tags: r.tags, notes: r.notes ?? [], customer: { email: r.customer.email, notes: r.customer.notes ?? [] } };
      } catch (error) {
        throw new UsageError(`${path}, line ${i + 1}: ${(error as Error).message}`);
      }
    });
}
