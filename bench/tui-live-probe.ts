/**
 * The TUI while its live sync takes in new mail (issue 14/15: key-to-frame p95 "also while live sync
 * takes in 100 new messages"), in a process of its own. The h2h store at H2H_CONFIG / H2H_DATA_DIR
 * has an account (H2H_IMAP_PASSWORD) on a local server. The TUI opens with its live sync on, as `h2h`
 * runs it (the watch: a catch-up sync, then IDLE, on a thread of its own: app/threaded-sync.ts), into
 * a 100x30 in-memory terminal through Ink's real output path, and j/k are pressed one at a time.
 *
 * H2H_PROBE_MODE unset (catch-up): the new mail is on the server before the TUI opens; presses run
 * from the first full frame until the watch reports it is watching (the mail taken in, the list
 * reloaded). H2H_PROBE_MODE=arrive: the TUI catches up (nothing new), is pressed idle, prints "ready",
 * and the parent APPENDs H2H_PROBE_EXPECT messages, which IDLE reports; presses run until all have
 * been taken in, and ten more. Prints one JSON line. Run as a bundle (bench/bundle-probe.ts):
 *
 *   node bench/.work/probes/tui-live-probe/tui-live-probe.js
 */
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import chalk from 'chalk';
import { render } from 'ink';
import { createElement } from 'react';
import { loadConfig } from '../src/app/config.js';
import { createServices } from '../src/app/create-services.js';
import { threadedSync } from '../src/app/threaded-sync.js';
import type { LiveSync, SyncEvent, WatchOptions } from '../src/core/services/sync-types.js';
import { App } from '../src/tui/app.js';
import { inkOptions, tuiServices } from '../src/tui/run-tui.js';
import { keymapOfConfig } from '../src/app/keymap-of-config.js';
import { MemoryKeyboard, MemoryTerminal } from './tui-bench.js';

const configFile = process.env.H2H_CONFIG;
const dataDir = process.env.H2H_DATA_DIR;
if (!configFile || !dataDir) throw new Error('tui-live-probe needs H2H_CONFIG and H2H_DATA_DIR');
chalk.level = 3;
const paths = { configFile, configDir: dirname(configFile), dataDir };
const config = await loadConfig(configFile);
const services = await createServices(paths, config);
if (!services.sync) throw new Error('tui-live-probe needs a store with an account');
// The sync thread as h2h runs it: its bundle (`npm run bench` builds first). The probe itself is
// bundled into bench/.work (bench/bundle-probe.ts), so the thread is found from the working directory.
const real = threadedSync(paths, config, { threadFile: pathToFileURL(join(process.cwd(), 'dist', 'bundle', 'app', 'sync-thread.js')) });

// The TUI's own sync service, with its events observed on the way: when the watch is watching, the
// catch-up (the new mail) is done.
let added = 0;
// When each sync event and each press came, from the render's start: for the raw figures.
const events: { at: number; type: string; folder?: string; added?: number }[] = [];
const pressedAt: number[] = [];
let start = 0;
let watching = false;
let onWatching: () => void = () => {};
const observed: LiveSync = {
  watch: (options: WatchOptions) =>
    real.watch({
      ...options,
      onEvent: (event: SyncEvent) => {
        events.push({ at: Math.round(performance.now() - start), type: event.type, ...(event.type === 'folder-done' ? { folder: event.report.folder, added: event.report.added } : {}) });
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
// Everything the TUI is given as `h2h` runs it (the store watcher too: the sync thread's commits wake it).
const keymap = await keymapOfConfig(config, configFile);
start = performance.now();
const instance = render(createElement(App, { services: tuiServices(services, keymap, undefined, observed) }), {
  stdout: out as unknown as NodeJS.WriteStream,
  stdin: keyboard as unknown as NodeJS.ReadStream,
  ...inkOptions,
});
const caughtUp = new Promise<number>((resolve) => (onWatching = () => resolve(performance.now())));
while (!/[\d,]+ conversations/.test(out.written)) await out.next();
const firstFrameMs = performance.now() - start;

// A press whose frame never comes (the screen had nothing to change) would hang the run: after a
// second it counts as a second, which is far beyond any target and so cannot flatter the figure.
let i = 0;
const press = async (): Promise<number> => {
  await new Promise((r) => setTimeout(r, 20));
  const frame = out.next();
  const pressed = performance.now();
  pressedAt.push(Math.round(pressed - start));
  keyboard.type(i++ % 50 < 40 ? 'j' : 'k');
  const at = await Promise.race([frame, new Promise<number>((r) => setTimeout(() => r(pressed + 1000), 1000))]);
  return at - pressed;
};

if (process.env.H2H_PROBE_MODE !== 'arrive') {
  // The mail is on the server before the TUI starts: its live sync's catch-up takes it in.
  const latencies: number[] = [];
  while (!watching) latencies.push(await press());
  const syncMs = (await caughtUp) - start;
  instance.unmount();
  process.stdout.write(`${JSON.stringify({ firstFrameMs, syncMs, added, latencies, pressedAt, events })}\n`);
  process.exit(0);
}

// 'arrive': the TUI has caught up and is watching (IDLE) when the mail arrives, as through a working
// day. Presses before it arrives are the idle figure of the same process; the parent APPENDs the
// H2H_PROBE_EXPECT messages on "ready", and presses go on until the live sync has taken them all in
// and the list has been drawn again.
await caughtUp;
const warm: number[] = [];
for (let k = 0; k < 40; k++) warm.push(await press());
const idle: number[] = [];
for (let k = 0; k < 100; k++) idle.push(await press());
const expect = Number(process.env.H2H_PROBE_EXPECT ?? 100);
added = 0;
const readyAt = performance.now();
process.stdout.write('ready\n');
const latencies: number[] = [];
let arrivedMs = 0;
while (added < expect) {
  latencies.push(await press());
  if (performance.now() - readyAt > 5 * 60_000) throw new Error(`only ${added} of ${expect} new messages arrived in 5 minutes`);
}
arrivedMs = performance.now() - readyAt;
// The last batch's reload and redraw happen after its folder-done: a few more presses take them in.
for (let k = 0; k < 10; k++) latencies.push(await press());
instance.unmount();
process.stdout.write(`${JSON.stringify({ firstFrameMs, syncMs: arrivedMs, added, latencies, idle, warm, pressedAt, events })}\n`);
process.exit(0);
