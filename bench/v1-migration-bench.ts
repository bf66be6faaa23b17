/**
 * The v1 → v2 migration at scale: a v1 store of N messages (default 100,000) made from the
 * released-v1 fixture `killed` (2,097 real mailing-list messages with their kept texts), copied as
 * often as needed under new seqs, ids and conversation ids in v1's own layout (mail.json, 2,000-message
 * shards), then migrated as the open path does. Prints the time, the rate and the peak RSS.
 *
 *   node --expose-gc --import tsx bench/v1-migration-bench.ts [messages]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostalMimeParser } from '../src/adapters/mime/postal-mime-parser.js';
import { migrateV1Store } from '../src/adapters/store/v1/migrate-v1-store.js';
import { v1MigrationOptions } from '../src/app/open-store.js';

type Json = Record<string, unknown>;
const target = Number(process.argv[2] ?? 100_000);
const shardSize = 2000;
const root = mkdtempSync(join(tmpdir(), 'h2h-v1bench-'));
try {
  const data = makeV1Store();
  globalThis.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  // Live memory (heap after a full GC, every 10 batches): what the migration holds, not garbage not yet collected.
  let livePeak = 0;
  let batches = 0;
  const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = performance.now();
  const onBatch = (done: number) => {
    peak = Math.max(peak, process.memoryUsage().rss);
    if (++batches % 10 === 0 && globalThis.gc) {
      globalThis.gc();
      livePeak = Math.max(livePeak, process.memoryUsage().heapUsed);
    }
    if (process.env.PROGRESS && done % 10000 < 2000) console.log(done, Math.round(performance.now() - started), Math.round(process.memoryUsage().rss / 2 ** 20));
  };
  const report = await migrateV1Store(data, { ...(await v1MigrationOptions(new PostalMimeParser())), onBatch });
  const ms = performance.now() - started;
  clearInterval(sample);
  console.log(
    `migrated ${report?.messages} messages, ${report?.conversations} conversations in ${(ms / 1000).toFixed(2)} s ` +
      `(${Math.round((report!.messages / ms) * 1000)} msg/s); RSS ${Math.round(rssBefore / 2 ** 20)} MB before, peak ${Math.round(peak / 2 ** 20)} MB; live heap peak ${Math.round(livePeak / 2 ** 20)} MB`,
  );
} finally {
  rmSync(root, { recursive: true, force: true });
}

/** Writes the v1 store (in a function: none of its data stays reachable during the migration). */
function makeV1Store(): string {
  execFileSync('tar', ['-xzf', join(import.meta.dirname, '../test/fixtures/v1-store/killed.tar.gz'), '-C', root]);
  const source = join(root, 'data');
  const mail = JSON.parse(readFileSync(join(source, 'mail.json'), 'utf8')) as Json & { nextSeq: number; conversations: Record<string, Json & { seqs: number[]; createdSeq: number }>; customers: Json };
  const read = (folder: string, key: string) =>
    readdirSync(join(source, folder)).sort().flatMap((f) => (JSON.parse(readFileSync(join(source, folder, f), 'utf8')) as Record<string, unknown[]>)[key]).slice(0, mail.nextSeq);
  const metas = read('messages', 'messages') as (Json & { seq: number; id: string; messageId: string })[];
  const texts = read('texts', 'texts');
  const n = mail.nextSeq;
  const copies = Math.ceil(target / n);

  const data = join(root, 'big');
  mkdirSync(join(data, 'messages'), { recursive: true, mode: 0o700 });
  mkdirSync(join(data, 'texts'), { mode: 0o700 });
  const total = copies * n;
  const metaAt = (seq: number) => {
    const k = Math.floor(seq / n);
    const m = metas[seq % n];
    return { ...m, seq, id: `${m.id}${k.toString(36)}`, messageId: m.messageId.replace('>', `.${k}>`) };
  };
  for (let shard = 0; shard * shardSize < total; shard++) {
    const seqs = Array.from({ length: Math.min(shardSize, total - shard * shardSize) }, (_, i) => shard * shardSize + i);
    const name = `${String(shard).padStart(6, '0')}.json`;
    writeFileSync(join(data, 'messages', name), JSON.stringify({ schemaVersion: 1, shard, messages: seqs.map(metaAt) }));
    writeFileSync(join(data, 'texts', name), JSON.stringify({ schemaVersion: 1, shard, texts: seqs.map((s) => texts[s % n] ?? null) }));
  }
  const conversations: Json = {};
  for (let k = 0; k < copies; k++) {
    for (const c of Object.values(mail.conversations)) {
      const id = `${c.id as string}${k.toString(36)}`;
      conversations[id] = { ...c, id, createdSeq: c.createdSeq + k * n, seqs: c.seqs.map((s) => s + k * n) };
    }
  }
  writeFileSync(join(data, 'mail.json'), JSON.stringify({ ...mail, nextSeq: total, conversations, copies: {}, sync: {} }));
  console.log(`v1 store: ${total} messages, ${Object.keys(conversations).length} conversations`);

  return data;
}
