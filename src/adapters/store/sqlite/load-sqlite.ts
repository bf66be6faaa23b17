/**
 * better-sqlite3, loaded the cheap way (node --cpu-prof of `h2h tag`: about 20 ms of its start-up
 * on a 2-core machine went here). Its JavaScript is bundled with ours (npm run build): Node would
 * otherwise resolve and load a dozen CommonJS files, and an ESM `import` of them also runs its
 * CommonJS export scanner. Its native addon is opened by the path npm builds it to: left to itself,
 * better-sqlite3 asks the `bindings` package, which probes a dozen candidate folders (and, from a
 * bundle, would look in the wrong package). Where the addon is not at that path (a custom build
 * layout), the package is loaded as installed and finds its addon as it always does.
 */
import type BetterSqlite3 from 'better-sqlite3';
import Bundled from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// Not named `require`: the bundler would take it for the CommonJS one and bundle what it loads.
const requireCjs = createRequire(import.meta.url);

export type SqliteDatabase = BetterSqlite3.Database;

let loaded: { Database: typeof BetterSqlite3; addon?: object } | undefined;

function load(): NonNullable<typeof loaded> {
  if (!loaded) {
    const addon = join(dirname(requireCjs.resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node');
    loaded = existsSync(addon) ? { Database: Bundled, addon: requireCjs(addon) as object } : { Database: requireCjs('better-sqlite3') as typeof BetterSqlite3 };
  }
  return loaded;
}

/** `new Database(file, options)` of better-sqlite3. */
export function openDatabase(file: string, options: BetterSqlite3.Options = {}): SqliteDatabase {
  const { Database, addon } = load();
  // better-sqlite3 takes the loaded addon object as nativeBinding too (its types say only a path).
  return new Database(file, addon ? ({ nativeBinding: addon, ...options } as BetterSqlite3.Options) : options);
}
