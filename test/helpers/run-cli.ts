import { Readable } from 'node:stream';
import { main } from '../../src/main.js';
import type { Clock } from '../../src/core/ports/clock.js';

export type CliResult = { stdout: string; stderr: string; exitCode: number };

export type RunCliOptions = {
  env?: Record<string, string | undefined>;
  stdin?: string;
  tty?: boolean;
  columns?: number;
  clock?: Clock;
};

/** Runs h2h in this process with captured stdout/stderr, as a terminal (`tty`) or as a pipe. */
export async function runCli(args: string[], options: RunCliOptions = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const tty = !!options.tty;
  const exitCode = await main(
    args,
    {
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: (s: string) => (stderr += s) },
      stdin: Readable.from(options.stdin !== undefined ? [options.stdin] : []),
      isStdoutTTY: tty,
      isStderrTTY: tty,
      isStdinTTY: tty && options.stdin === undefined,
      columns: options.columns ?? 100,
      env: { HOME: '/nonexistent', ...options.env },
    },
    { clock: options.clock },
  );
  return { stdout, stderr, exitCode };
}

/** Removes ANSI styling so assertions see what a person reads. */
export function plain(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching ANSI escapes is the point
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}
