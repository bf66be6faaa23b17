/**
 * syncfs(2): one call makes every file written on a filesystem durable, where fsync per file costs
 * a journal commit each (a first sync of 10,000 messages spent more time in fsync than anywhere else).
 * Node has no binding for it; GNU coreutils' `sync -f` (Linux) is that call. Elsewhere, or when it
 * fails, the caller fsyncs file by file.
 */
import { execFile } from 'node:child_process';
import { childEnv } from '../process/child-env.js';

let unavailable = process.platform !== 'linux';

/** Returns false (and the caller must fsync each file) when syncfs is not available or failed. */
export function syncFilesystem(path: string): Promise<boolean> {
  if (unavailable) return Promise.resolve(false);
  return new Promise((resolve) => {
    execFile('sync', ['-f', path], { timeout: 120_000, env: childEnv() }, (error) => {
      // An old `sync` without -f, no coreutils, or an I/O error: the fsync fallback reports a real one.
      if (error) unavailable = true;
      resolve(!error);
    });
  });
}
