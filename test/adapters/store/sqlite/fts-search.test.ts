import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ftsDocument, ftsMatch, maxIndexedText } from '../../../../src/adapters/store/sqlite/fts-text.js';
import { manyMatches } from '../../../../src/adapters/store/sqlite/conversation-queries.js';
import { addConversation, meta, openTemp } from './index-fixture.js';

/** Conversation ids whose text matches the query term, newest activity first. */
function search(index: ReturnType<typeof openTemp>, value: string, phrase = false, limit = 50): string[] {
  const match = ftsMatch(value, phrase);
  return match === null ? [] : index.queries.byText(match, limit).map((c) => c.id);
}

const day = (d: number) => new Date(Date.UTC(2026, 0, d)).toISOString();

function corpus() {
  const index = openTemp();
  const add = (id: string, d: number, text: string) => addConversation(index, id, [{ meta: meta({ date: day(d) }), text }]);
  add('cphrase', 3, 'Hello, my parcel was lost in transit last week.');
  add('cwords', 5, 'The parcel arrived but one shoe was lost.');
  add('cnone', 7, 'Thank you for the quick answer!');
  add('cfinnish', 9, 'Tilaamani kengät ovat liian pienet, Müller');
  add('czh', 11, '我的包裹丢失了，请帮我查一下。');
  add('cja', 13, '注文した靴がまだ届きません。東京都に住んでいます。');
  add('capart', 15, '東の空と京の町'); // 東 and 京, not side by side
  return index;
}

describe('FTS5 search', () => {
  it('an unquoted term needs every word, anywhere; a quoted term needs the exact phrase', () => {
    const index = corpus();
    expect(search(index, 'lost parcel').sort()).toEqual(['cphrase', 'cwords']);
    expect(search(index, 'parcel lost').sort()).toEqual(['cphrase', 'cwords']);
    expect(search(index, 'parcel was lost', true)).toEqual(['cphrase']);
    expect(search(index, 'lost parcel', true)).toEqual([]);
    expect(search(index, 'lost in transit', true)).toEqual(['cphrase']);
    expect(search(index, 'lost nowhere')).toEqual([]);
    index.close();
  });

  it('ranks matches by recency: the newest activity first, not by how often the words occur', () => {
    const index = openTemp();
    addConversation(index, 'cold', [{ meta: meta({ date: day(1) }), text: 'refund refund refund refund refund' }]);
    addConversation(index, 'cnew', [{ meta: meta({ date: day(20) }), text: 'about my refund' }]);
    addConversation(index, 'cmid', [{ meta: meta({ date: day(10) }), text: 'a refund please' }]);
    expect(search(index, 'refund')).toEqual(['cnew', 'cmid', 'cold']);
    expect(search(index, 'refund', false, 2)).toEqual(['cnew', 'cmid']);
    // A conversation ranks by its last activity, even when the matching message is older.
    addConversation(index, 'cthread', [
      { meta: meta({ date: day(2) }), text: 'refund for my boots' },
      { meta: meta({ date: day(30), direction: 'out' }), text: 'done, sent today' },
    ]);
    expect(search(index, 'refund')[0]).toBe('cthread');
    expect(index.queries.messagesByText(ftsMatch('refund', false)!, 2)).toHaveLength(2);
    index.close();
  });

  it('ranks the same whether few or many messages match (the two plans of byText)', () => {
    const index = openTemp();
    const made: { id: string; lastAt: number; words: string }[] = [];
    for (let i = 0; i < manyMatches * 2; i++) {
      // Dates out of creation order, some equal (ties go by id).
      const lastAt = Date.UTC(2026, 0, 1) + ((i * 7919) % 997) * 3_600_000;
      const words = i % 3 === 0 ? 'nothing here' : i % 3 === 1 ? 'parcel lost' : 'parcel late rare' + (i % 100 === 2 ? ' unicorn' : '');
      made.push({ id: `c${String(i).padStart(4, '0')}`, lastAt, words });
    }
    for (const c of made) addConversation(index, c.id, [{ meta: meta({ date: new Date(c.lastAt).toISOString() }), text: c.words }]);
    const expected = (word: string, limit: number) =>
      made
        .filter((c) => c.words.split(' ').includes(word))
        .sort((a, b) => b.lastAt - a.lastAt || (a.id < b.id ? -1 : 1))
        .slice(0, limit)
        .map((c) => c.id);
    expect(made.filter((c) => c.words.includes('parcel')).length).toBeGreaterThanOrEqual(manyMatches);
    for (const [word, limit] of [['parcel', 50], ['parcel', 1000], ['unicorn', 50], ['lost', 7]] as const) expect(search(index, word, false, limit), word).toEqual(expected(word, limit));
    index.close();
  });

  it('folds case and diacritics the same way in text and query', () => {
    const index = corpus();
    expect(search(index, 'KENGÄT')).toEqual(['cfinnish']);
    expect(search(index, 'kengat')).toEqual(['cfinnish']);
    expect(search(index, 'muller')).toEqual(['cfinnish']);
    index.close();
  });

  it('finds Chinese and Japanese by a 2-character word and by a phrase, with the characters side by side', () => {
    const index = corpus();
    expect(search(index, '包裹')).toEqual(['czh']);
    expect(search(index, '丢失')).toEqual(['czh']);
    expect(search(index, '包裹丢失', true)).toEqual(['czh']);
    expect(search(index, '丢失包裹', true)).toEqual([]);
    expect(search(index, '東京')).toEqual(['cja']); // not 'capart', where 東 and 京 stand apart
    expect(search(index, '届きません')).toEqual(['cja']);
    expect(search(index, 'まだ届き', true)).toEqual(['cja']);
    expect(search(index, '東 京').sort()).toEqual(['capart', 'cja']); // two words typed: both, anywhere
    index.close();
  });

  it('indexes the start of long text only, split per character for unsegmented scripts', () => {
    expect(ftsDocument('x'.repeat(maxIndexedText + 10))).toHaveLength(maxIndexedText);
    expect(ftsDocument('a東京b')).toBe('a 東  京 b');
  });

  it('never hands FTS5 syntax from user text: quotes, NEAR, AND/OR/NOT, *, ^, column filters and parentheses are words or nothing', () => {
    const index = corpus();
    addConversation(index, 'csyntax', [{ meta: meta({ date: day(20) }), text: 'NEAR the text column OR not AND star' }]);
    for (const hostile of ['"', '""', 'lost"', 'NEAR(lost parcel)', 'lost NEAR parcel', 'lost*', '^lost', 'text:lost', 'text : lost', '(lost', 'lost)', '-lost', '+lost', 'lost OR cnone', 'NOT', 'AND', '{text}: lost', '*', ':', '\u0000lost']) {
      expect(() => search(index, hostile, false), hostile).not.toThrow();
      expect(() => search(index, hostile, true), hostile).not.toThrow();
    }
    expect(search(index, 'lost OR thank')).toEqual([]); // OR is a word here, as in the query language's free text
    expect(search(index, 'NEAR')).toEqual(['csyntax']);
    expect(search(index, 'text:column')).toEqual(['csyntax']); // both words, not a column filter
    expect(search(index, 'text:lost')).toEqual([]);
    expect(ftsMatch('***', false)).toBeNull();
    expect(ftsMatch('"', true)).toBeNull();
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ maxLength: 40 }), fc.boolean(), (a, b, phrase) => {
        for (const text of [a, b, `${a} ${b}`]) search(index, text, phrase);
      }),
      { numRuns: 500 },
    );
    index.close();
  });
});
