/**
 * The TUI rows of the issue-14 benchmark, in a process of its own (so the benchmark's own memory and
 * JIT state stay out of it): opens the h2h store at H2H_CONFIG / H2H_DATA_DIR, then renders the TUI
 * through Ink's real output path into a 100x30 in-memory terminal (bench/tui-bench.ts's measureAt):
 * first full frame, key (j/k) to next frame. Prints one JSON line.
 *
 *   NODE_ENV=production node --import tsx bench/tui-probe.ts
 */
import { dirname } from 'node:path';
import chalk from 'chalk';
import { loadConfig } from '../src/app/config.js';
import { createServices } from '../src/app/create-services.js';
import { measureAt } from './tui-bench.js';

const configFile = process.env.H2H_CONFIG;
const dataDir = process.env.H2H_DATA_DIR;
if (!configFile || !dataDir) throw new Error('tui-probe needs H2H_CONFIG and H2H_DATA_DIR');
// Frames as a colour terminal gets them.
chalk.level = 3;
const t0 = performance.now();
const services = await createServices({ configFile, configDir: dirname(configFile), dataDir }, await loadConfig(configFile));
const loadMs = performance.now() - t0;
const r = await measureAt(services, null, { columns: 100, rows: 30 });
process.stdout.write(`${JSON.stringify({ loadMs, firstFrames: r.firstFrames, latencies: r.latencies })}\n`);
// Ink and the store may hold handles open; the figures are out.
process.exit(0);
