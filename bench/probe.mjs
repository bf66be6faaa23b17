// Measures h2h's store in this (fresh) process, using the compiled code in dist/ as the CLI does.
// Usage: node --expose-gc bench/probe.mjs import <config> <dataDir> <mbox>
//        node --expose-gc bench/probe.mjs measure <config> <dataDir> <query>...
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../dist/app/config.js';
import { createServices } from '../dist/app/create-services.js';
import { readSources } from '../dist/adapters/sources/read-sources.js';

const [mode, configFile, dataDir, ...rest] = process.argv.slice(2);
const paths = { configFile, configDir: dataDir, dataDir };
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];
const mb = (bytes) => Math.round(bytes / 1e6);
const out = {};

if (mode === 'import') {
  const services = await createServices(paths, await loadConfig(configFile));
  const t = performance.now();
  const report = await services.importer.import(readSources([rest[0]]).inputs);
  out.importMs = performance.now() - t;
  out.added = report.added;
  out.conversations = Object.keys(services.store.mail().conversations).length;
} else if (mode === 'measure') {
  const config = await loadConfig(configFile);
  let t = performance.now();
  const services = await createServices(paths, config);
  out.coldLoadMs = performance.now() - t;
  const { conversations } = services;
  t = performance.now();
  const open = await conversations.list('status:open');
  out.listOpenMs = performance.now() - t;
  out.openCount = open.length;
  t = performance.now();
  await conversations.list('tag:refund from:anna status:open');
  out.structuredQueryMs = performance.now() - t;
  const id = open[0].id;
  const writes = [];
  for (let i = 0; i < 20; i++) {
    t = performance.now();
    await conversations.tag([id], [`bench${i}`], []);
    writes.push(performance.now() - t);
  }
  await conversations.tag([id], [], writes.map((_, i) => `bench${i}`));
  out.tagWriteMedianMs = median(writes);
  out.tagWriteP95Ms = p95(writes);
  const queries = rest;
  t = performance.now();
  out.firstTextHits = (await conversations.list(queries[0])).length;
  out.firstTextQueryMs = performance.now() - t;
  const warm = [];
  for (let round = 0; round < 5; round++) {
    for (const q of queries) {
      t = performance.now();
      await conversations.list(q);
      warm.push(performance.now() - t);
    }
  }
  out.textQueryMedianMs = median(warm);
  out.textQueryP95Ms = p95(warm);
  globalThis.gc?.();
  out.rssMB = mb(process.memoryUsage().rss);
}
out.maxRssMB = mb(process.resourceUsage().maxRSS * 1024); // maxRSS is in KiB
process.stdout.write(`${JSON.stringify(out)}\n`);
