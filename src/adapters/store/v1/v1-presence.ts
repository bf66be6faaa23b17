/**
 * Whether the data folder has v1 work to do: a v1 store not migrated yet, or v1 files a committed
 * migration has not finished moving to v1-backup/. One readdir, run on every open: the migration
 * itself (and what it loads) is imported only when this says so.
 */
import { readdirSync } from 'node:fs';

export const indexName = 'index.sqlite';
/** What v1 kept in the data folder besides raw/ (shared with v2) and its lock. */
export const v1Names = ['mail.json', 'mail.json.bak', 'state.json', 'state.json.bak', 'messages', 'texts', 'fts'];
/** Temp files of a v1 write that was interrupted (v1's atomic-file.ts names them so). */
const v1TempFile = /^\.(mail|state)\.json\..+\.tmp$/;

export function topLevelNames(dir: string): Set<string> {
  try {
    return new Set(readdirSync(dir));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Set();
    throw error;
  }
}

export const v1Leftovers = (names: Set<string>) => [...names].filter((n) => v1Names.includes(n) || v1TempFile.test(n));

/** A v1 store beside which no index was committed: mail.json, state.json or shards (a first commit that never landed). */
export const holdsUnmigratedV1 = (names: Set<string>) => !names.has(indexName) && (names.has('mail.json') || names.has('state.json') || names.has('messages'));

/** Where a migration builds the new index (migrate-v1-store.ts): left behind by a migration killed before it finished. */
export const migrationDirName = '.v2-migration';

export function v1WorkPending(dataDir: string): boolean {
  const names = topLevelNames(dataDir);
  return holdsUnmigratedV1(names) || (names.has(indexName) && (v1Leftovers(names).length > 0 || names.has(migrationDirName)));
}
