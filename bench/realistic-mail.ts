/**
 * Realistic support mail for the issue-14 benchmark, and everything prepared from it, cached outside
 * the repository so a rerun starts measuring at once:
 *
 *   $H2H_BENCH_CACHE (default ~/.cache/h2h-bench)/mail-<N>/
 *     corpus/          ../shared/bench-mail/gen-corpus.mjs --count N --seed 7 --holdback 100
 *                      (deterministic: the same N gives the same bytes); Maildir/ is INBOX,
 *                      Maildir/.Sent the shop's replies, incoming/ the 100 messages that arrive later
 *     h2h-<build>/     an h2h data folder made by `h2h import` of the corpus with this build (the
 *                      bundle's hash: a store written by another build is never measured as this one's)
 *     notmuch-<ver>/   a notmuch database of the same corpus (mail_root points at corpus/Maildir),
 *                      with its own config through NOTMUCH_CONFIG: the user's own notmuch setup is
 *                      never read or touched
 *
 * The h2h store and the notmuch database are prepared by timed runs (`h2h import`, `notmuch new`),
 * which are the import-rate figures; both are redone together (one run, the same load on the
 * machine) when either is missing or `fresh` is asked for.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { timeProcess, type ProcessRun } from './time-process.js';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const h2hBin = join(root, 'bin/h2h.js');
const seed = 7;
export const holdback = 100;

export const cacheRoot = process.env.H2H_BENCH_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'h2h-bench');

/** ../shared/bench-mail from the main checkout or from a worktree under ../wt/; H2H_BENCH_MAIL overrides. */
function benchMailDir(): string {
  const candidates = [process.env.H2H_BENCH_MAIL, join(root, '..', 'shared', 'bench-mail'), join(root, '..', '..', 'shared', 'bench-mail')];
  const found = candidates.find((dir) => dir && existsSync(join(dir, 'gen-corpus.mjs')));
  if (!found) throw new Error(`gen-corpus.mjs not found (looked in ${candidates.filter(Boolean).join(', ')}); set H2H_BENCH_MAIL to the bench-mail folder`);
  return found;
}

export type Corpus = {
  count: number;
  dir: string;
  /** What `h2h import` and mbsync read: INBOX and Sent maildirs. */
  maildirs: { INBOX: string; Sent: string };
  /** The held-back messages in arrival order. */
  incoming: { folder: 'INBOX' | 'Sent'; file: string }[];
  bytes: number;
  shop: { name: string; email: string };
};

export async function ensureCorpus(count: number): Promise<Corpus> {
  const base = join(cacheRoot, `mail-${count}`);
  const dir = join(base, 'corpus');
  const mail = benchMailDir();
  if (!existsSync(join(dir, 'manifest.json'))) {
    // Written beside and renamed into place: an interrupted generation never looks like a corpus.
    const partial = `${dir}.partial`;
    rmSync(partial, { recursive: true, force: true });
    mkdirSync(base, { recursive: true });
    process.stderr.write(`generating ${count.toLocaleString('en')} messages of realistic mail into ${dir} (once)…\n`);
    const r = spawnSync(process.execPath, [join(mail, 'gen-corpus.mjs'), '--count', String(count), '--seed', String(seed), '--holdback', String(holdback), '--out', partial, '--quiet'], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) throw new Error('gen-corpus.mjs failed');
    renameSync(partial, dir);
  }
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { bytes: number };
  const incoming = readFileSync(join(dir, 'incoming/ORDER'), 'utf8').trim().split('\n').map((line) => {
    const [folder, name] = line.split(' ') as ['INBOX' | 'Sent', string];
    return { folder, file: join(dir, 'incoming', folder, name) };
  });
  const { SHOP } = (await import(pathToFileURL(join(mail, 'corpus-text.mjs')).href)) as { SHOP: { name: string; email: string } };
  return { count, dir, maildirs: { INBOX: join(dir, 'Maildir'), Sent: join(dir, 'Maildir', '.Sent') }, incoming, bytes: manifest.bytes, shop: { name: SHOP.name, email: SHOP.email } };
}

/** The build under test: the CLI entry and its bundle. */
export function buildId(): string {
  const hash = createHash('sha256').update(readFileSync(h2hBin));
  const bundle = join(root, 'dist', 'bundle');
  if (!existsSync(bundle)) throw new Error('dist/bundle is missing: run npm run build');
  // The bundle's files, its threads' entry points in their folders included.
  for (const name of (readdirSync(bundle, { recursive: true }) as string[]).sort()) {
    const file = join(bundle, name);
    if (statSync(file).isFile()) hash.update(name).update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 12);
}

/** An h2h data folder with its own config and home, so nothing of the user's is read. */
export type H2hStore = { dir: string; env: Record<string, string>; importRun: ProcessRun | null };

export function h2hEnv(dir: string): Record<string, string> {
  const home = join(dir, 'home');
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local/share'),
    H2H_CONFIG: join(dir, 'config.json'),
    H2H_DATA_DIR: join(dir, 'data'),
  };
}

export type NotmuchDb = { dir: string; env: Record<string, string>; version: string; newRun: ProcessRun | null };

export function notmuchVersion(): string | null {
  const r = spawnSync('notmuch', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

function notmuchAt(dir: string, version: string): NotmuchDb {
  const config = join(dir, 'config');
  return { dir, version, newRun: null, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, NOTMUCH_CONFIG: config } };
}

/**
 * The h2h store and notmuch database of the corpus; `importRun` / `newRun` are set when this call
 * made them (timed), null when they came from the cache. `withNotmuch` false: the h2h store only
 * (the scale run, where a notmuch database of a million messages would cost hours and say nothing).
 */
export function ensureIndexes(corpus: Corpus, fresh: boolean, withNotmuch = true): { h2h: H2hStore; notmuch: NotmuchDb | null } {
  const base = dirname(corpus.dir);
  const h2hDir = join(base, `h2h-${buildId()}`);
  const version = withNotmuch ? notmuchVersion() : null;
  const nmDir = version ? join(base, `notmuch-${version.replace(/^notmuch\s*/, '').replace(/[^\w.]+/g, '-')}`) : null;
  const h2h: H2hStore = { dir: h2hDir, env: h2hEnv(h2hDir), importRun: null };
  const notmuch = version && nmDir ? notmuchAt(nmDir, version) : null;
  const ready = (dir: string) => existsSync(join(dir, 'ready'));
  if (!fresh && ready(h2hDir) && (!nmDir || ready(nmDir))) return { h2h, notmuch };

  rmSync(h2hDir, { recursive: true, force: true });
  mkdirSync(join(h2hDir, 'home'), { recursive: true });
  writeFileSync(h2h.env.H2H_CONFIG, JSON.stringify({ agent: corpus.shop }), { mode: 0o600 });
  process.stderr.write(`h2h import of ${corpus.count.toLocaleString('en')} messages (timed)…\n`);
  h2h.importRun = timeProcess(process.execPath, [h2hBin, 'import', corpus.maildirs.INBOX, corpus.maildirs.Sent], h2h.env);
  writeFileSync(join(h2hDir, 'ready'), '');

  if (notmuch && nmDir) {
    rmSync(nmDir, { recursive: true, force: true });
    mkdirSync(join(nmDir, 'db'), { recursive: true });
    // synchronize_flags off: notmuch must never rename files of the shared corpus.
    writeFileSync(notmuch.env.NOTMUCH_CONFIG, [
      '[database]', `path=${join(nmDir, 'db')}`, `mail_root=${corpus.maildirs.INBOX}`,
      '[user]', `name=${corpus.shop.name}`, `primary_email=${corpus.shop.email}`,
      '[new]', 'tags=unread;inbox', '[search]', 'exclude_tags=', '[maildir]', 'synchronize_flags=false', '',
    ].join('\n'));
    process.stderr.write(`notmuch new of the same mail (timed)…\n`);
    notmuch.newRun = timeProcess('notmuch', ['new', '--quiet'], notmuch.env);
    writeFileSync(join(nmDir, 'ready'), '');
  }
  return { h2h, notmuch };
}
