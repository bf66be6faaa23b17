import { Command } from 'commander';
import type { ListOptions } from '../../core/services/conversation-service.js';
import type { AppContext } from '../app-context.js';
import { parseChoice, parsePositiveInt } from '../parse-options.js';
import { renderConversationTable, renderConversationTsv } from '../output/render-table.js';
import { conversationJson, customerRefJson } from '../output/views.js';
import { renderJson } from '../output/render-json.js';

export type ListCommandOptions = { json?: boolean; limit?: number; sort: NonNullable<ListOptions['sort']> };

export function createListCommand(ctx: AppContext) {
  return new Command('list')
    .alias('ls')
    .description('List conversations matching a query (all of them, newest activity first, when no query is given)')
    .argument('[query...]', 'notmuch-style query, e.g. tag:refund from:anna status:open "free text"')
    .option('--json', 'print a JSON array (shape in the README)')
    .option('-n, --limit <n>', 'show at most n conversations', parsePositiveInt)
    .option('--sort <order>', 'activity (newest first) or waiting (longest-waiting customer first)', parseChoice(['activity', 'waiting'] as const), 'activity')
    .addHelpText('after', '\nExamples:\n  $ h2h list status:open is:unanswered --sort waiting\n  $ h2h list tag:refund from:anna --json\n  $ h2h list "lost parcel" after:2026-01-01')
    .action(async (query: string[], options: ListCommandOptions, command: Command) => {
      await runList(query.join(' '), options, ctx, command);
    });
}

export async function runList(query: string, options: ListCommandOptions, ctx: AppContext, command: Command): Promise<void> {
  const services = await ctx.servicesFor(command);
  const rows = await services.conversations.list(query, { limit: options.limit, sort: options.sort });
  const customers = services.store.mail().customers;
  const nameOf = (email: string) => customers[email]?.name ?? '';
  const { io } = ctx;
  if (options.json) {
    const json = rows.map((c) => conversationJson(c, customerRefJson(services.conversations.customerRef(c.customer))));
    io.stdout.write(renderJson(json));
    return;
  }
  if (rows.length === 0) {
    io.stderr.write(query ? `no conversations match ${JSON.stringify(query)}\n` : 'no conversations yet: import mail with `h2h import <mbox|maildir|file.eml>`\n');
    return;
  }
  io.stdout.write(io.isStdoutTTY ? renderConversationTable(rows, nameOf, services.clock.now(), io.columns) : renderConversationTsv(rows, nameOf));
}
