// Shared by the `h2h init` tests: a fresh config home, and init run as on a terminal with its
// questions answered from a list (one answer a line, read by the same prompter a person types into).
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { main } from '../../src/main.js';
import type { CliResult } from './run-cli.js';
import { tempDir } from './temp-dir.js';

/** A fresh XDG home: h2h resolves its config to <root>/config/h2h/config.json. */
export function home() {
  const root = tempDir();
  const configFile = join(root, 'config', 'h2h', 'config.json');
  return { root, configFile, env: { XDG_CONFIG_HOME: join(root, 'config'), XDG_DATA_HOME: join(root, 'data') } };
}

/** Runs h2h as if on a terminal, answering its questions with `answers` (one per line). */
export async function interactive(args: string[], answers: string[], env: Record<string, string | undefined>): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const exitCode = await main(args, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    stdin: Readable.from([`${answers.join('\n')}\n`]),
    isStdoutTTY: true,
    isStderrTTY: true,
    isStdinTTY: true,
    columns: 100,
    env: { HOME: '/nonexistent', ...env },
  });
  return { stdout, stderr, exitCode };
}
