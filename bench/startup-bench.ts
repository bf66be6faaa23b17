/**
 * `npm run bench -- startup [messages]`: whole-process CLI commands against `node -e 0`, Node's own
 * start-up on this machine, in one run. The runs are interleaved (one of each command per round) so
 * a busy machine slows every column alike, and the ratio to node is the figure to compare.
 * The store is built with `h2h import` of generated mail, so this measures whatever store the
 * build has.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { shop, writeMbox } from './generate-mailbox.js';

const here = dirname(fileURLToPath(import.meta.url));
const bin = join(here, '..', 'bin/h2h.js');
const rounds = Number(process.env.H2H_BENCH_ROUNDS ?? 15);

export async function runStartupBench(size = 10_000): Promise<void> {
  const dir = join(here, '.work', `startup-${size}`);
  mkdirSync(dir, { recursive: true });
  const mbox = join(dir, 'mail.mbox');
  if (!existsSync(mbox)) await writeMbox(mbox, size, 1);
  const configFile = join(dir, 'config.json');
  // Generated mail is dated up to two years back: kept open (not closed as history at import), as the figures have always been taken.
  writeFileSync(configFile, JSON.stringify({ agent: shop, history: { closeOlderThanDays: 0 } }), { mode: 0o600 });
  const dataDir = join(dir, 'h2h');
  rmSync(dataDir, { recursive: true, force: true });
  const env = { ...process.env, H2H_CONFIG: configFile, H2H_DATA_DIR: dataDir };
  process.stderr.write(`startup: importing ${size.toLocaleString('en')} messages…\n`);
  execFileSync(process.execPath, [bin, 'import', mbox], { env, stdio: 'ignore' });
  const id = (JSON.parse(execFileSync(process.execPath, [bin, 'list', '--json', '--limit', '1'], { env, maxBuffer: 1e8 }).toString()) as { id: string }[])[0].id;

  const commands: { label: string; args: string[]; target?: number }[] = [
    { label: 'node -e 0 (the floor)', args: ['-e', '0'] },
    { label: 'h2h --version', args: [bin, '--version'], target: 1.2 },
    { label: 'h2h --help', args: [bin, '--help'] },
    { label: 'h2h list status:open --json --limit 50', args: [bin, 'list', 'status:open', '--json', '--limit', '50'], target: 1.8 },
    { label: 'h2h list waterproof --json --limit 50', args: [bin, 'list', 'waterproof', '--json', '--limit', '50'], target: 2.0 },
    { label: 'h2h tag <id> +bench', args: [bin, 'tag', id, '+bench'], target: 1.6 },
    { label: 'h2h show <id> --json', args: [bin, 'show', id, '--json'] },
  ];
  const times = commands.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++) {
    commands.forEach((c, i) => {
      const t = performance.now();
      const r = spawnSync(process.execPath, c.args, { env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`${c.label} failed: ${r.stderr}`);
      times[i].push(performance.now() - t);
    });
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const floor = median(times[0]);
  const rows = commands.map((c, i) => {
    const m = median(times[i]);
    const ratio = m / floor;
    return [c.label, `${Math.round(m)} ms`, `${ratio.toFixed(2)}x`, c.target ? `<= ${c.target}x${ratio <= c.target ? '' : ' (missed)'}` : ''];
  });
  const headers = ['', `median of ${rounds}, ${size.toLocaleString('en')} messages`, 'x node', 'target'];
  const table = [headers, ...rows];
  const widths = headers.map((_, i) => Math.max(...table.map((row) => row[i].length)));
  const line = (row: string[]) => `| ${row.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
  console.log(`\nStart-up, whole process, Node ${process.version}\n`);
  console.log(line(headers));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of rows) console.log(line(row));
}
