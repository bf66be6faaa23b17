/**
 * `h2h export [query] --format mbox|jsonl|csv|md|html [--out FILE|DIR|-]`: conversation history out,
 * streamed (one conversation in memory at a time) with a progress bar on a terminal. mbox, JSON
 * Lines and CSV go to one file or standard output; Markdown and HTML write one file per
 * conversation into the --out folder.
 */
import { lstat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import type { ExportWriter } from '../../core/services/export-service.js';
import { CsvWriter } from '../../adapters/export/csv-writer.js';
import { DocumentWriter } from '../../adapters/export/document-writers.js';
import { JsonlWriter } from '../../adapters/export/jsonl-writer.js';
import { MboxWriter } from '../../adapters/export/mbox-writer.js';
import { AttachmentFolder } from '../../adapters/export/attachment-files.js';
import { streamSink, type Sink } from '../../adapters/export/stream-sink.js';
import { checkOutputFolder, openPending, type PendingFile } from '../../adapters/files/safe-output.js';
import type { AppContext } from '../app-context.js';
import { ProgressLine } from '../output/progress.js';
import { parseChoice } from '../parse-options.js';

const formats = ['mbox', 'jsonl', 'csv', 'md', 'html'] as const;
type Format = (typeof formats)[number];

export function createExportCommand(ctx: AppContext) {
  return new Command('export')
    .description('Export conversations (all, or those a query matches) as mbox, JSON Lines, CSV, or Markdown/HTML files')
    .argument('[query...]', 'which conversations, e.g. customer:anna@ex.com for a data request')
    .requiredOption('--format <format>', formats.join(' | '), parseChoice(formats))
    .option('--out <path>', 'file (mbox, jsonl, csv; - or none: standard output) or folder (md, html)')
    .option('--attachments <dir>', 'also save every attachment into this folder (names made safe, never outside it)')
    .addHelpText('after', "\nExamples:\n  $ h2h export --format mbox --out shop-2026.mbox\n  $ h2h export 'customer:anna@ex.com' --format html --out anna/\n  $ h2h export tag:refund --format csv > refunds.csv")
    .action(async (query: string[], options: { format: Format; out?: string; attachments?: string }, command: Command) => {
      const perConversation = options.format === 'md' || options.format === 'html';
      if (perConversation && (!options.out || options.out === '-')) throw new UsageError(`--format ${options.format} writes one file per conversation: give a folder with --out`);
      const exporter = (await ctx.servicesFor(command)).exports;
      const views = await exporter.select(query.join(' '));
      const toStdout = !options.out || options.out === '-';
      // mbox and CSV carry mail as it is, control characters included: never onto a terminal (JSON Lines escapes them).
      if (toStdout && ctx.io.isStdoutTTY && (options.format === 'mbox' || options.format === 'csv')) throw new UsageError(`${options.format === 'mbox' ? 'an mbox' : 'a CSV'} on the terminal would show mail as it is: give --out FILE, or pipe it`);
      let writer: ExportWriter;
      let pending: PendingFile | undefined;
      if (perConversation) writer = new DocumentWriter(options.out!, options.format as 'md' | 'html');
      else {
        let sink: Sink;
        if (toStdout) sink = streamSink(ctx.io.stdout as NodeJS.WritableStream, { close: false });
        else {
          const file = (pending = await openOutput(options.out!));
          sink = { ...streamSink(file.stream, { close: false }), end: () => file.commit() };
        }
        writer = options.format === 'mbox' ? new MboxWriter(sink) : options.format === 'jsonl' ? new JsonlWriter(sink) : new CsvWriter(sink);
      }
      const progress = new ProgressLine(ctx.io, 'exporting');
      const folder = options.attachments ? new AttachmentFolder(options.attachments) : null;
      let saved = 0;
      let messages: number;
      try {
        messages = await exporter.export(
          views,
          writer,
          (n, m) => progress.update(m, 'messages', n / Math.max(1, views.length)),
          folder ? async (meta, i, name, content) => (saved++, folder.save(meta.id, i, name, content)) : undefined,
        );
      } catch (error) {
        // A failed export leaves the file that was there (if any) as it was, and no half-written one.
        await pending?.abort();
        throw error;
      }
      if (folder) ctx.io.stderr.write(`saved ${saved} attachment${saved === 1 ? '' : 's'} in ${folder.root}\n`);
      progress.done(`exported ${views.length} conversation${views.length === 1 ? '' : 's'}, ${messages} message${messages === 1 ? '' : 's'} as ${options.format}${toStdout ? '' : ` to ${options.out}`}`);
    });
}

/**
 * The output file, opened before anything is read: a bad path is one clear line, not a stack trace
 * halfway through. A temp file beside it, renamed over it at the end (adapters/files/safe-output.ts).
 */
async function openOutput(path: string): Promise<PendingFile> {
  const full = resolve(path);
  try {
    await checkOutputFolder(dirname(full));
    if ((await lstat(full).catch(() => undefined))?.isDirectory()) throw Object.assign(new Error('is a folder'), { code: 'EISDIR' });
    return await openPending(full);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'its folder does not exist' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw new UsageError(`cannot write ${path}: ${why}`);
  }
}
