/**
 * Statements prepared on first use. The store's parts declare their ~180 statements when the store
 * opens, and `h2h tag` runs five of them: preparing all of them cost about 6 ms of every command's
 * start (node --cpu-prof). Each statement is prepared once, when first run, and kept.
 *
 * Only the Statement methods the store uses are offered (run, get, all, iterate, pluck, raw, source);
 * anything else is a type error here, not a surprise at run time.
 */
import type BetterSqlite3 from 'better-sqlite3';

type Statement = BetterSqlite3.Statement<unknown[], unknown>;

class LazyStatement {
  private prepared: Statement | undefined;
  private plucked = false;
  private rawRows = false;

  constructor(
    readonly source: string,
    private readonly prepare: (source: string) => Statement,
  ) {}

  private get statement(): Statement {
    if (!this.prepared) {
      this.prepared = this.prepare(this.source);
      if (this.plucked) this.prepared.pluck(true);
      if (this.rawRows) this.prepared.raw(true);
    }
    return this.prepared;
  }

  pluck(on = true): this {
    this.plucked = on;
    this.prepared?.pluck(on);
    return this;
  }

  /** Rows as arrays of column values (better-sqlite3's raw mode). */
  raw(on = true): this {
    this.rawRows = on;
    this.prepared?.raw(on);
    return this;
  }

  run(...params: unknown[]): BetterSqlite3.RunResult {
    return this.statement.run(...params);
  }

  get(...params: unknown[]): unknown {
    return this.statement.get(...params);
  }

  all(...params: unknown[]): unknown[] {
    return this.statement.all(...params);
  }

  iterate(...params: unknown[]): IterableIterator<unknown> {
    return this.statement.iterate(...params);
  }
}

/** Makes `db.prepare` return statements prepared on first use. */
export function prepareOnFirstUse(db: BetterSqlite3.Database): void {
  const prepare = db.prepare.bind(db) as (source: string) => Statement;
  db.prepare = ((source: string) => new LazyStatement(source, prepare)) as unknown as typeof db.prepare;
}
