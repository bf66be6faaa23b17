/**
 * better-sqlite3, loaded the cheap way: it is CommonJS, and an ESM `import` of it makes Node's ESM
 * loader run its CommonJS export scanner (cjs-module-lexer) first; `require` does not. And its
 * native addon is opened by its path: left to itself, better-sqlite3 asks the `bindings` package,
 * which probes a dozen candidate folders for it. Together about 30 ms of every command's start-up
 * on a 2-core machine (node --cpu-prof of `h2h tag`). When the addon is not at the path npm builds
 * it to (a custom build layout), `bindings` finds it as before.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// Not named `require`: the bundler would take it for the CommonJS one and try to bundle the package.
const requireCjs = createRequire(import.meta.url);

export type SqliteDatabase = BetterSqlite3.Database;

let loaded: { Database: typeof BetterSqlite3; addon: string | undefined } | undefined;

function load(): NonNullable<typeof loaded> {
  if (!loaded) {
    const Database = requireCjs('better-sqlite3') as typeof BetterSqlite3;
    const addon = join(dirname(requireCjs.resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node');
    loaded = { Database, addon: existsSync(addon) ? addon : undefined };
  }
  return loaded;
}

/** `new Database(file, options)` of better-sqlite3. */
export function openDatabase(file: string, options: BetterSqlite3.Options = {}): SqliteDatabase {
  const { Database, addon } = load();
  return new Database(file, addon ? { nativeBinding: addon, ...options } : options);
}
