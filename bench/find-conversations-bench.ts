/**
 * Times findConversations (the conversation part of the SQLite store) on an existing index, e.g. one
 * kept by `KEEP=1 node --import tsx bench/sqlite-index-bench.ts 100000`:
 *   node --import tsx bench/find-conversations-bench.ts <data dir> [query…]
 */
import { performance } from 'node:perf_hooks';
import { parseQuery } from '../src/core/domain/query/parse-query.js';
import { openMailIndex } from '../src/adapters/store/sqlite/mail-index.js';
import { conversationPart } from '../src/adapters/store/sqlite/parts/conversation-part.js';
import { sharedJournal } from '../src/adapters/store/sqlite/parts/shared-part.js';
import type { StoreContext } from '../src/adapters/store/sqlite/parts/store-context.js';
import type { RawStore } from '../src/adapters/store/raw-store.js';

const [dir, ...queries] = process.argv.slice(2);
const index = openMailIndex(dir);
const ctx: StoreContext = { dataDir: dir, index, raw: undefined as unknown as RawStore, rev: () => 0 };
const { reads } = conversationPart(ctx, sharedJournal(ctx));
const now = Date.now();
const list = queries.length ? queries : ['status:open', 'carrier', 'waterproof', '"half a size too small"', 'status:open carrier', 'tag:bench', 'is:unread', 'from:anna', 'not status:closed after:2020-01-01', 'status:open --sort=waiting'];
for (const text of list) {
  const sort = text.endsWith('--sort=waiting') ? 'waiting' : 'activity';
  const query = parseQuery(text.replace(' --sort=waiting', ''), { now });
  const times: number[] = [];
  let n = 0;
  for (let i = 0; i < 9; i++) {
    const t = performance.now();
    n = reads.findConversations({ query, now, sort, limit: 50 }).length;
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(`${text.padEnd(40)} ${n} rows  median ${times[4].toFixed(2)} ms  (first ${times[0].toFixed(2)} .. ${times[8].toFixed(2)})`);
}
index.close();
