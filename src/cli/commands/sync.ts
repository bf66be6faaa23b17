import { Command } from 'commander';
import { describeError, UsageError } from '../../core/errors.js';
import { sendResultLine } from '../output/send-result-line.js';
import type { FolderReport, SyncEvent } from '../../core/services/sync-service.js';
import type { AppContext } from '../app-context.js';
import { settingsHint } from '../error-line.js';
import type { Io } from '../io.js';
import { ProgressLine } from '../output/progress.js';
import { renderJson } from '../../adapters/export/safe-json.js';
import { safeLine } from '../output/terminal-text.js';
import { parseCount, parsePositiveInt } from '../parse-options.js';

export function createSyncCommand(ctx: AppContext) {
  return new Command('sync')
    .description('Fetch new mail and flag changes from the IMAP server (INBOX, Sent, configured folders) and send back read marks and tags')
    .option('--json', 'print events as JSON lines (one object per line), ending with the report')
    .option('--watch', 'keep running: new mail arrives within seconds (IMAP IDLE), local changes go back to the server')
    .option('--retries <n>', 'tries after the first when the server cannot be reached (with growing waits: 1 s, 2 s, 4 s…)', parseCount, 4)
    .option('--batch-size <n>', 'new messages per commit; an interrupted sync redoes at most one batch', parsePositiveInt, 2000)
    .action(async (options: { json?: boolean; watch?: boolean; retries: number; batchSize: number }, command: Command) => {
      const services = await ctx.servicesFor(command);
      if (!services.sync) throw new UsageError(`no mail account configured in ${services.paths.configFile}: run h2h init (see docs/configuration.md)`);
      if (!services.config.agent) throw new UsageError(`sync needs to know which addresses are yours: run h2h init`);
      const render = options.json ? jsonEvents(ctx.io) : humanEvents(ctx.io);
      if (!options.watch) {
        const report = await services.sync.sync({ onEvent: render, retries: options.retries, batchSize: options.batchSize });
        if (options.json) ctx.io.stdout.write(renderJson({ type: 'done', ...report }, 0));
        else if (report.rules) ctx.io.stderr.write(`rules: ${report.rules.map((r) => `${safeLine(r.name)} on ${r.conversations} conversation${r.conversations === 1 ? '' : 's'}`).join(', ')} (h2h undo takes it back)\n`);
        return;
      }
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      // Replies go out while it watches, each when it is due (queued by the TUI or `h2h reply`).
      services.outbox?.start({
        onResults: (results) => {
          for (const r of results) {
            if (options.json) ctx.io.stdout.write(renderJson({ type: 'outbox', id: r.entry.id, outcome: r.outcome, status: r.entry.status, ...(r.message ? { message: r.message } : {}) }, 0));
            else ctx.io.stderr.write(`${sendResultLine(r)}\n`);
          }
        },
        onError: (error) => ctx.io.stderr.write(`h2h: warning: outbox: ${safeLine(describeError(error))}\n`),
      }, stop.signal);
      try {
        const { watchDataDir } = await import('../../adapters/store/watch-data-dir.js');
        // The owner's changes made elsewhere (another terminal's tags, read marks) are pushed at once; this process's own commits are not news.
        await services.sync.watch({
          onEvent: render,
          signal: stop.signal,
          batchSize: options.batchSize,
          localChanges: (poke) =>
            watchDataDir(services.paths.dataDir, () => {
              // A reply queued by another h2h (the TUI, `h2h reply`) is planned for at once.
              services.outbox?.wake();
              if (services.store.changedElsewhere()) poke();
            }, stop.signal),
        });
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });
}

function jsonEvents(io: Io) {
  return (event: SyncEvent) => {
    // A line every 250 messages: enough to follow a long first sync, not a flood.
    if (event.type === 'progress' && event.done % 250 !== 0 && event.done !== event.total) return;
    io.stdout.write(renderJson(event, 0));
  };
}

/** A progress bar per folder on a terminal; one line per folder otherwise. */
function humanEvents(io: Io) {
  let progress: ProgressLine | undefined;
  return (event: SyncEvent) => {
    switch (event.type) {
      case 'folder-start':
        progress = event.toFetch > 0 ? new ProgressLine(io, safeLine(event.folder)) : undefined;
        break;
      case 'progress':
        progress?.update(event.done, 'messages', event.done / event.total);
        break;
      case 'folder-done': {
        const line = summary(event.report);
        if (progress) progress.done(line);
        else io.stderr.write(`${line}\n`);
        progress = undefined;
        break;
      }
      case 'shared-done':
        if (event.report.applied || event.report.written) io.stderr.write(`${safeLine(event.report.folder)}: ${event.report.applied} decision(s) from your other machines, ${event.report.written} of yours shared\n`);
        break;
      case 'uidvalidity-changed':
        io.stderr.write(`${safeLine(event.folder)}: the server renumbered this folder (UIDVALIDITY changed); ${event.matched} message(s) matched, ${event.toFetch} to fetch\n`);
        break;
      case 'warning':
        io.stderr.write(`h2h: warning: ${event.folder ? `${safeLine(event.folder)}: ` : ''}${safeLine(event.message)}\n`);
        break;
      case 'retry':
        io.stderr.write(`h2h: ${safeLine(event.message)}; retrying in ${Math.round(event.delayMs / 100) / 10} s (attempt ${event.attempt})\n`);
        break;
      case 'disconnected':
        io.stderr.write(`h2h: disconnected: ${safeLine(event.message + (event.fix ? settingsHint(event.fix) : ''))}\n`);
        break;
      case 'watching':
        io.stderr.write(`watching ${safeLine(event.folder)} for new mail (Ctrl-C to stop)\n`);
        break;
      case 'connected':
        break;
    }
  };
}

function summary(r: FolderReport): string {
  const parts = [`${r.added} new`];
  if (r.known) parts.push(`${r.known} already here`);
  if (r.pulled) parts.push(`${r.pulled} changed elsewhere`);
  if (r.pushed) parts.push(`${r.pushed} updated on the server`);
  if (r.vanished) parts.push(`${r.vanished} deleted on the server (kept here)`);
  return `${safeLine(r.folder)}: ${parts.join(', ')}`;
}
