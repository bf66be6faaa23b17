import { Command } from 'commander';
import type { AppContext } from '../app-context.js';
import { runList } from './list.js';
import { demoPaths } from '../../app/paths.js';
import { openTui } from '../open-tui.js';

/** `h2h demo`: the bundled demo shop, in its own folder, never the user's store; the TUI in a terminal. */
export function createDemoCommand(ctx: AppContext) {
  return new Command('demo')
    .description("Open the bundled demo shop's mailbox (kept apart from your own store)")
    .option('--reset', 'start the demo over from fresh mail')
    .option('--json', 'print the conversation list as JSON')
    .action(async (options: { reset?: boolean; json?: boolean }, command: Command) => {
      if (options.reset) await (await import('../../app/demo-store.js')).resetDemoStore(demoPaths(ctx.io.env));
      const services = await ctx.servicesFor(command, true);
      if (!options.json && (await openTui(ctx, services, `the demo shop (its own folder: ${demoPaths(ctx.io.env).dataDir})`))) return;
      await runList('', { json: options.json, sort: 'activity' }, ctx, command);
      if (!options.json) ctx.io.stderr.write(`demo store: ${demoPaths(ctx.io.env).dataDir}  (try: h2h --demo show <id>, h2h --demo list tag:refund)\n`);
    });
}
