/**
 * findConversations answers exactly what matchConversation over every conversation answers: random
 * queries (every field, and/or/not, text words and phrases taken from the mail, substrings of real
 * participants, boundary dates), random sorts, limits and clocks, over real list mail imported by
 * the ImportService, with random decisions (statuses dated before and after the mail, snoozes
 * ending, read marks, tags).
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { conversationStatuses, listItemOf, viewConversation, type ConversationState, type ConversationView } from '../../../../src/core/domain/conversation.js';
import { compareText } from '../../../../src/core/domain/compare.js';
import { textTerms } from '../../../../src/core/domain/query/parse-query.js';
import { matchConversation } from '../../../../src/core/domain/query/match-conversation.js';
import { isValues, type QueryNode } from '../../../../src/core/domain/query/query-ast.js';
import { automatedKinds } from '../../../../src/core/domain/automated.js';
import type { ConversationEntry, ConversationQuery, ConversationReads } from '../../../../src/core/ports/mail-store.js';
import { conversationEntries } from '../../../../src/adapters/store/sqlite/conversation-entries.js';
import { conversationFinder } from '../../../../src/adapters/store/sqlite/find-conversations.js';
import { ftsMatch } from '../../../../src/adapters/store/sqlite/fts-text.js';
import { openMailIndex, type MailIndexHandle } from '../../../../src/adapters/store/sqlite/mail-index.js';
import { registerQueryFunctions } from '../../../../src/adapters/store/sqlite/query-sql.js';
import { readSources } from '../../../../src/adapters/sources/read-sources.js';
import type { MailStore } from '../../../../src/core/ports/mail-store.js';
import { corpus } from '../../../helpers/corpus.js';
import { importFixture } from '../../../helpers/import-fixture.js';
import { fixedClock } from '../../../helpers/store-fixture.js';
import { suiteDir } from '../../../helpers/temp-dir.js';

const day = 86_400_000;
const tags = ['refund', 'vip', 'later', 'été', 'ß'];

let index: MailIndexHandle;
let reads: ConversationReads;
let store: MailStore;
let all: ConversationEntry[];
let walkFinder: ReturnType<typeof conversationFinder>;
let planFinders: ReturnType<typeof conversationFinder>[];
let words: string[];
let phrases: string[];
let people: string[];
let dates: number[];

const archives = ['httpd-users-2020-07.mbox', 'maven-dev-2017-11-listsao.mbox', 'asterix-dev-201709-mailarchivesao.mbox'];
// Two of the most frequent writers on these lists play the shop: the index holds both directions, waiting and answered conversations.
const shop = ['herve.boutemy@free.fr', 'stephen.alan.connolly@gmail.com'];

/** List mail playing people's: its list header fields taken out (one message in four keeps them: machine mail, for is:automated). */
function asPersonMail(raw: Uint8Array): Buffer {
  const text = Buffer.from(raw).toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  const head = (end < 0 ? text : text.slice(0, end)).replace(/^(?:List-[\w-]+|Precedence|Mailing-List):.*(?:\r?\n[ \t].*)*(?:\r?\n|$)/gim, '');
  return Buffer.from(head + (end < 0 ? '' : text.slice(end)), 'latin1');
}

async function* corpusMail() {
  let n = 0;
  // Some read on arrival (as a maildir S flag says), so is:unread has both answers before any decision.
  for await (const input of readSources(archives.map((a) => corpus('mbox/apache-ponymail', a))).inputs) {
    const i = n++;
    yield { ...input, raw: i % 4 === 0 ? input.raw : asPersonMail(input.raw), seen: i % 5 === 0 };
  }
}

/** Random decisions (fixed seed): statuses dated before, at and after the newest mail, snoozes, read marks, tags, notes, promises. */
async function decide() {
  const ids = index.db.prepare('SELECT id FROM conversations ORDER BY id').pluck().all() as string[];
  const states = new Map<string, ConversationState>();
  const picks = fc.sample(
    fc.record({ r: fc.nat(99), status: fc.constantFrom(...conversationStatuses), shift: fc.integer({ min: -3, max: 3 }), snooze: fc.integer({ min: -1, max: 1 }), t: fc.subarray(tags), read: fc.integer({ min: -2, max: 2 }), unread: fc.boolean() }),
    { numRuns: ids.length, seed: 7 },
  );
  ids.forEach((id, i) => {
    const { record } = reads.conversation(id)!;
    const p = picks[i];
    const lastAt = Date.parse(record.lastAt);
    const s: ConversationState = {};
    if (p.r < 60) {
      s.status = p.status;
      s.statusAt = new Date(lastAt + p.shift * day).toISOString();
      if (p.status === 'snoozed' && p.r % 3 !== 0) s.snoozedUntil = new Date(Date.parse('2020-01-01') + p.snooze * 400 * day).toISOString();
    }
    if (p.t.length) s.tags = [...p.t].sort();
    if (p.r % 2 === 0) s.readAt = new Date(lastAt + p.read * day).toISOString();
    if (p.unread && p.r % 7 === 0) s.markedUnread = true;
    if (p.r % 11 === 0) s.notes = [{ id: `n${i}`, text: 'called them', at: record.lastAt }];
    // Promises due before, at and after the queries' now, on any status (issue 19).
    if (p.r % 5 === 1) s.promise = { by: new Date(Date.parse('2020-01-01') + p.snooze * 400 * day).toISOString(), text: 'call back', at: record.lastAt };
    states.set(id, s);
  });
  await store.transact((tx) => tx.writeStates(states));
}

beforeAll(async () => {
  const f = await importFixture({ dataDir: suiteDir('h2h-find-'), shop, clock: fixedClock('2030-01-01T00:00:00Z') });
  await f.importer.import(corpusMail());
  store = f.store;
  reads = f.store;
  // A second connection for what the test asks SQLite directly (the oracle's text matches) and for the finder's plans.
  index = openMailIndex(f.dataDir);
  registerQueryFunctions(index.db);
  await decide();
  const ids = index.db.prepare('SELECT id FROM conversations').pluck().all() as string[];
  all = ids.map((id) => reads.conversation(id)!);
  const entries = conversationEntries(index.db);
  walkFinder = conversationFinder(index.db, entries);
  // Both plans for text and tags: start from the matches (default at this size), and walk (threshold 1).
  planFinders = [conversationFinder(index.db, entries), conversationFinder(index.db, entries, 1)];
  const texts = index.db.prepare('SELECT text FROM message_texts WHERE text IS NOT NULL LIMIT 300').pluck().all() as string[];
  const tokens = texts.flatMap((t) => t.split(/\s+/).slice(0, 40)).filter((w) => /^[\p{L}\p{N}]{2,}$/u.test(w));
  words = [...new Set(tokens)].slice(0, 400);
  phrases = texts.flatMap((t) => {
    const ws = t.split(/\s+/).filter((w) => /^[\p{L}\p{N}]+$/u.test(w));
    return ws.length > 3 ? [ws.slice(1, 3).join(' '), ws.slice(0, 2).join(' ')] : [];
  });
  people = [...new Set(all.flatMap((e) => [...e.record.senders, ...e.record.recipients, ...e.record.subjects, e.record.customer]))].map((p) => p.toLowerCase());
  dates = all.flatMap((e) => [Date.parse(e.record.firstAt), Date.parse(e.record.lastAt)]);
}, 120_000);

/** The answer by definition: every conversation, matched in JS, sorted as the lists sort. */
function oracle(q: ConversationQuery): string[] {
  return oracleViews(q).map((v) => v.id);
}

function oracleViews(q: ConversationQuery): ConversationView[] {
  const textMatches = new Map<QueryNode, Set<string>>();
  for (const term of textTerms(q.query)) {
    const match = ftsMatch(term.value, term.phrase);
    const rows = match === null ? [] : (index.db.prepare('SELECT m.conversation_id FROM message_fts f JOIN messages m ON m.rowid = f.rowid WHERE message_fts MATCH ?').pluck().all(match) as string[]);
    textMatches.set(term, new Set(rows));
  }
  const ctx = { textMatches, customerName: (email: string) => reads.customer(email)?.name ?? '' };
  const views = all.map((e) => viewConversation(e.record, e.state, q.now)).filter((v) => matchConversation(v, q.query, ctx));
  // A promise that is due first (issue 19), then the list's own order.
  const due = (a: ConversationView, b: ConversationView) => Number(b.promise?.due ?? false) - Number(a.promise?.due ?? false);
  if (q.sort === 'waiting') views.sort((a, b) => due(a, b) || compareText(a.waitingSince ?? '~', b.waitingSince ?? '~') || compareText(b.lastMessageAt, a.lastMessageAt) || compareText(a.id, b.id));
  else views.sort((a, b) => due(a, b) || compareText(b.lastMessageAt, a.lastMessageAt) || compareText(a.id, b.id));
  return q.limit === undefined ? views : views.slice(0, q.limit);
}

const substring = (values: () => string[]) =>
  fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 1, max: 8 })).map(([i, start, len]) => {
    const v = values()[i % values().length];
    const from = start % Math.max(1, v.length);
    return v.slice(from, from + len) || 'a';
  });

const leaf: fc.Arbitrary<QueryNode> = fc.oneof(
  fc.constant<QueryNode>({ type: 'all' }),
  fc.constantFrom(...tags, 'nosuchtag').map((value): QueryNode => ({ type: 'tag', value })),
  fc.constantFrom(...conversationStatuses).map((value): QueryNode => ({ type: 'status', value })),
  fc.tuple(fc.constantFrom('from', 'to', 'subject', 'customer') as fc.Arbitrary<'from' | 'to' | 'subject' | 'customer'>, fc.oneof(substring(() => people), fc.constantFrom('é', 'ü', 'ı', '@', 'zzqq'))).map(
    ([type, value]): QueryNode => ({ type, value }),
  ),
  fc.constantFrom(...isValues).map((value): QueryNode => ({ type: 'is', value })),
  fc.constantFrom(...automatedKinds).map((value): QueryNode => ({ type: 'automated', value })),
  fc.tuple(fc.constantFrom('after', 'before') as fc.Arbitrary<'after' | 'before'>, fc.nat(), fc.integer({ min: -1, max: 1 })).map(
    ([type, i, shift]): QueryNode => ({ type, at: dates[i % dates.length] + shift * (i % 2 ? 1 : day) }),
  ),
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 10 })).map(([i, len]): QueryNode => ({ type: 'id', value: all[i % all.length].record.id.slice(0, len) })),
  fc.tuple(fc.nat(), fc.nat(), fc.boolean()).map(([i, j, two]): QueryNode => ({ type: 'text', value: two ? `${words[i % words.length]} ${words[j % words.length]}` : words[i % words.length], phrase: false })),
  fc.nat().map((i): QueryNode => ({ type: 'text', value: phrases[i % phrases.length], phrase: true })),
  fc.constantFrom('"', '*', 'NEAR', 'a AND', '東京', '').map((value): QueryNode => ({ type: 'text', value, phrase: value === 'NEAR' })),
);

const query: fc.Arbitrary<QueryNode> = fc.letrec<{ node: QueryNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('node'), { minLength: 1, maxLength: 3 }).map((items): QueryNode => ({ type: 'and', items })),
    fc.array(tie('node'), { minLength: 1, maxLength: 3 }).map((items): QueryNode => ({ type: 'or', items })),
    tie('node').map((item): QueryNode => ({ type: 'not', item })),
  ),
})).node;

const request: fc.Arbitrary<ConversationQuery> = fc.record({
  query,
  now: fc.constantFrom(Date.parse('2019-06-01'), Date.parse('2020-01-01'), Date.parse('2021-01-01'), Date.parse('2026-11-10')),
  sort: fc.constantFrom('activity', 'waiting') as fc.Arbitrary<'activity' | 'waiting'>,
  limit: fc.option(fc.constantFrom(1, 5, 50), { nil: undefined }),
});

describe('findConversations', () => {
  it('holds real mail in both directions, with decisions of every kind', () => {
    expect(all.length).toBeGreaterThan(100);
    const statuses = new Set(all.map((e) => viewConversation(e.record, e.state, Date.parse('2021-01-01')).status));
    expect([...statuses].sort()).toEqual([...conversationStatuses].sort());
    expect(all.some((e) => e.record.lastIsOutbound) && all.some((e) => e.record.waitingSince !== null)).toBe(true);
    // People and machines both (list mail kept as it came), for is:automated and automated:list.
    expect(all.some((e) => e.record.automatedOnly) && all.some((e) => !e.record.automatedOnly)).toBe(true);
  });

  it('answers what matchConversation over every conversation answers, for random queries, sorts and limits', () => {
    fc.assert(
      fc.property(request, (q) => {
        const expected = oracle(q);
        expect(store.findConversations(q).map((e) => e.record.id)).toEqual(expected);
        for (const finder of planFinders) expect(finder.find(q).map((e) => e.record.id)).toEqual(expected);
        // The JS path (for terms the compiler does not know) gives the same answer.
        expect(walkFinder.walk(q).map((e) => e.record.id)).toEqual(expected);
      }),
      { numRuns: 500, seed: 14, endOnFailure: true },
    );
  });

  it('lists the same conversations as rows that say what viewConversation says of each (status, unread, tags, counts, dates), with the name', () => {
    fc.assert(
      fc.property(request, (q) => {
        const expected = oracleViews(q).map((v) => ({ ...listItemOf(v), customerName: reads.customer(v.customer)?.name ?? '' }));
        expect(store.listConversations(q)).toEqual(expected);
        for (const finder of planFinders) expect(finder.items(q)).toEqual(expected);
      }),
      { numRuns: 300, seed: 15, endOnFailure: true },
    );
  });

  it('hands out each conversation as conversation(id) reads it', () => {
    const found = reads.findConversations({ query: { type: 'all' }, now: Date.parse('2021-01-01'), limit: 20 });
    expect(found).toHaveLength(20);
    for (const e of found) expect(e).toEqual(reads.conversation(e.record.id));
  });
});
