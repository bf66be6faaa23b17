/**
 * A real SQLite store in a temp folder with the real parser and ImportService, without the rest of
 * the services: for tests of import and the store's intake part.
 */
import { join } from 'node:path';
import { PostalMimeParser } from '../../src/adapters/mime/postal-mime-parser.js';
import { openMailIndex } from '../../src/adapters/store/sqlite/mail-index.js';
import { openSqliteMailStore, type SqliteMailStore } from '../../src/adapters/store/sqlite/sqlite-mail-store.js';
import { systemClock, type Clock } from '../../src/core/ports/clock.js';
import type { MessageIntake } from '../../src/core/ports/message-intake.js';
import { ImportService } from '../../src/core/services/import-service.js';
import { agent } from './store-fixture.js';
import { tempDir } from './temp-dir.js';

export type ImportFixture = { dataDir: string; store: SqliteMailStore; importer: ImportService; parser: PostalMimeParser };

export async function importFixture(o: { shop?: string[]; subjectWindowDays?: number; clock?: Clock; dataDir?: string; intake?: (store: SqliteMailStore, parser: PostalMimeParser) => MessageIntake } = {}): Promise<ImportFixture> {
  const dataDir = o.dataDir ?? join(tempDir(), 'data');
  const store = await openSqliteMailStore(dataDir);
  const parser = new PostalMimeParser();
  const shopAddresses = new Set(o.shop ?? [agent.email, ...agent.aliases]);
  const importer = new ImportService(store, parser, { shopAddresses, subjectWindowDays: o.subjectWindowDays ?? 30 }, o.clock ?? systemClock, o.intake?.(store, parser));
  return { dataDir, store, importer, parser };
}

/** Every conversation's messages (Message-IDs, in seq order), read through the intake part: conversations as the store groups them. */
export function conversationsOf(f: ImportFixture): Map<string, string[]> {
  const index = openMailIndex(f.dataDir);
  try {
    const ids = index.db.prepare('SELECT id FROM conversations ORDER BY id').pluck().all() as string[];
    return new Map(ids.map((id) => [id, f.store.conversationMessages(id).sort((a, b) => a.seq - b.seq).map((m) => m.messageId)]));
  } finally {
    index.close();
  }
}

/** Every stored message, in seq order. */
export function allMessages(f: ImportFixture) {
  const index = openMailIndex(f.dataDir);
  try {
    const seqs = index.db.prepare('SELECT rowid FROM messages ORDER BY rowid').pluck().all() as number[];
    return f.store.messages(seqs);
  } finally {
    index.close();
  }
}
