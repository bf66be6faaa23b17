/**
 * `h2h reindex [query]`: derive everything again from the raw files and the current config (after
 * adding an alias, or an h2h update that parses better). The owner's decisions stay with their
 * conversations. A progress bar on a terminal; `--json` prints the report.
 */
import { Command } from 'commander';
import { renderJson } from '../../adapters/export/safe-json.js';
import type { AppContext } from '../app-context.js';
import { ProgressLine } from '../output/progress.js';
import { safeLine } from '../output/terminal-text.js';

export function createReindexCommand(ctx: AppContext) {
  return new Command('reindex')
    .description('Derive texts, customers, threads and the search index again from the raw mail (all, or a query)')
    .argument('[query...]', 'only the conversations matching this query')
    .option('--json', 'print the report as JSON')
    .addHelpText('after', "\nExamples:\n  $ h2h reindex\n  $ h2h reindex 'from:forms@shop.example'")
    .action(async (words: string[], options: { json?: boolean }, command: Command) => {
      const services = await ctx.servicesFor(command);
      const { io } = ctx;
      const progress = new ProgressLine(io, 'reindexing');
      const report = await services.reindex.reindex(words.join(' '), (done, total) => progress.update(done, 'messages', total ? done / total : undefined));
      for (const w of report.warnings) io.stderr.write(`h2h: warning: ${safeLine(w.source)}: ${safeLine(w.message)}\n`);
      if (options.json) {
        progress.clear();
        io.stdout.write(renderJson(report));
        return;
      }
      progress.done(
        `reindexed ${report.messages} messages: ${report.conversationsBefore} conversations before, ${report.conversationsAfter} now; ${report.reclassified} messages changed customer or direction`,
      );
    });
}
