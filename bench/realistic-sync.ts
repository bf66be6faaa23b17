/**
 * The sync rows of the issue-14 benchmark: h2h and mbsync against one throwaway Dovecot on loopback
 * (no TLS, for both) holding the realistic corpus (bench/realistic-mail.ts): first sync into an empty
 * local side, syncs with nothing new, and a sync after the corpus's 100 held-back messages arrive
 * over IMAP APPEND. The tools are driven as bench/sync-bench.ts drives them (`h2h init` then
 * `h2h sync --json`; mbsync with its own maildir and state), and their runs alternate so other work
 * on the machine weighs on both alike.
 */
import { spawnSync } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { doveadm, reapStale, startDovecot, type Dovecot } from '../test/mail-harness/dovecot.js';
import { connectImap, uniqueUser, type MailUser } from '../test/mail-harness/mailbox.js';
import { bundleProbe } from './bundle-probe.js';
import { root, type Corpus } from './realistic-mail.js';
import { H2h, Mbsync, type Run } from './sync-bench.js';

export type ToolSync = { first: Run[]; stored: number; noChange: Run[]; afterNew: Run; addedAfterNew: number };
export type SyncFigures = {
  h2h: ToolSync | Error;
  /** null: mbsync is not installed. */
  mbsync: ToolSync | Error | null;
  mbsyncVersion: string | null;
  dovecotVersion: string;
  setupMs: { link: number; index: number; warm: number };
  /** The TUI while its live sync takes in the same new mail (bench/tui-live-probe.ts); null: not run. */
  tuiLive: TuiLive | Error | null;
};
export type TuiLive = { firstFrameMs: number; syncMs: number; added: number; latencies: number[] };

/**
 * Runs bench/tui-live-probe.ts (bundled as h2h is: bench/bundle-probe.ts) on a copy of h2h's synced store taken before the new mail arrived,
 * so its live sync takes in the same 100 messages the CLI sync did.
 */
function tuiLive(copy: string, env: Record<string, string>): TuiLive | Error {
  process.stderr.write('TUI with its live sync taking in the new mail…\n');
  const own = { ...env, HOME: join(copy, 'home'), XDG_CONFIG_HOME: join(copy, 'home', '.config'), XDG_DATA_HOME: join(copy, 'home', '.local/share'), H2H_CONFIG: join(copy, 'config.json'), H2H_DATA_DIR: join(copy, 'data'), NODE_ENV: 'production' };
  const r = spawnSync(process.execPath, [bundleProbe(root, 'tui-live-probe')], { cwd: root, env: own, encoding: 'utf8', maxBuffer: 1e8, timeout: 30 * 60_000 });
  if (r.status !== 0) return new Error((r.stderr || `exit ${r.status ?? r.signal}`).trim().split('\n').slice(-3).join(' '));
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as TuiLive;
}

/**
 * The corpus as the user's mailbox. Its files are hard links to the cached corpus (copying 800 MB per
 * run would cost more than the syncs): Dovecot never rewrites a message file, it only renames one to
 * change its flags, which changes its own directory entry, not the cache's. Only the folders change
 * owner (Dovecot writes its index and renames there as the `dovecot` account); the files stay
 * world-readable as gen-corpus wrote them.
 */
export function linkMailbox(dovecot: Dovecot, user: MailUser, corpus: Corpus): void {
  const home = join(dovecot.root, 'mail', user.address);
  mkdirSync(home, { recursive: true });
  const r = spawnSync('cp', ['-al', corpus.maildirs.INBOX, join(home, 'Maildir')], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error('cp -al of the corpus into the Dovecot home failed');
  const owner = statSync(join(dovecot.root, 'mail'));
  for (const dir of [join(home, 'Maildir'), join(home, 'Maildir', '.Sent')]) {
    chownSync(dir, owner.uid, owner.gid);
    for (const sub of ['cur', 'new', 'tmp']) chownSync(join(dir, sub), owner.uid, owner.gid);
  }
  chownSync(home, owner.uid, owner.gid);
}

/** New mail arriving as a server gets it: APPENDed over IMAP, customer mail unread, dated as generated. */
async function appendIncoming(dovecot: Dovecot, user: MailUser, corpus: Corpus): Promise<void> {
  const client = await connectImap(dovecot, user);
  try {
    for (const m of corpus.incoming) {
      const flags = m.folder === 'Sent' ? ['\\Seen'] : [];
      if (!(await client.append(m.folder, readFileSync(m.file), flags, statSync(m.file).mtime))) throw new Error(`APPEND to ${m.folder} failed`);
    }
  } finally {
    await client.logout();
  }
}

export async function measureSync(corpus: Corpus, opts: { firstRounds: number; noChangeRuns: number }): Promise<SyncFigures> {
  reapStale();
  const work = mkdtempSync(join(tmpdir(), 'h2h-store-bench-sync-'));
  const dovecot = await startDovecot({ ssl: false });
  try {
    const user = await uniqueUser(dovecot, 'bench');
    let t = performance.now();
    linkMailbox(dovecot, user, corpus);
    const link = performance.now() - t;
    // Index now and read every message once: neither tool should pay for Dovecot's first look at
    // the files nor for a cold page cache.
    t = performance.now();
    await doveadm(dovecot, ['index', '-u', user.address, '*']);
    const index = performance.now() - t;
    t = performance.now();
    for (const folder of ['INBOX', 'Sent']) {
      const r = spawnSync('doveadm', ['-c', dovecot.confPath, 'fetch', '-u', user.address, 'uid flags date.received size.virtual text', 'mailbox', folder, 'all'], { stdio: 'ignore' });
      if (r.status !== 0) throw new Error(`doveadm fetch ${folder} failed`);
    }
    const warm = performance.now() - t;

    type Tool = { name: 'h2h' | 'mbsync'; start: (dir: string) => H2h | Mbsync; client?: H2h | Mbsync; result?: ToolSync; error?: Error };
    const tools: Tool[] = [{ name: 'h2h', start: (dir) => new H2h(dir, dovecot, user, corpus.shop) }];
    if (Mbsync.version) tools.push({ name: 'mbsync', start: (dir) => new Mbsync(dir, dovecot, user) });
    const attempt = (tool: Tool, f: () => void) => {
      if (tool.error) return;
      try {
        f();
      } catch (error) {
        tool.error = error as Error;
      }
    };
    for (let round = 1; round <= opts.firstRounds; round++) {
      for (const tool of tools) {
        process.stderr.write(`${tool.name}: first sync ${round}/${opts.firstRounds}…\n`);
        attempt(tool, () => {
          const dir = join(work, `${tool.name}-${round}`);
          mkdirSync(dir);
          const client = tool.start(dir);
          const first = client.sync();
          const stored = client.stored(first);
          // Only the last local side is kept (for the resyncs); at 100,000 messages each is ~1 GB.
          if (round > 1) rmSync(join(work, `${tool.name}-${round - 1}`), { recursive: true, force: true });
          tool.client = client;
          tool.result = { first: [...(tool.result?.first ?? []), first], stored, noChange: [], afterNew: first, addedAfterNew: 0 };
        });
      }
    }
    process.stderr.write(`${opts.noChangeRuns} no-change syncs each…\n`);
    for (let i = 0; i < opts.noChangeRuns; i++) {
      for (const tool of tools) attempt(tool, () => tool.result!.noChange.push(tool.client!.sync()));
    }
    const h2hTool = tools[0];
    const liveCopy = join(work, 'h2h-live');
    const copied = h2hTool.client && !h2hTool.error && spawnSync('cp', ['-a', (h2hTool.client as H2h).work, liveCopy]).status === 0;
    process.stderr.write(`appending ${corpus.incoming.length} new messages over IMAP, then syncing…\n`);
    await appendIncoming(dovecot, user, corpus);
    for (const tool of tools) {
      attempt(tool, () => {
        const before = tool.name === 'mbsync' ? tool.client!.stored(tool.result!.first[0]) : 0;
        const afterNew = tool.client!.sync();
        tool.result!.afterNew = afterNew;
        tool.result!.addedAfterNew = tool.client!.stored(afterNew) - before;
      });
    }
    const live = copied ? tuiLive(liveCopy, (h2hTool.client as H2h).env) : null;
    const figure = (tool: Tool | undefined) => (tool ? (tool.error ?? tool.result!) : null);
    return {
      h2h: figure(tools[0])!,
      mbsync: figure(tools[1]),
      mbsyncVersion: Mbsync.version,
      dovecotVersion: spawnSync('dovecot', ['--version'], { encoding: 'utf8' }).stdout.trim(),
      setupMs: { link, index, warm },
      tuiLive: live,
    };
  } finally {
    await dovecot.stop();
    rmSync(work, { recursive: true, force: true });
  }
}
