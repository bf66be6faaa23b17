/**
 * `npm run bench -- scale [N] [--fresh]` (default N = 1,000,000; not part of a full `npm run bench`):
 * issue 14's scale target. The CLI commands of the store table (bench/store-bench.ts) on two stores
 * of realistic mail, 100,000 messages and N, in the same rounds (interleaved, one `node -e 0` per
 * round), each within 1.3x of its 100,000 figure. Both stores come from bench/realistic-mail.ts's
 * cache; preparing N = 1,000,000 the first time generates ~8 GB of mail and imports it (hours).
 */
import { atMost, formatMs, formatRatio, formatSpread, median, renderTable, spread, verdict } from './bench-table.js';
import { ensureCorpus, ensureIndexes } from './realistic-mail.js';
import { cliCommands, describeMachine, firstConversationId, nodeFloor, rounds, word } from './store-bench.js';
import { cleanupTimeScratch, interleave } from './time-process.js';

// H2H_BENCH_SCALE_BASE: a smaller base, to try the section out on small stores.
const base = Number(process.env.H2H_BENCH_SCALE_BASE ?? 100_000);

export async function runScaleBench(count = 1_000_000, fresh = false): Promise<void> {
  if (count <= base) throw new Error(`scale compares N with ${base.toLocaleString('en')} messages: give N above that`);
  const sizes = [base, count];
  const stores = [];
  for (const size of sizes) {
    const corpus = await ensureCorpus(size);
    const { h2h } = ensureIndexes(corpus, fresh, false);
    stores.push({ size, h2h, id: firstConversationId(h2h) });
  }
  process.stderr.write(`${rounds} rounds of the commands on both stores…\n`);
  const perStore = stores.map((s) => cliCommands(s.h2h, s.id, `@${s.size}`));
  const runs = interleave([nodeFloor(stores[0].h2h.env), ...perStore.flat()], rounds);
  cleanupTimeScratch();

  const ms = (key: string) => runs.get(key)!.map((r) => r.ms);
  const node = median(ms('node'));
  const target = atMost(1.3, `1.3x ${base.toLocaleString('en')}`);
  const labels: Record<string, string> = {
    tag: '`h2h tag <id> +x` (alternating +x / -x)',
    listOpen: '`h2h list status:open --json --limit 50`',
    listWord: `\`h2h list ${word} --json --limit 50\``,
    version: '`h2h --version`',
  };
  const rows = Object.entries(labels).map(([key, label]) => {
    const [small, large] = sizes.map((size) => spread(ms(`${key}@${size}`)));
    const ratio = large.median / small.median;
    return [label, `${formatSpread(small)}, ${formatRatio(small.median / node)} node`, `${formatSpread(large)}, ${formatRatio(large.median / node)} node`, formatRatio(ratio), target.label, verdict(ratio, target)];
  });
  const peak = (size: number) => Math.max(...Object.keys(labels).flatMap((k) => runs.get(`${k}@${size}`)!.map((r) => r.rssMB)));
  const [rssSmall, rssLarge] = sizes.map(peak);
  rows.push(['CLI peak RSS (largest of the commands)', `${Math.round(rssSmall)} MB`, `${Math.round(rssLarge)} MB`, formatRatio(rssLarge / rssSmall), '<= 120 MB at N', verdict(rssLarge, atMost(120, ''))]);

  console.log(`\nIssue 14 scale: ${count.toLocaleString('en')} against ${base.toLocaleString('en')} messages of realistic mail, ${rounds} rounds interleaved`);
  console.log(describeMachine());
  console.log(`\`node -e 0\` in the same rounds: ${formatMs(node)}\n`);
  console.log(renderTable(['', `${base.toLocaleString('en')} messages, median (IQR)`, `${count.toLocaleString('en')} messages, median (IQR)`, `${count.toLocaleString('en')} / ${base.toLocaleString('en')}`, 'target', 'met'], rows));
}
