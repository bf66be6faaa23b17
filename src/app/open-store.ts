/**
 * The store's open path: a v1 store (the JSON layout of the previous release) is migrated first
 * (adapters/store/v1/migrate-v1-store.ts), then the v2 store opens. The migration and what it loads
 * are imported only when the data folder holds v1 work (one readdir), so a command on a v2 store
 * pays nothing for it.
 */
import { readFile } from 'node:fs/promises';
import type { MessageParser } from '../core/ports/message-parser.js';
import { openSqliteMailStore, type SqliteMailStore, type SqliteMailStoreOptions } from '../adapters/store/sqlite/sqlite-mail-store.js';
import { v1WorkPending } from '../adapters/store/v1/v1-presence.js';
import type { MigrateV1Options } from '../adapters/store/v1/migrate-v1-store.js';

export type OpenStoreOptions = SqliteMailStoreOptions & { migration?: Partial<MigrateV1Options> };

export async function openStore(dataDir: string, parser: MessageParser, options: OpenStoreOptions = {}): Promise<SqliteMailStore> {
  const { migration, ...storeOptions } = options;
  if (v1WorkPending(dataDir)) {
    const { migrateV1Store } = await import('../adapters/store/v1/migrate-v1-store.js');
    await migrateV1Store(dataDir, { ...(await v1MigrationOptions(parser)), ...migration });
  }
  return openSqliteMailStore(dataDir, storeOptions);
}

/** How the migration gets each message's new text for the search index: from the text v1 kept (as the parser derives it), else from the raw file. */
export async function v1MigrationOptions(parser: MessageParser): Promise<MigrateV1Options> {
  const { newTextOfPlain, newTextOfSplit } = await import('../adapters/mime/quote-fragments.js');
  return {
    newText: async (m, rawPath) => {
      if (m.text !== undefined) return m.split ? newTextOfSplit(m.text, m.split) : newTextOfPlain(m.text);
      return (await parser.parse(await readFile(rawPath))).newText;
    },
  };
}
