/**
 * The store's write lock, shared by every h2h process on the machine (TUI, cron jobs, sync).
 * proper-lockfile uses an atomic mkdir and refreshes the lock's mtime while held, so a lock left by a
 * killed process is recognised as stale after `staleMs` and taken over. Inside one process, writers
 * queue on a promise chain instead of fighting over the file.
 */
import lockfile from 'proper-lockfile';
import { join } from 'node:path';
import { StoreBusyError } from '../../../core/errors.js';

export type StoreLockOptions = {
  /** How long to keep retrying before reporting the store busy. @default 30000 */
  waitMs?: number;
  /** A lock not refreshed for this long belongs to a dead process (the holder refreshes it every second). @default 5000, proper-lockfile's minimum */
  staleMs?: number;
};

export class StoreLock {
  private queue: Promise<unknown> = Promise.resolve();
  readonly lockPath: string;

  constructor(
    private readonly dir: string,
    private readonly options: StoreLockOptions = {},
  ) {
    this.lockPath = join(dir, 'write.lock');
  }

  /** Runs `fn` holding the lock. `fn` gets a check that throws if the lock was lost meanwhile. */
  run<T>(fn: (assertHeld: () => void) => Promise<T>): Promise<T> {
    const next = this.queue.then(() => this.runLocked(fn));
    this.queue = next.catch(() => {});
    return next;
  }

  private async runLocked<T>(fn: (assertHeld: () => void) => Promise<T>): Promise<T> {
    const waitMs = this.options.waitMs ?? 30_000;
    const started = Date.now();
    let lost: Error | undefined;
    let release: () => Promise<void>;
    try {
      release = await lockfile.lock(this.dir, {
        lockfilePath: this.lockPath,
        stale: this.options.staleMs ?? 5_000,
        update: 1_000,
        retries: { retries: Math.ceil(waitMs / 25), factor: 1.2, minTimeout: 2, maxTimeout: 50, randomize: true, maxRetryTime: waitMs },
        onCompromised: (error) => {
          lost = error;
        },
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ELOCKED') throw new StoreBusyError(this.lockPath, Date.now() - started);
      throw error;
    }
    const assertHeld = () => {
      if (lost) throw new StoreBusyError(this.lockPath, Date.now() - started);
    };
    try {
      return await fn(assertHeld);
    } finally {
      await release().catch(() => {});
    }
  }
}
