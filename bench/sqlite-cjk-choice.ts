/**
 * Why CJK goes into the word index one character per token instead of a trigram table
 * (src/adapters/store/sqlite/fts-text.ts): index size, query time, and what each can find.
 *   node --import tsx bench/sqlite-cjk-choice.ts [documents=20000]
 */
import Database from 'better-sqlite3';
import { ftsDocument, ftsMatch } from '../src/adapters/store/sqlite/fts-text.js';

const count = Number(process.argv[2] ?? 20_000);
const sentences = ['注文した靴がまだ届きません。', '追跡番号を教えていただけますか？', '我的包裹丢失了，请帮我查一下。', '东京的天气很好。', '返品の手続きについて教えてください。', 'サイズが小さすぎました。'];
const db = new Database(':memory:');
db.exec("CREATE VIRTUAL TABLE perchar USING fts5(text, content='', tokenize='unicode61 remove_diacritics 2')");
db.exec("CREATE VIRTUAL TABLE trigram USING fts5(text, content='', tokenize='trigram')");
const addA = db.prepare('INSERT INTO perchar(rowid, text) VALUES (?, ?)');
const addB = db.prepare('INSERT INTO trigram(rowid, text) VALUES (?, ?)');
let seed = 7;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
db.transaction(() => {
  for (let i = 1; i <= count; i++) {
    const text = Array.from({ length: 3 }, () => sentences[Math.floor(rnd() * sentences.length)]).join('') + ` order ${i}`;
    addA.run(i, ftsDocument(text));
    addB.run(i, text);
  }
})();
const size = (t: string) => (db.prepare(`SELECT sum(length(block)) FROM ${t}_data`).pluck().get() as number) / 1024;
const time = (sql: string, arg: string) => {
  const st = db.prepare(sql).pluck();
  st.all(arg);
  const t = performance.now();
  let n = 0;
  for (let i = 0; i < 10; i++) n = st.all(arg).length;
  return { ms: ((performance.now() - t) / 10).toFixed(2), n };
};
console.log(`${count} documents of Japanese and Chinese support text`);
console.log(`  index size: per-character ${size('perchar').toFixed(0)} KiB, trigram ${size('trigram').toFixed(0)} KiB`);
for (const word of ['包裹', '届きません', '东京', '丢失了']) {
  const a = time('SELECT rowid FROM perchar WHERE perchar MATCH ?', ftsMatch(word, false)!);
  const b = time('SELECT rowid FROM trigram WHERE trigram MATCH ?', `"${word}"`);
  console.log(`  ${word} (${[...word].length} chars): per-character ${a.n} hits in ${a.ms} ms; trigram ${b.n} hits in ${b.ms} ms`);
}
