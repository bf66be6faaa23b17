/**
 * The TUI's live sync on a thread of its own (threaded-sync.ts starts it): its fetching, parsing and
 * commits never hold up the keyboard. It opens the store on its own connection, as another h2h
 * process would; the TUI learns of its commits from its events and the store's watcher.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { describeError } from '../core/errors.js';
import { createServices } from './create-services.js';
import { loadConfig } from './config.js';
import type { FromSyncThread, SyncThreadData, ToSyncThread } from './sync-thread-messages.js';

// Not at a lower priority (on Linux a nice value is per thread): it measured no better for the
// keyboard, and on a busy machine it would put new mail behind every other program.
const port = parentPort!;
const { paths, config: given, rereadConfig } = workerData as SyncThreadData;
const stop = new AbortController();
const post = (message: FromSyncThread) => port.postMessage(message);
// A poke that comes before the watch has handed out its callback is kept for it.
let poke: (() => void) | null = null;
let poked = false;
port.on('message', (message: ToSyncThread) => {
  if (message.type === 'stop') stop.abort();
  else if (poke) poke();
  else poked = true;
});

try {
  const config = rereadConfig ? await loadConfig(paths.configFile) : given;
  const services = await createServices(paths, config);
  if (!services.sync) throw new Error('no mail account is configured');
  await services.sync.watch({
    signal: stop.signal,
    onEvent: (event) => post({ type: 'event', event }),
    localChanges: (p) => {
      poke = p;
      if (poked) p();
    },
  });
  post({ type: 'ended' });
} catch (error) {
  post({ type: 'failed', message: describeError(error) });
}
port.close();
