import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

/** Where h2h keeps its files, resolved once from flags, environment and the XDG base directory spec. */
export type Paths = {
  configFile: string;
  /** Folder holding config.json, snippets and saved searches. */
  configDir: string;
  dataDir: string;
};

export type PathOverrides = { config?: string; dataDir?: string };

type Env = Record<string, string | undefined>;

/** XDG says relative values are invalid and must be ignored. */
function xdgBase(env: Env, name: string, fallback: string): string {
  const value = env[name];
  return value && isAbsolute(value) ? value : join(env.HOME || homedir(), fallback);
}

/** Flags beat environment, environment beats XDG defaults. */
export function resolvePaths(overrides: PathOverrides = {}, env: Env = process.env): Paths {
  const configFile = resolve(overrides.config ?? env.H2H_CONFIG ?? join(xdgBase(env, 'XDG_CONFIG_HOME', '.config'), 'h2h', 'config.json'));
  const dataDir = resolve(overrides.dataDir ?? env.H2H_DATA_DIR ?? join(xdgBase(env, 'XDG_DATA_HOME', '.local/share'), 'h2h'));
  return { configFile, configDir: resolve(configFile, '..'), dataDir };
}

/** The demo keeps its own folders so it never touches the user's real store. */
export function demoPaths(env: Env = process.env): Paths {
  const base = join(xdgBase(env, 'XDG_DATA_HOME', '.local/share'), 'h2h-demo');
  return { configFile: join(base, 'config.json'), configDir: base, dataDir: join(base, 'data') };
}
