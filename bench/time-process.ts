/**
 * Whole-process timing for the issue-14 benchmark: wall time from spawn to exit, and peak RSS from
 * GNU time (`%M`: the kernel's ru_maxrss of the child, as wait4() reports it). Every command,
 * `node -e 0`, h2h, notmuch and mbsync alike, runs under the same wrapper, so the wrapper's own
 * cost (≈1 ms) is in every column and cancels out of the ratios.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const gnuTime = '/usr/bin/time';

export type ProcessRun = { ms: number; rssMB: number; stdout: string };

let scratch: string | null = null;

export function timeProcess(cmd: string, args: string[], env: Record<string, string>, input?: string): ProcessRun {
  if (!existsSync(gnuTime)) throw new Error('GNU time is missing (it measures peak RSS): apt-get install -y time');
  scratch ??= mkdtempSync(join(tmpdir(), 'h2h-bench-time-'));
  const out = join(scratch, 'rss');
  const t = performance.now();
  const r = spawnSync(gnuTime, ['-f', '%M', '-o', out, cmd, ...args], { env, input, encoding: 'utf8', maxBuffer: 1e9, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}:\n${(r.stderr || r.stdout).trim().slice(-2000)}`);
  // GNU time writes "Command exited with non-zero status N" first when the command fails; the figure is last.
  const rssMB = Number(readFileSync(out, 'utf8').trim().split('\n').pop()) / 1024;
  return { ms, rssMB, stdout: r.stdout };
}

/**
 * The same, without blocking this process: for commands that talk to a server this process runs
 * (an smtp-server sink), which spawnSync would leave unanswered.
 */
export async function timeProcessAsync(cmd: string, args: string[], env: Record<string, string>): Promise<ProcessRun> {
  if (!existsSync(gnuTime)) throw new Error('GNU time is missing (it measures peak RSS): apt-get install -y time');
  scratch ??= mkdtempSync(join(tmpdir(), 'h2h-bench-time-'));
  const out = join(scratch, 'rss');
  const t = performance.now();
  const child = spawn(gnuTime, ['-f', '%M', '-o', out, cmd, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const code = await new Promise<number | null>((resolve, reject) => child.once('error', reject).once('close', resolve));
  const ms = performance.now() - t;
  if (code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${code}:\n${(stderr || stdout).trim().slice(-2000)}`);
  return { ms, rssMB: Number(readFileSync(out, 'utf8').trim().split('\n').pop()) / 1024, stdout };
}

export type TimedCommand = { key: string; cmd: string; args: string[] | ((round: number) => string[]); env: Record<string, string> };

/**
 * Runs every command once per round, in order, for `rounds` rounds: interleaved, so a burst of other
 * work on a shared machine slows every column alike instead of one command's whole series.
 */
export function interleave(commands: readonly TimedCommand[], rounds: number): Map<string, ProcessRun[]> {
  const runs = new Map(commands.map((c) => [c.key, [] as ProcessRun[]]));
  for (let round = 0; round < rounds; round++) {
    for (const c of commands) runs.get(c.key)!.push(timeProcess(c.cmd, typeof c.args === 'function' ? c.args(round) : c.args, c.env));
  }
  return runs;
}

export function cleanupTimeScratch(): void {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = null;
}
