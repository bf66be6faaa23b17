/**
 * The live sync the TUI runs, on a worker thread (sync-thread.ts): the same SyncService.watch, with
 * its events and pokes passed between the threads. On the TUI's thread a commit of new mail costs
 * only the list brought up to date, so keys are answered while mail comes in.
 */
import { Worker } from 'node:worker_threads';
import { findThreadScript } from '../adapters/process/thread-script.js';
import type { LiveSync } from '../core/services/sync-types.js';
import type { Config } from './config.js';
import type { Paths } from './paths.js';
import type { FromSyncThread, SyncThreadData, ToSyncThread } from './sync-thread-messages.js';

/**
 * `threadFile`: the thread's module, where the caller knows better (the benchmark runs the built one).
 * `rereadConfig`: each watch reads the config file anew (the TUI: a restart after `h2h init` fixed
 * the password or the server uses the fix), else it uses `config`.
 */
export function threadedSync(paths: Paths, config: Config, how: { threadFile?: URL; rereadConfig?: boolean } = {}): LiveSync {
  const { threadFile, rereadConfig = false } = how;
  return {
    watch(options) {
      const script = threadFile ? { url: threadFile, eval: false } : findThreadScript('sync-thread.js', import.meta.url, 'app');
      if (!script) return Promise.reject(new Error(`sync-thread.js was not found beside ${import.meta.url}`));
      const worker = new Worker(script.url, { ...(script.eval ? { eval: true } : {}), workerData: { paths, config, rereadConfig } satisfies SyncThreadData });
      options.localChanges?.(() => worker.postMessage({ type: 'poke' } satisfies ToSyncThread));
      const stop = () => worker.postMessage({ type: 'stop' } satisfies ToSyncThread);
      if (options.signal?.aborted) stop();
      else options.signal?.addEventListener('abort', stop, { once: true });
      return new Promise<void>((resolve, reject) => {
        let settled = false;
        const settle = (error?: Error) => {
          if (settled) return;
          settled = true;
          options.signal?.removeEventListener('abort', stop);
          if (error) reject(error);
          else resolve();
        };
        worker.on('message', (message: FromSyncThread) => {
          if (message.type === 'event') options.onEvent?.(message.event);
          else if (message.type === 'ended') settle();
          else settle(new Error(message.message));
        });
        worker.on('error', (error) => settle(error));
        worker.on('exit', (code) => settle(code === 0 || options.signal?.aborted ? undefined : new Error(`the sync thread stopped (exit code ${code})`)));
        // The thread does not keep h2h running: quitting the TUI ends it with the process.
        worker.unref();
      });
    },
  };
}
