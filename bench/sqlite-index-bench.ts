/**
 * Micro-benchmark of the SQLite mail index alone (not part of npm test): inserts N generated
 * messages (bench/generate-mailbox.ts) in import-sized transactions, then times the operations the
 * CLI will run on it. Messages are turned into rows with a light header reader, not the MIME parser:
 * this measures the index, not parsing.
 *   node --import tsx bench/sqlite-index-bench.ts [count=100000]   (BATCH=n: messages per transaction, default 1000; KEEP=1 keeps the folder)
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { summariseConversation } from '../src/core/domain/conversation-summary.js';
import type { MessageMeta } from '../src/core/domain/message.js';
import { baseSubjectKey } from '../src/core/domain/subject.js';
import { ftsMatch } from '../src/adapters/store/sqlite/fts-text.js';
import { recordParticipants, recordToRow } from '../src/adapters/store/sqlite/map-conversation.js';
import { openMailIndex } from '../src/adapters/store/sqlite/mail-index.js';
import { generateMessages, shop } from './generate-mailbox.js';

const count = Number(process.argv[2] ?? 100_000);
const batchSize = Number(process.env.BATCH ?? 1000);
const dir = mkdtempSync(join(tmpdir(), 'h2h-sqlite-bench-'));

const decodeWord = (s: string) => s.replace(/=\?UTF-8\?B\?([^?]*)\?=/g, (_, b64: string) => Buffer.from(b64, 'base64').toString('utf8'));
const header = (head: string, name: string) => decodeWord(new RegExp(`^${name}: (.*)$`, 'mi').exec(head)?.[1] ?? '');
const addressOf = (value: string) => {
  const m = /^(.*?) ?<([^>]+)>$/.exec(value);
  return m ? { name: m[1], email: m[2].toLowerCase() } : { name: '', email: value.toLowerCase() };
};

function toMeta(raw: string, n: number): { meta: Omit<MessageMeta, 'seq'>; text: string; thread: string } {
  const split = raw.indexOf('\n\n');
  const head = raw.slice(0, split);
  const body = raw.slice(split + 2).replace(/<[^>]+>/g, ' ').replace(/^[A-Za-z0-9+/=]{60,}$/gm, '');
  const from = addressOf(header(head, 'From'));
  const to = addressOf(header(head, 'To'));
  const direction = from.email === shop.email ? 'out' : 'in';
  const messageId = header(head, 'Message-ID');
  const references = header(head, 'References').split(' ').filter(Boolean);
  const subject = header(head, 'Subject');
  const meta: Omit<MessageMeta, 'seq'> = {
    id: `m${n.toString(36)}`, messageId, isSyntheticId: false, hash: `h${n}`.padEnd(64, '0'), content: `c${n}`.padEnd(64, '0'), size: raw.length,
    date: new Date(header(head, 'Date')).toISOString(), from, to: [to], cc: [], replyTo: [], subject, references,
    inReplyTo: header(head, 'In-Reply-To').split(' ').filter(Boolean), inReplyToWellFormed: true, direction,
    customer: direction === 'in' ? from.email : to.email, attachments: [], snippet: body.slice(0, 80), seenOnArrival: false, source: 'bench',
  };
  // The generator's thread ids: replies name the first message; a reply that dropped its headers starts its own.
  const thread = `c${(references[0] ?? messageId).replace(/[^a-z0-9]/gi, '').slice(0, 40)}`;
  return { meta, text: `${subject}\n${from.name} ${from.email}\n${body}`, thread };
}

function time<T>(fn: () => T, runs = 7): { ms: number; result: T } {
  fn(); // warm the page cache and the statement
  const times: number[] = [];
  let result!: T;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    result = fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], result };
}

const fmt = (ms: number) => `${ms < 10 ? ms.toFixed(2) : ms.toFixed(0)} ms`;

let index = openMailIndex(dir);
const threads = new Map<string, MessageMeta[]>();
let batch: ReturnType<typeof toMeta>[] = [];
const flush = () => {
  index.write((rev) => {
    const rowids = index.messages.insert(rev, batch.map((b) => ({ meta: b.meta, conversationId: b.thread, baseSubject: baseSubjectKey(b.meta.subject), searchText: b.text, text: b.text })));
    const touched = new Set<string>();
    batch.forEach((b, i) => {
      const list = threads.get(b.thread) ?? [];
      list.push({ ...b.meta, seq: rowids[i] });
      threads.set(b.thread, list);
      touched.add(b.thread);
      index.customers.seen(b.meta.customer, b.meta.direction === 'in' ? (b.meta.from?.name ?? '') : '', Date.parse(b.meta.date));
    });
    for (const id of touched) {
      const metas = threads.get(id)!;
      const record = summariseConversation(id, rev, metas);
      index.conversations.upsert(rev, recordToRow(record, (seq) => metas.find((m) => m.seq === seq)!.date), recordParticipants(record));
    }
  });
  batch = [];
};

const t0 = performance.now();
let n = 0;
for (const g of generateMessages(count, 14)) {
  batch.push(toMeta(g.raw, n++));
  if (batch.length === batchSize) flush();
}
if (batch.length) flush();
const insertMs = performance.now() - t0;
index.db.pragma('wal_checkpoint(TRUNCATE)');
index.close();

const reopen = time(() => openMailIndex(dir).close());
index = openMailIndex(dir);
const ids = [...threads.keys()];
const now = Date.now();
let k = 0;
const tag = time(() => index.decisions.changeTags([ids[(k += 7919) % ids.length]], ['bench'], []), 21);
const status = time(() => index.queries.byStatus('open', now, 50));
const statusRecords = time(() => index.queries.byStatus('open', now, 50).map((c) => index.conversations.record(c.id)));
const search = (value: string, phrase = false) => time(() => index.queries.byText(ftsMatch(value, phrase)!, 50));
const common = search('carrier');
const rare = search('waterproof');
const two = search('refund tracking');
const phrase = search('half a size too small', true);
const cjk = search('届きません');
const files = ['', '-wal'].map((s) => statSync(index.file + s, { throwIfNoEntry: false })?.size ?? 0);
const conversations = index.db.prepare('SELECT count(*) FROM conversations').pluck().get() as number;
const matches = (v: string, p = false) => index.queries.messagesByText(ftsMatch(v, p)!, 10_000_000).length;

console.log(`SQLite mail index, ${count.toLocaleString('en')} generated messages, ${conversations.toLocaleString('en')} conversations (node ${process.version})`);
console.log(`  bulk insert (batches of ${batchSize}, rows + texts + FTS + conversations): ${(insertMs / 1000).toFixed(1)} s, ${Math.round(count / (insertMs / 1000)).toLocaleString('en')} msg/s`);
console.log(`  index.sqlite: ${(files[0] / 1048576).toFixed(1)} MiB (WAL ${(files[1] / 1024).toFixed(0)} KiB)`);
console.log(`  open an existing index: ${fmt(reopen.ms)}`);
console.log(`  tag change (one transaction): ${fmt(tag.ms)}`);
console.log(`  status:open top 50 by last activity: ${fmt(status.ms)} (with records and states: ${fmt(statusRecords.ms)})`);
console.log(`  word search top 50, "carrier" (${matches('carrier').toLocaleString('en')} messages match): ${fmt(common.ms)}`);
console.log(`  word search top 50, "waterproof" (${matches('waterproof').toLocaleString('en')}): ${fmt(rare.ms)}`);
console.log(`  two words top 50, refund tracking (${matches('refund tracking').toLocaleString('en')}): ${fmt(two.ms)}`);
console.log(`  phrase top 50, "half a size too small" (${matches('half a size too small', true).toLocaleString('en')}): ${fmt(phrase.ms)}`);
console.log(`  CJK word top 50, 届きません (${matches('届きません').toLocaleString('en')}): ${fmt(cjk.ms)}`);
index.close();
if (!process.env.KEEP) rmSync(dir, { recursive: true, force: true }); else console.log(dir);
