/** Statements prepared on first use (lazy-statements.ts), on a real better-sqlite3 database. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../src/adapters/store/sqlite/load-sqlite.js';
import { prepareOnFirstUse } from '../../../../src/adapters/store/sqlite/lazy-statements.js';
import { tempDir } from '../../../helpers/temp-dir.js';

function database() {
  const db = openDatabase(join(tempDir(), 'lazy.sqlite'));
  db.exec('CREATE TABLE t(a INTEGER, b TEXT)');
  return db;
}

describe('statements prepared on first use', () => {
  it('prepares nothing until a statement runs: a statement on a table made later works', () => {
    const db = database();
    prepareOnFirstUse(db);
    const insert = db.prepare('INSERT INTO later(x) VALUES (?)');
    const count = db.prepare('SELECT count(*) FROM later').pluck();
    expect(insert.source).toBe('INSERT INTO later(x) VALUES (?)');
    db.exec('CREATE TABLE later(x INTEGER)');
    expect(insert.run(7).changes).toBe(1);
    expect(count.get()).toBe(1);
  });

  it('runs as a prepared statement does: pluck and raw set before or after the first run, get, all, iterate', () => {
    const db = database();
    prepareOnFirstUse(db);
    const insert = db.prepare('INSERT INTO t(a, b) VALUES (?, ?)');
    for (const [a, b] of [[1, 'x'], [2, 'y']] as const) insert.run(a, b);
    const a = db.prepare('SELECT a FROM t ORDER BY a').pluck();
    expect(a.all()).toEqual([1, 2]);
    const rows = db.prepare('SELECT a, b FROM t ORDER BY a');
    expect(rows.get()).toEqual({ a: 1, b: 'x' });
    rows.pluck();
    expect([...rows.iterate()]).toEqual([1, 2]);
    rows.pluck(false);
    expect(rows.all()).toEqual([{ a: 1, b: 'x' }, { a: 2, b: 'y' }]);
    // Raw rows (arrays), set before the first run and after it.
    const arrays = db.prepare('SELECT a, b FROM t ORDER BY a').raw();
    expect(arrays.all()).toEqual([[1, 'x'], [2, 'y']]);
    rows.raw();
    expect(rows.get()).toEqual([1, 'x']);
  });

  it('reports an error in the SQL when the statement first runs', () => {
    const db = database();
    prepareOnFirstUse(db);
    const bad = db.prepare('SELEC nothing');
    expect(() => bad.all()).toThrow(/syntax error/);
  });
});
