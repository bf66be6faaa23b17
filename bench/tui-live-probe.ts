/**
 * The TUI while its live sync takes in new mail (issue 14: key-to-frame p95 "also while live sync
 * takes in 100 new messages"), in a process of its own. The h2h store at H2H_CONFIG / H2H_DATA_DIR
 * has an account (H2H_IMAP_PASSWORD) whose server holds mail the store has not seen yet
 * (bench/realistic-sync.ts prepares it). The TUI opens with its live sync on, as `h2h` runs it (the
 * watch: a catch-up sync, then IDLE, on a thread of its own: app/threaded-sync.ts), into a 100x30 in-memory terminal through Ink's real output
 * path; j/k are pressed, one at a time, from the first full frame until the watch reports it is
 * watching (the new mail taken in and the list reloaded). Prints one JSON line.
 *
 *   NODE_ENV=production node --import tsx bench/tui-live-probe.ts
 */
import { dirname } from 'node:path';
import chalk from 'chalk';
import { render } from 'ink';
import { createElement } from 'react';
import { loadConfig } from '../src/app/config.js';
import { createServices } from '../src/app/create-services.js';
import { threadedSync } from '../src/app/threaded-sync.js';
import type { LiveSync, SyncEvent, WatchOptions } from '../src/core/services/sync-types.js';
import { App } from '../src/tui/app.js';
import { inkOptions } from '../src/tui/run-tui.js';
import { MemoryKeyboard, MemoryTerminal } from './tui-bench.js';

const configFile = process.env.H2H_CONFIG;
const dataDir = process.env.H2H_DATA_DIR;
if (!configFile || !dataDir) throw new Error('tui-live-probe needs H2H_CONFIG and H2H_DATA_DIR');
chalk.level = 3;
const paths = { configFile, configDir: dirname(configFile), dataDir };
const config = await loadConfig(configFile);
const services = await createServices(paths, config);
if (!services.sync) throw new Error('tui-live-probe needs a store with an account');
// The sync thread as h2h runs it: its bundle (`npm run bench` builds first); this probe itself runs from sources.
const real = threadedSync(paths, config, { threadFile: new URL('../dist/bundle/app/sync-thread.js', import.meta.url) });

// The TUI's own sync service, with its events observed on the way: when the watch is watching, the
// catch-up (the new mail) is done.
let added = 0;
let watching = false;
let onWatching: () => void = () => {};
const observed: LiveSync = {
  watch: (options: WatchOptions) =>
    real.watch({
      ...options,
      onEvent: (event: SyncEvent) => {
        if (event.type === 'folder-done') added += event.report.added;
        if (event.type === 'watching' && !watching) {
          watching = true;
          onWatching();
        }
        options.onEvent?.(event);
      },
    }),
};

const out = new MemoryTerminal({ columns: 100, rows: 30 });
const keyboard = new MemoryKeyboard();
const start = performance.now();
const instance = render(createElement(App, { services: { conversations: services.conversations, sync: observed, clock: services.clock } }), {
  stdout: out as unknown as NodeJS.WriteStream,
  stdin: keyboard as unknown as NodeJS.ReadStream,
  ...inkOptions,
});
const caughtUp = new Promise<number>((resolve) => (onWatching = () => resolve(performance.now())));
while (!/[\d,]+ conversations/.test(out.written)) await out.next();
const firstFrameMs = performance.now() - start;

// A press whose frame never comes (the screen had nothing to change) would hang the run: after a
// second it counts as a second, which is far beyond any target and so cannot flatter the figure.
const latencies: number[] = [];
let i = 0;
while (!watching) {
  await new Promise((r) => setTimeout(r, 20));
  const frame = out.next();
  const pressed = performance.now();
  keyboard.type(i++ % 50 < 40 ? 'j' : 'k');
  const at = await Promise.race([frame, new Promise<number>((r) => setTimeout(() => r(pressed + 1000), 1000))]);
  latencies.push(at - pressed);
}
const syncMs = (await caughtUp) - start;
instance.unmount();
process.stdout.write(`${JSON.stringify({ firstFrameMs, syncMs, added, latencies })}\n`);
process.exit(0);
