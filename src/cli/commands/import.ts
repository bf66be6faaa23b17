import { Command } from 'commander';
import { stat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { readSources } from '../../adapters/sources/read-sources.js';
import { UsageError } from '../../core/errors.js';
import type { AppContext } from '../app-context.js';
import { parsePositiveInt } from '../parse-options.js';
import { ProgressLine } from '../output/progress.js';
import { importReportJson } from '../output/views.js';
import { safeLine } from '../output/terminal-text.js';
import { renderJson } from '../output/render-json.js';

async function sizeOf(path: string): Promise<number> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return 0;
  if (!info.isDirectory()) return info.size;
  let total = 0;
  for (const name of await readdir(path)) total += await sizeOf(join(path, name));
  return total;
}

export function createImportCommand(ctx: AppContext) {
  return new Command('import')
    .description('Import mail from mbox files, maildirs or single messages (.eml); importing again adds nothing')
    .argument('<paths...>', 'mbox files, maildir folders, .eml files, or folders holding them')
    .option('--json', 'print the import report as JSON')
    .option('--mark-read', 'mark imported mail as read (for old archives)')
    .option('--batch-size <n>', 'messages per commit; an interrupted import redoes at most one batch', parsePositiveInt, 2000)
    .action(async (paths: string[], options: { json?: boolean; markRead?: boolean; batchSize: number }, command: Command) => {
      const services = await ctx.servicesFor(command);
      // Which mail is the shop's own decides direction and customer of every message, so it must be known first.
      if (!services.config.agent) {
        throw new UsageError(`import needs to know which addresses are yours: add "agent": {"name": "…", "email": "…"} to ${services.paths.configFile} (see README, Configuration)`);
      }
      const { io } = ctx;
      const walk = readSources(paths);
      const total = io.isStderrTTY ? (await Promise.all(paths.map(sizeOf))).reduce((a, b) => a + b, 0) : 0;
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
      for (const w of report.warnings) io.stderr.write(`h2h: warning: ${safeLine(w.source)}: ${safeLine(w.message)}\n`);
      if (walk.skipped.length) io.stderr.write(`h2h: skipped ${walk.skipped.length} file(s) that are not mail: ${walk.skipped.slice(0, 3).map(safeLine).join(', ')}${walk.skipped.length > 3 ? ', …' : ''}\n`);
      progress.done(
        `imported ${report.added} new message(s) of ${report.read} read` +
          (report.duplicates ? `, ${report.duplicates} already present` : '') +
          (report.copies ? `, ${report.copies} extra copies of known messages` : '') +
          `; ${report.conversationsCreated} new conversation(s), ${report.conversationsUpdated} updated`,
      );
      if (options.json) io.stdout.write(renderJson(importReportJson(report)));
    });
}
