/**
 * Micro-benchmark of the sync part of the SQLite store alone (not part of npm test): N messages in
 * N/2 conversations, every one recorded in INBOX, a few hundred conversations decided about; then
 * times what a sync asks of the store when nothing changed, and after 100 new messages. Each must
 * stay flat as N grows (O(changes), never a pass over the folder).
 *   node --import tsx bench/sync-store-bench.ts [count=100000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { MessageMeta } from '../src/core/domain/message.js';
import type { SyncReads, SyncWrites } from '../src/core/ports/mail-store.js';
import { openMailIndex } from '../src/adapters/store/sqlite/mail-index.js';
import type { StoreContext } from '../src/adapters/store/sqlite/parts/store-context.js';
import { syncPart } from '../src/adapters/store/sqlite/parts/sync-part.js';
import { RawStore } from '../src/adapters/store/raw-store.js';

const count = Number(process.argv[2] ?? 100_000);
const dir = mkdtempSync(join(tmpdir(), 'h2h-sync-bench-'));
const index = openMailIndex(dir);
const ctx: StoreContext = { dataDir: dir, index, raw: new RawStore(join(dir, 'raw')), rev: () => ctx.currentRev! };
const part = syncPart(ctx);
const store = part.reads;
const write = <T>(fn: (tx: SyncReads & SyncWrites) => T): T =>
  index.write((rev) => {
    ctx.currentRev = rev;
    try {
      return fn({ ...part.reads, ...part.writes });
    } finally {
      ctx.currentRev = undefined;
    }
  });

const meta = (n: number): Omit<MessageMeta, 'seq'> => ({
  id: `m${n.toString(36)}`, messageId: `<m${n}@bench>`, isSyntheticId: false, hash: `h${n}`.padEnd(64, '0'), content: `c${n}`, size: 1000 + (n % 500),
  date: new Date(Date.UTC(2024, 0, 1) + n * 60_000).toISOString(), from: { name: 'C', email: `c${n % 5000}@x.example` }, to: [], cc: [], replyTo: [],
  subject: `Order ${Math.floor(n / 2)}`, references: [], inReplyTo: [], inReplyToWellFormed: true, direction: 'in', customer: `c${n % 5000}@x.example`,
  attachments: [], snippet: '', seenOnArrival: true, source: 'imap:INBOX',
});

/** Adds messages n … n+k-1 (two per conversation) and records them in INBOX at UIDs n…; one transaction. */
function add(from: number, k: number): void {
  index.write((rev) => {
    ctx.currentRev = rev;
    const seqs = index.messages.insert(
      rev,
      Array.from({ length: k }, (_, i) => ({ meta: meta(from + i), conversationId: `c${Math.floor((from + i) / 2)}`, baseSubject: '', searchText: 'x' })),
    );
    const insertConversation = index.db.prepare(
      "INSERT OR IGNORE INTO conversations(id, customer, first_at, last_at, created_rev, rev) VALUES (?, 'c@x', 0, 0, ?, ?)",
    );
    for (let i = 0; i < k; i++) insertConversation.run(`c${Math.floor((from + i) / 2)}`, rev, rev);
    if (!part.reads.folder('INBOX')) part.writes.setFolderPosition({ path: 'INBOX', uidValidity: '1', uidNext: 1 });
    part.writes.recordUids('INBOX', seqs.map((seq, i) => ({ uid: from + i, seq, flags: ['\\Seen'] })));
    part.writes.setFolderPosition({ path: 'INBOX', uidValidity: '1', uidNext: from + k });
    ctx.currentRev = undefined;
  });
}

function time<T>(label: string, fn: () => T, runs = 5): T {
  fn();
  const times: number[] = [];
  let result!: T;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    result = fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(`${label.padEnd(56)} ${times[Math.floor(runs / 2)].toFixed(2).padStart(8)} ms`);
  return result;
}

let t = performance.now();
for (let n = 1; n <= count; n += 5000) add(n, Math.min(5000, count - n + 1));
console.log(`built ${count} messages, UIDs recorded: ${(performance.now() - t).toFixed(0)} ms`);
index.decisions.changeTags(Array.from({ length: 300 }, (_, i) => `c${i * 97}`), ['vip'], []);
index.decisions.markRead(Array.from({ length: 300 }, (_, i) => `c${i * 89 + 1}`));

t = performance.now();
const first = store.pushCandidates('INBOX', undefined);
console.log(`first push look (every decided UID): ${first.length} UIDs in ${(performance.now() - t).toFixed(1)} ms`);
const mark = index.revisions.current();
write((tx) => tx.setFolderPosition({ path: 'INBOX', uidValidity: '1', uidNext: count + 1, pushedRev: mark }));

console.log(`\nno change, ${count} messages:`);
time('folder position', () => store.folder('INBOX'));
time('highest UID', () => store.highestUid('INBOX'));
time('push candidates since the mark', () => store.pushCandidates('INBOX', mark));
time('UID records of 100 UIDs the server reported', () => store.uidRecords('INBOX', Array.from({ length: 100 }, (_, i) => 1 + i * 997)));
time('count below the top (only without QRESYNC)', () => store.countUidsBelow('INBOX', count + 1));

add(count + 1, 100);
index.decisions.changeTags(['c7', 'c8'], ['late'], []);
console.log('\nafter 100 new messages and 2 decisions:');
time('known UIDs from the old next UID', () => store.knownUidsFrom('INBOX', count + 1));
const changed = time('push candidates since the mark', () => store.pushCandidates('INBOX', mark));
console.log(`  (${changed.length} candidates)`);
time('record flags of 100 UIDs (one transaction)', () =>
  write((tx) => tx.recordFlags('INBOX', Array.from({ length: 100 }, (_, i) => ({ uid: count + 1 + i, flags: ['\\Seen'] })))),
);

index.close();
rmSync(dir, { recursive: true, force: true });
