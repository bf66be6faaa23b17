import { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import { safeLine } from '../output/terminal-text.js';
import type { ListOptions } from '../../core/services/conversation-service.js';
import type { AppContext } from '../app-context.js';
import { parseChoice, parsePositiveInt } from '../parse-options.js';
import { conversationJson, customerRefJson } from '../output/views.js';
import { renderJson } from '../../adapters/export/safe-json.js';

export type ListCommandOptions = { json?: boolean; limit?: number; sort: NonNullable<ListOptions['sort']>; format?: string };

export function createListCommand(ctx: AppContext) {
  return new Command('list')
    .alias('ls')
    .description('List conversations matching a query (all of them, newest activity first, when no query is given)')
    .argument('[query...]', 'notmuch-style query, e.g. tag:refund from:anna status:open "free text"')
    .option('--json', 'print a JSON array (shape in docs/json.md)')
    .option('-n, --limit <n>', 'show at most n conversations', parsePositiveInt)
    .option('--sort <order>', 'activity (newest first) or waiting (longest-waiting customer first)', parseChoice(['activity', 'waiting'] as const), 'activity')
    .option('--format <template>', 'one line per conversation from a template of the --json fields: "{id} {customer.email} {subject}" (\\t for a tab)')
    .addHelpText('after', '\nExamples:\n  $ h2h list status:open is:unanswered --sort waiting\n  $ h2h list tag:refund from:anna --json\n  $ h2h list "lost parcel" after:2026-01-01\n  $ h2h list is:unread --format "{id}\\t{customer.name}\\t{subject}"')
    .action(async (query: string[], options: ListCommandOptions, command: Command) => {
      await runList(query.join(' '), options, ctx, command);
    });
}

export async function runList(query: string, options: ListCommandOptions, ctx: AppContext, command: Command): Promise<void> {
  const services = await ctx.coreFor(command);
  const rows = await services.conversations.listItems(query, { limit: options.limit, sort: options.sort });
  const names = new Map(rows.map((c) => [c.customer, c.customerName]));
  const nameOf = (email: string) => names.get(email) ?? '';
  const { io } = ctx;
  if (options.json || options.format !== undefined) {
    // Every customer of the list in one read, not one query per row.
    const refs = services.conversations.customerRefs(rows.map((c) => c.customer));
    const json = rows.map((c) => conversationJson(c, customerRefJson(refs.get(c.customer)!)));
    if (options.json) io.stdout.write(renderJson(json));
    else for (const record of json) io.stdout.write(`${formatTemplate(options.format!, record)}\n`);
    return;
  }
  if (rows.length === 0) {
    io.stderr.write(query ? `no conversations match ${JSON.stringify(query)}\n` : 'no conversations yet: import mail with `h2h import <mbox|maildir|file.eml>`\n');
    return;
  }
  // Tables measure text in terminal columns: that code loads only for output that needs it, not for --json.
  const { renderConversationTable, renderConversationTsv } = await import('../output/render-table.js');
  io.stdout.write(io.isStdoutTTY ? renderConversationTable(rows, nameOf, services.clock.now(), io.columns, services.conversations.pausePeriods()) : renderConversationTsv(rows, nameOf));
}

/**
 * `--format`: `{field}` and `{customer.email}` from the --json shape (lists joined by commas), `\t`
 * and `\n` as escapes, `{{`/`}}` for braces. An unknown field is a usage error, not an empty column.
 * Values from mail are made terminal-safe, and a value never carries a line break or tab into the line.
 */
export function formatTemplate(template: string, record: Record<string, unknown>): string {
  const unescaped = template.replace(/\\t/g, '\t').replace(/\\n/g, '\n');
  return unescaped.replace(/\{\{|\}\}|\{([\w.]+)\}/g, (whole, field: string | undefined) => {
    if (whole === '{{') return '{';
    if (whole === '}}') return '}';
    let value: unknown = record;
    for (const part of field!.split('.')) {
      if (value === null || typeof value !== 'object' || !(part in (value as object))) throw new UsageError(`--format: no field "${field}" (the fields are those of --json: id, subject, status, tags, customer.email, …)`);
      value = (value as Record<string, unknown>)[part];
    }
    const text = Array.isArray(value) ? value.join(',') : value === null || value === undefined ? '' : String(value);
    return safeLine(text).replace(/\t/g, ' ');
  });
}
