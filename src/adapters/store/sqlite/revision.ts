/**
 * The revision: one counter in meta, bumped once by every write transaction; rows written carry it
 * (`rev`, `state_rev`). It is the store's clock for change detection only (sync, caches, "another
 * process committed"), never a date and never an identity.
 */
import type Database from 'better-sqlite3';

export type Revisions = {
  /** The last committed revision. */
  current(): number;
  /** Bumps the counter and returns the new revision. Call inside the write transaction it stamps. */
  next(): number;
  /** Runs `fn` in one IMMEDIATE transaction stamped with a fresh revision. */
  write<T>(fn: (rev: number) => T): T;
  /** SQLite's per-connection change counter: it moves when another connection committed. Cheap. */
  dataVersion(): number;
};

export function revisions(db: Database.Database): Revisions {
  const read = db.prepare("SELECT CAST(value AS INTEGER) AS rev FROM meta WHERE key = 'revision'").pluck();
  const bump = db.prepare("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'revision' RETURNING CAST(value AS INTEGER)").pluck();
  const current = () => read.get() as number;
  const next = () => bump.get() as number;
  return {
    current,
    next,
    write<T>(fn: (rev: number) => T): T {
      // IMMEDIATE takes the write lock at BEGIN: a second writer waits (busy_timeout) instead of failing on upgrade.
      return db.transaction(() => fn(next())).immediate();
    },
    dataVersion: () => db.pragma('data_version', { simple: true }) as number,
  };
}
