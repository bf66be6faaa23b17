import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './corpus.js';

export type SpawnResult = { stdout: string; stderr: string; code: number | null; signal: NodeJS.Signals | null };

export const h2hBin = join(repoRoot, 'bin/h2h.js');

/** Runs the real, built `h2h` in a child process (npm test builds it first). */
export function spawnCli(args: string[], options: { env?: Record<string, string>; stdin?: string; cwd?: string } = {}): Promise<SpawnResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [h2hBin, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent', ...options.env },
      cwd: options.cwd ?? repoRoot,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ stdout, stderr, code, signal }));
    child.stdin.end(options.stdin ?? '');
  });
}
