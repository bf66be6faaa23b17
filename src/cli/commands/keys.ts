/**
 * `h2h keys`: the TUI's keys in effect (the defaults with the config's `keys` applied), per
 * context, as the TUI's `?` shows them; `--json` for scripts. Reads the config only, never the store.
 */
import { Command } from 'commander';
import { loadConfig } from '../../app/config.js';
import { resolvePaths } from '../../app/paths.js';
import { keymapOfConfig } from '../../app/keymap-of-config.js';
import { keyTable } from '../../tui/keys/keymap-config.js';
import { renderJson } from '../../adapters/export/safe-json.js';
import { padWidth } from '../output/terminal-width.js';
import type { AppContext, GlobalOptions } from '../app-context.js';

export function createKeysCommand(ctx: AppContext) {
  return new Command('keys')
    .description("The TUI's keys in effect, per context (change them in the config's \"keys\")")
    .option('--json', 'print the table as JSON: [{context, action, keys, help}]')
    .action(async (options: { json?: boolean }, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      const file = resolvePaths({ config: global.config }, ctx.io.env).configFile;
      const table = keyTable(await keymapOfConfig(await loadConfig(file), file));
      if (options.json) {
        ctx.io.stdout.write(renderJson(table));
        return;
      }
      let context = '';
      for (const row of table) {
        if (row.context !== context) {
          context = row.context;
          ctx.io.stdout.write(`${context === table[0].context ? '' : '\n'}[${context}]\n`);
        }
        // action, keys, help in columns that fit 80, every action name whole (the longest is 29).
        ctx.io.stdout.write(`  ${padWidth(row.action, 30)} ${padWidth(row.keys.join(' ') || '(unbound)', 16)} ${row.help}\n`);
      }
    });
}
