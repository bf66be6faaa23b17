import { closeSync, copyFileSync, existsSync, openSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { StoreCorruptError, StoreTooNewError } from '../../../../src/core/errors.js';
import { migrate, openIndex, storedSchemaVersion } from '../../../../src/adapters/store/sqlite/open-index.js';
import { migrations, schemaVersion } from '../../../../src/adapters/store/sqlite/schema.js';
import { tempDir } from '../../../helpers/temp-dir.js';

const tables = (db: Database.Database) =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table') AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'message_fts_%' ORDER BY name").pluck().all() as string[]);

describe('openIndex', () => {
  it('creates every table of the plan, at the current schema version, with WAL, busy_timeout, foreign keys and synchronous=NORMAL', () => {
    const { db } = openIndex(join(tempDir(), 'data'), { busyTimeoutMs: 1234 });
    expect(tables(db)).toEqual(
      [
        'conversation_aliases', 'conversation_participants', 'conversation_tags', 'conversations', 'customer_addresses', 'customers', 'folder_too_large', 'folder_uids',
        'folders', 'message_copies', 'message_fts', 'message_refs', 'message_texts', 'messages', 'meta', 'notes', 'pending_raw_deletes',
        'shared_entries', 'shared_pending',
      ].sort(),
    );
    expect(storedSchemaVersion(db)).toBe(schemaVersion);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('busy_timeout', { simple: true })).toBe(1234);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    db.close();
  });

  it('keeps its data and version when reopened', () => {
    const dir = tempDir();
    const first = openIndex(dir);
    first.db.prepare("INSERT INTO meta(key, value) VALUES ('account', 'anna@imap:993')").run();
    first.db.close();
    const again = openIndex(dir);
    expect(again.db.prepare("SELECT value FROM meta WHERE key = 'account'").pluck().get()).toBe('anna@imap:993');
    expect(storedSchemaVersion(again.db)).toBe(schemaVersion);
    again.db.close();
  });

  it('makes the data folder 0700 and the index and its WAL files 0600, whatever the umask', () => {
    const dir = join(tempDir(), 'nested', 'data');
    const old = process.umask(0o000);
    try {
      const { db, file } = openIndex(dir);
      db.prepare("INSERT INTO meta(key, value) VALUES ('x', 'y')").run();
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      for (const f of [file, `${file}-wal`, `${file}-shm`]) expect(statSync(f).mode & 0o777, f).toBe(0o600);
      db.close();
    } finally {
      process.umask(old);
    }
  });

  it('opens an existing index read-only (no write possible) and refuses a missing one', () => {
    const dir = tempDir();
    openIndex(dir).db.close();
    const { db } = openIndex(dir, { readonly: true });
    expect(storedSchemaVersion(db)).toBe(schemaVersion);
    expect(() => db.prepare("INSERT INTO meta(key, value) VALUES ('x', 'y')").run()).toThrow(/readonly/);
    db.close();
    expect(() => openIndex(join(dir, 'missing'), { readonly: true })).toThrow();
    expect(existsSync(join(dir, 'missing'))).toBe(false);
  });

  it('refuses a store written by a newer h2h', () => {
    const dir = tempDir();
    const { db, file } = openIndex(dir);
    db.prepare("UPDATE meta SET value = ? WHERE key = 'schema'").run(String(schemaVersion + 1));
    db.close();
    expect(() => openIndex(dir)).toThrow(StoreTooNewError);
    expect(() => openIndex(dir)).toThrow(file);
  });

  it('refuses a file that is not a database, without overwriting it', () => {
    const dir = tempDir();
    const file = join(dir, 'index.sqlite');
    writeFileSync(file, 'x'.repeat(4096));
    expect(() => openIndex(dir)).toThrow(StoreCorruptError);
    expect(statSync(file).size).toBe(4096);
  });

  it('opens a store killed in the middle of a checkpoint: the file shorter than its header says, the pages in the WAL', () => {
    const dir = tempDir();
    const first = openIndex(dir);
    const put = (db: Database.Database, from: number) => {
      const insert = db.prepare('INSERT INTO meta(key, value) VALUES (?, ?)');
      for (let i = from; i < from + 200; i++) insert.run(`k${i}`, `${i}`.padEnd(3000, '.'));
    };
    put(first.db, 0);
    first.db.close(); // checkpointed: the file whole, no WAL
    const open = openIndex(dir);
    open.db.pragma('wal_autocheckpoint = 0');
    put(open.db, 200); // the file grows in the WAL only
    // What kill -9 leaves a moment into the checkpoint: page 1 (with the new page count) written, the rest not yet.
    const crashed = tempDir();
    const file = join(crashed, 'index.sqlite');
    copyFileSync(join(dir, 'index.sqlite'), file);
    copyFileSync(join(dir, 'index.sqlite-wal'), `${file}-wal`);
    open.db.close();
    const wal = readFileSync(`${file}-wal`);
    const pageSize = wal.readUInt32BE(8);
    let page1: Buffer | undefined;
    for (let at = 32; at + 24 + pageSize <= wal.length; at += 24 + pageSize) if (wal.readUInt32BE(at) === 1) page1 = wal.subarray(at + 24, at + 24 + pageSize);
    const fd = openSync(file, 'r+');
    writeSync(fd, page1!, 0, pageSize, 0);
    closeSync(fd);
    const header = readFileSync(file).subarray(0, 100);
    expect(statSync(file).size).toBeLessThan(pageSize * header.readUInt32BE(28));

    const again = openIndex(crashed);
    expect(again.db.prepare("SELECT count(*) FROM meta WHERE key LIKE 'k%'").pluck().get()).toBe(400);
    again.db.close();
    // And a file cut short with no WAL to give the pages back is still refused.
    writeFileSync(file, readFileSync(file).subarray(0, 8 * pageSize));
    expect(() => openIndex(crashed)).toThrow(/cut short/);
  });

  it('runs later migrations in order, once, each recorded as the schema version', () => {
    const dir = tempDir();
    const { db, file } = openIndex(dir);
    const ran: number[] = [];
    const future = {
      ...migrations,
      [schemaVersion + 1]: (d: Database.Database) => (ran.push(schemaVersion + 1), d.exec('ALTER TABLE customers ADD COLUMN future_field TEXT')),
      [schemaVersion + 2]: (d: Database.Database) => (ran.push(schemaVersion + 2), d.exec('CREATE INDEX customers_future ON customers(future_field)')),
    };
    migrate(db, file, schemaVersion + 2, future);
    migrate(db, file, schemaVersion + 2, future);
    expect(ran).toEqual([schemaVersion + 1, schemaVersion + 2]);
    expect(storedSchemaVersion(db)).toBe(schemaVersion + 2);
    db.close();
  });

  it('leaves the store at the last whole version when a migration fails', () => {
    const dir = tempDir();
    const { db, file } = openIndex(dir);
    const failing = { ...migrations, [schemaVersion + 1]: (d: Database.Database) => (d.exec('CREATE TABLE half(x)'), d.exec('NOT SQL')) };
    expect(() => migrate(db, file, schemaVersion + 1, failing)).toThrow();
    expect(storedSchemaVersion(db)).toBe(schemaVersion);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'half'").pluck().get()).toBe(0);
    db.close();
  });
});
