import { Command } from 'commander';
import type { AppContext } from '../app-context.js';
import { formatAge } from '../output/format-age.js';
import { safeLine } from '../output/terminal-text.js';
import { padWidth } from '../output/terminal-width.js';
import { padTo } from '../output/address-line.js';
import { addressParts } from '../../core/domain/address-text.js';
import { customerJson } from '../output/views.js';
import { renderJson } from '../../adapters/export/safe-json.js';

export function createCustomersCommand(ctx: AppContext) {
  return new Command('customers')
    .description('List customers, most recent contact first')
    .option('--json', 'print a JSON array (shape in docs/json.md)')
    .action(async (options: { json?: boolean }, command: Command) => {
      const services = await ctx.coreFor(command);
      const customers = await services.conversations.customers();
      const { io } = ctx;
      if (options.json) {
        io.stdout.write(renderJson(customers.map(customerJson)));
        return;
      }
      if (customers.length === 0) {
        io.stderr.write('no customers yet\n');
        return;
      }
      const now = services.clock.now();
      for (const c of customers) {
        const last = c.lastContactAt ?? '';
        if (io.isStdoutTTY) {
          // The address whole (a wider one pushes the line); the name cut, and marked when it holds an address.
          const { name, warning } = addressParts(c);
          io.stdout.write(`${padWidth(`${warning ? '⚠ ' : ''}${safeLine(name || '-')}`, 24)} ${padTo(safeLine(c.email), 32)} ${String(c.conversationIds.length).padStart(3)}  ${last ? formatAge(Date.parse(last), now) : ''}\n`);
        } else {
          io.stdout.write([c.email, safeLine(c.name).replace(/\t/g, ' '), c.firstName ?? '', c.conversationIds.length, c.firstContactAt ?? '', last].join('\t') + '\n');
        }
      }
    });
}
