/**
 * Triage from scripts, on ids, a query or ids on standard input (see targets.ts), on the same
 * services as the TUI: `h2h close|reopen|wait|snooze|read|unread`, and `h2h tag` (tag.ts). Each
 * prints a summary on stderr and, with `--json`, one result per conversation on stdout; `--dry-run`
 * shows what would change and changes nothing; `h2h undo` takes the last change back.
 */
import { Command } from 'commander';
import { conversationCount as count, type ConversationStatus, type ConversationView } from '../../core/domain/conversation.js';
import { parseTimeSpec } from '../../core/domain/time-spec.js';
import { UsageError } from '../../core/errors.js';
import type { CoreServices } from '../../app/core-services.js';
import type { AppContext } from '../app-context.js';
import { ExitCode } from '../exit-codes.js';
import { renderJson } from '../../adapters/export/safe-json.js';
import { safeLine } from '../output/terminal-text.js';
import { resolveTargets } from '../targets.js';

export type TriageOptions = { dryRun?: boolean; json?: boolean };

/** What an action does to one conversation, for the results and the dry run. */
export type TriageAction = {
  /** "closed", "tagged": for the summary line. */
  done: string;
  /** The conversation's value before and after, as shown to the owner (status, tags, read state). */
  before(view: ConversationView): unknown;
  after(view: ConversationView): unknown;
  apply(services: CoreServices, ids: string[]): Promise<void>;
};

export async function runTriage(ctx: AppContext, command: Command, args: string[], options: TriageOptions, action: TriageAction): Promise<void> {
  const services = await ctx.coreFor(command);
  const { conversations } = services;
  const targets = await resolveTargets(args, conversations, ctx.io);
  const views = await Promise.all(targets.ids.map((id) => conversations.get(id)));
  const changes = views.map((v) => ({ id: v.id, before: action.before(v), after: action.after(v) }));
  if (!options.dryRun && targets.ids.length > 0) await action.apply(services, targets.ids);
  const results = [
    ...changes.map((c) => ({ id: c.id, ok: true, changed: JSON.stringify(c.before) !== JSON.stringify(c.after), before: c.before, after: c.after })),
    ...targets.notFound.map((input) => ({ id: input, ok: false, error: 'not found' })),
  ];
  if (options.json) ctx.io.stdout.write(renderJson(results));
  const changed = results.filter((r) => r.ok && (r as { changed: boolean }).changed).length;
  const missing = targets.notFound.length ? ` (not found: ${targets.notFound.map(safeLine).join(', ')})` : '';
  let summary: string;
  if (targets.ids.length === 0 && targets.source === 'query') summary = `no conversations match ${JSON.stringify(targets.query)}`;
  else if (options.dryRun) summary = `dry run: would have ${action.done} ${count(targets.ids.length)} (${changed} would change)${missing}`;
  else summary = `${action.done} ${count(targets.ids.length)} (${changed} changed)${missing}${changed && !options.dryRun ? '; h2h undo takes it back' : ''}`;
  if (targets.notFound.length === 0) return void ctx.io.stderr.write(`${summary}\n`);
  ctx.exitCode = targets.ids.length === 0 ? ExitCode.NOT_FOUND : ExitCode.PARTIAL;
  // Not found is an error: with --json its line is JSON too, like every other error (see main.ts).
  if (options.json) ctx.io.stderr.write(renderJson({ error: { code: targets.ids.length === 0 ? 'NOT_FOUND' : 'PARTIAL', message: summary, notFound: targets.notFound } }, 0));
  else ctx.io.stderr.write(`${summary}\n`);
}

/** The options every triage command takes (tag.ts too). */
export function withTriageOptions(command: Command): Command {
  return command.option('--dry-run', 'show what would change; change nothing').option('--json', 'print one result per conversation as JSON');
}

function triageCommand(name: string, description: string, action: () => TriageAction, example: string) {
  return (ctx: AppContext) =>
    withTriageOptions(new Command(name).description(description).argument('<targets...>', 'conversation ids, a query (tag:refund status:open), or - for ids on standard input'))
      .addHelpText('after', `\nExamples:\n  ${example}\n  $ h2h list 'tag:refund' --json | h2h ${name} -`)
      .action((args: string[], options: TriageOptions, command: Command) => runTriage(ctx, command, args, options, action()));
}

const statusAction = (status: ConversationStatus, done: string, until?: number): TriageAction => ({
  done,
  before: (v) => v.status,
  after: () => status,
  apply: async (services, ids) => {
    await services.conversations.setStatus(ids, status, until);
  },
});

export const createCloseCommand = triageCommand('close', 'Close conversations', () => statusAction('closed', 'closed'), '$ h2h close k3m9x2qa');
export const createReopenCommand = triageCommand('reopen', 'Reopen conversations', () => statusAction('open', 'reopened'), '$ h2h reopen status:closed from:anna');
export const createWaitCommand = triageCommand('wait', 'Mark conversations as waiting on the customer', () => statusAction('waiting', 'marked waiting'), '$ h2h wait k3m9x2qa');

const readAction = (read: boolean): TriageAction => ({
  done: read ? 'marked read' : 'marked unread',
  before: (v) => (v.isUnread ? 'unread' : 'read'),
  after: () => (read ? 'read' : 'unread'),
  apply: async (services, ids) => services.conversations.markRead(ids, read),
});
export const createReadCommand = triageCommand('read', 'Mark conversations read', () => readAction(true), '$ h2h read tag:newsletter');
export const createUnreadCommand = triageCommand('unread', 'Mark conversations unread', () => readAction(false), '$ h2h unread k3m9x2qa');

export function createSnoozeCommand(ctx: AppContext) {
  return withTriageOptions(
    new Command('snooze')
      .description('Snooze conversations until a time: they come back open then (or when the customer writes)')
      .argument('<targets...>', 'conversation ids, a query, or - for ids on standard input')
      .requiredOption('--until <when>', '"tomorrow 9:00", "next week", "3d", "2026-12-24 9:00"'),
  )
    .addHelpText('after', '\nExamples:\n  $ h2h snooze k3m9x2qa --until "tomorrow 9:00"\n  $ h2h snooze tag:backorder --until 2w')
    .action((args: string[], options: TriageOptions & { until: string }, command: Command) => {
      const until = parseTimeSpec(options.until, Date.now(), 'future');
      if (until === undefined || until <= Date.now()) throw new UsageError(`--until "${options.until}" is not a time in the future (try "tomorrow 9:00", "3d", "2026-12-24")`);
      return runTriage(ctx, command, args, options, statusAction('snoozed', `snoozed until ${new Date(until).toISOString().slice(0, 16).replace('T', ' ')} UTC`, until));
    });
}

export function createUndoCommand(ctx: AppContext) {
  return new Command('undo')
    .description('Take back the last triage change (made here or in the TUI), where nothing changed since')
    .option('--json', 'print what was undone as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const services = await ctx.coreFor(command);
      const result = await services.conversations.undo();
      if (options.json) ctx.io.stdout.write(renderJson(result ?? { action: null, restored: [], kept: [] }));
      if (!result) {
        ctx.io.stderr.write('nothing to undo\n');
        return;
      }
      const kept = result.kept.length ? `; ${count(result.kept.length)} changed since and kept as they are` : '';
      ctx.io.stderr.write(`undone: ${result.action} (${count(result.restored.length)} restored${kept})\n`);
    });
}
