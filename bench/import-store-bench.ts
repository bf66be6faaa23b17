/**
 * Import into the v2 store (SQLite), as `h2h import` does (parser thread through WorkerIntake, one
 * transaction per batch), in this fresh process. Prints one JSON line: added, ms, msg/s, peak RSS.
 *
 * Usage: node --import tsx bench/import-store-bench.ts <dataDir> <shop address> <path>…
 * Run it twice on one data folder to time an import into a store that already holds mail.
 */
import { performance } from 'node:perf_hooks';
import { PostalMimeParser } from '../src/adapters/mime/postal-mime-parser.js';
import { WorkerIntake } from '../src/adapters/mime/worker-intake.js';
import { readSources } from '../src/adapters/sources/read-sources.js';
import { openSqliteMailStore } from '../src/adapters/store/sqlite/sqlite-mail-store.js';
import { systemClock } from '../src/core/ports/clock.js';
import { inProcessIntake } from '../src/core/ports/message-intake.js';
import { ImportService } from '../src/core/services/import-service.js';

const [dataDir, shop, ...paths] = process.argv.slice(2);
const t0 = performance.now();
const store = await openSqliteMailStore(dataDir);
const parser = new PostalMimeParser();
const intake = new WorkerIntake({ raw: store.rawFiles, inProcess: inProcessIntake(store, parser) });
const importer = new ImportService(store, parser, { shopAddresses: new Set([shop]), subjectWindowDays: 30 }, systemClock, intake);
const t1 = performance.now();
const report = await importer.import(readSources(paths).inputs);
const importMs = performance.now() - t1;
await intake.close();
await store.close();
const out = {
  read: report.read,
  added: report.added,
  duplicates: report.duplicates,
  conversationsCreated: report.conversationsCreated,
  conversationsUpdated: report.conversationsUpdated,
  openMs: Math.round(t1 - t0),
  importMs: Math.round(importMs),
  msgPerS: Math.round((report.read / importMs) * 1000),
  maxRssMB: Math.round((process.resourceUsage().maxRSS * 1024) / 1e6),
};
process.stdout.write(`${JSON.stringify(out)}\n`);
