/**
 * `npm run bench:sync` (or `npm run bench -- sync [count]`): h2h's IMAP sync against a real, throwaway
 * Dovecot holding 10,000 generated messages (bench/generate-mailbox.ts), and mbsync (isync) on the same
 * mailbox in the same run where it is installed. Times the first sync, a no-change resync and a resync
 * after 100 new messages, and each tool's peak RSS.
 *
 * Targets (from the issue): first sync no slower than mbsync, no-change resync < 300 ms, peak RSS < 300 MB.
 */
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { doveadm, reapStale, startDovecot, type Dovecot } from '../test/mail-harness/dovecot.js';
import { connectImap, uniqueUser, type MailUser } from '../test/mail-harness/mailbox.js';
import { generateMessages, shop, type GeneratedMessage } from './generate-mailbox.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const h2hBin = join(root, 'bin/h2h.js');
const newCount = 100;
const noChangeRuns = 3;
const firstRounds = 2;

/** Wall time and peak RSS of one run of a command. */
export type Run = { ms: number; rssMB: number | null; stdout: string };
/** One tool with its own local side: `sync()` runs it once; `stored()` counts what a run stored. */
type Client = { sync(): Run; stored(run: Run): number };
/** `first` is the faster first sync; `runs` are all runs (for the peak RSS). */
type Result = { first: Run; stored: number; runs: Run[]; noChange?: Run; afterNew?: Run };

// Peak RSS comes from GNU time (`%M`, the kernel's ru_maxrss of the child as wait4() reports it):
// it measures h2h (node) and mbsync (C) the same way, including everything the process mapped, and
// needs no cooperation from the program. A node preload printing process.resourceUsage().maxRSS
// would only work for h2h.
const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

function run(cmd: string, args: string[], env: Record<string, string>, work: string): Run {
  const rssFile = join(work, 'time.out');
  const [file, argv] = gnuTime ? [gnuTime, ['-f', '%M', '-o', rssFile, cmd, ...args]] : [cmd, args];
  const t = performance.now();
  const r = spawnSync(file, argv, { env, encoding: 'utf8', maxBuffer: 1e9, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}:\n${(r.stderr || r.stdout).trim().slice(-2000)}`);
  // GNU time writes "Command exited with non-zero status N" first when it fails; the figure is last.
  const rssMB = gnuTime ? Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) / 1024 : null;
  return { ms, rssMB, stdout: r.stdout };
}

function median(runs: Run[]): Run {
  return [...runs].sort((a, b) => a.ms - b.ms)[Math.floor(runs.length / 2)];
}

const fromShop = (m: GeneratedMessage) => m.raw.startsWith(`From: ${shop.name} <${shop.email}>`);

/**
 * Writes the messages straight into the user's maildir (about a second, where 10,000 APPENDs take
 * ≈15 s: imapflow sends them one at a time, ≈1.5 ms each), as a mailbox that has been on the server for a
 * while: the shop's replies in Sent, the rest in INBOX, all read except the last few customer mails.
 * File names start with the message's date and mtime is that date, so Dovecot numbers UIDs in date
 * order and reports it as INTERNALDATE.
 */
function writeMaildir(dovecot: Dovecot, user: MailUser, messages: GeneratedMessage[]): Record<string, number> {
  const home = join(dovecot.root, 'mail', user.address);
  const folders = { INBOX: join(home, 'Maildir'), Sent: join(home, 'Maildir', '.Sent') };
  for (const dir of Object.values(folders)) for (const sub of ['cur', 'new', 'tmp']) mkdirSync(join(dir, sub), { recursive: true });
  const counts = { INBOX: 0, Sent: 0 };
  const unreadFrom = messages.length - 20;
  messages.forEach((m, i) => {
    const folder = fromShop(m) ? 'Sent' : 'INBOX';
    const seconds = Math.floor(m.date / 1000);
    const file = join(folders[folder], 'cur', `${seconds}.M${i}P1.bench,S=${Buffer.byteLength(m.raw)}:2,${folder === 'Sent' || i < unreadFrom ? 'S' : ''}`);
    writeFileSync(file, m.raw);
    utimesSync(file, seconds, seconds);
    counts[folder]++;
  });
  // The server reads the mail as the `dovecot` account (see startDovecot).
  const owner = statSync(join(dovecot.root, 'mail'));
  const chownTree = (path: string) => {
    chownSync(path, owner.uid, owner.gid);
    if (statSync(path).isDirectory()) for (const name of readdirSync(path)) chownTree(join(path, name));
  };
  chownTree(home);
  return counts;
}

/** New mail arriving the way a server gets it: APPENDed over IMAP, customer mail unread. */
async function appendNew(dovecot: Dovecot, user: MailUser, messages: GeneratedMessage[]): Promise<void> {
  const client = await connectImap(dovecot, user);
  try {
    for (const m of messages) {
      const [folder, flags] = fromShop(m) ? ['Sent', ['\\Seen']] : ['INBOX', []];
      if (!(await client.append(folder, m.raw, flags, new Date(m.date)))) throw new Error(`APPEND to ${folder} failed`);
    }
  } finally {
    await client.logout();
  }
}

function countFiles(maildir: string): number {
  return ['cur', 'new'].reduce((n, sub) => n + (existsSync(join(maildir, sub)) ? readdirSync(join(maildir, sub)).length : 0), 0);
}

/** h2h through its CLI, as a user runs it: `h2h init` once, then `h2h sync --json`. */
export class H2h implements Client {
  readonly env: Record<string, string>;
  constructor(readonly work: string, dovecot: Dovecot, user: MailUser, agent: { name: string; email: string } = shop) {
    const home = join(work, 'home');
    mkdirSync(home, { recursive: true });
    this.env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: home,
      XDG_CONFIG_HOME: join(home, '.config'),
      XDG_DATA_HOME: join(home, '.local/share'),
      H2H_CONFIG: join(work, 'config.json'),
      H2H_DATA_DIR: join(work, 'data'),
      H2H_IMAP_PASSWORD: user.password,
    };
    // The benchmark server has no TLS at all (plain IMAP on loopback), for both tools.
    run(process.execPath, [h2hBin, 'init', '--name', agent.name, '--email', agent.email,
      '--imap-host', dovecot.host, '--imap-port', String(dovecot.port), '--imap-user', user.address, '--imap-tls', 'none',
      '--smtp-host', '127.0.0.1', '--smtp-port', '2525', '--smtp-user', user.address, '--smtp-tls', 'none', '--no-verify'], this.env, work);
  }

  /** `node` options go to Node itself (the bounded-memory run holds V8's heap with one). */
  sync(node: string[] = []): Run {
    return run(process.execPath, [...node, h2hBin, 'sync', '--json'], this.env, this.work);
  }

  /** How many messages the sync stored, from its closing `{"type":"done",…}` line. */
  stored(r: Run): number {
    const done = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { type?: string; added?: number };
    if (done.type !== 'done' || typeof done.added !== 'number') throw new Error(`h2h sync --json did not end with a done report: ${r.stdout.slice(-500)}`);
    return done.added;
  }
}

/** mbsync pulling INBOX and Sent into a maildir, with its state next to the mail (`SyncState *`). */
export class Mbsync implements Client {
  static readonly version = (() => {
    const r = spawnSync('mbsync', ['--version'], { encoding: 'utf8' });
    return r.status === 0 ? r.stdout.trim() : null;
  })();
  readonly rc: string;
  readonly maildir: string;
  constructor(readonly work: string, dovecot: Dovecot, user: MailUser) {
    this.maildir = join(work, 'Mail');
    mkdirSync(this.maildir);
    // isync 1.5 renamed SSLType to TLSType (1.4 does not know TLSType). Without TLS mbsync refuses to
    // send a password unless the mechanism is named explicitly, hence AuthMechs LOGIN.
    const [, major, minor] = /(\d+)\.(\d+)/.exec(Mbsync.version ?? '') ?? [];
    const tlsKey = Number(major) > 1 || Number(minor) >= 5 ? 'TLSType' : 'SSLType';
    this.rc = join(work, 'mbsyncrc');
    writeFileSync(this.rc, [
      'IMAPAccount bench', `Host ${dovecot.host}`, `Port ${dovecot.port}`, `User ${user.address}`, `Pass ${user.password}`,
      `${tlsKey} None`, 'AuthMechs LOGIN', '',
      'IMAPStore far', 'Account bench', '',
      'MaildirStore near', `Path ${this.maildir}/`, `Inbox ${this.maildir}/INBOX`, 'SubFolders Verbatim', '',
      'Channel bench', 'Far :far:', 'Near :near:', 'Patterns INBOX Sent', 'Create Near', 'Sync Pull', 'SyncState *', '',
    ].join('\n'), { mode: 0o600 });
  }

  sync(): Run {
    return run('mbsync', ['-q', '-c', this.rc, '-a'], { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: this.work }, this.work);
  }

  stored(): number {
    return countFiles(join(this.maildir, 'INBOX')) + countFiles(join(this.maildir, 'Sent'));
  }
}

const fmt = {
  ms: (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${Math.round(x)} ms`),
  mb: (x: number | null) => (x === null ? 'n/a (apt-get install time)' : `${Math.round(x)} MB`),
};

/** The heap limit of the bounded-memory run (MB). */
const heapCapMB = 384;

export async function runSyncBench(count = 10_000): Promise<void> {
  reapStale();
  const work = mkdtempSync(join(tmpdir(), 'h2h-sync-bench-'));
  // No TLS at all on this server: both tools speak plain IMAP on loopback, so neither pays for TLS.
  const dovecot = await startDovecot({ ssl: false });
  try {
    const user = await uniqueUser(dovecot, 'bench');
    // One generated history: the first `count` messages are on the server, the last 100 arrive later.
    const all = [...generateMessages(count + newCount, 1)];
    const later = all.splice(count);

    process.stderr.write(`writing ${count.toLocaleString('en')} messages into Dovecot…\n`);
    let t = performance.now();
    const counts = writeMaildir(dovecot, user, all);
    const writeMs = performance.now() - t;
    // Index now, and read every message once, so neither tool pays for Dovecot's first look at the
    // files (index, W= virtual sizes) nor for a cold page cache.
    t = performance.now();
    await doveadm(dovecot, ['index', '-u', user.address, '*']);
    const indexMs = performance.now() - t;
    t = performance.now();
    for (const folder of ['INBOX', 'Sent']) {
      const r = spawnSync('doveadm', ['-c', dovecot.confPath, 'fetch', '-u', user.address, 'uid flags date.received size.virtual text', 'mailbox', folder, 'all'], { stdio: 'ignore' });
      if (r.status !== 0) throw new Error(`doveadm fetch ${folder} failed`);
    }
    const warmMs = performance.now() - t;

    const tools: [string, (work: string) => Client][] = [['h2h', (dir) => new H2h(dir, dovecot, user)]];
    if (Mbsync.version) tools.push(['mbsync', (dir) => new Mbsync(dir, dovecot, user)]);
    const results = new Map<string, Result | Error>();
    const clients = new Map<string, Client>();
    const attempt = (name: string, f: (r: Result | undefined) => void) => {
      const r = results.get(name);
      if (r instanceof Error) return;
      try {
        f(r);
      } catch (error) {
        results.set(name, error as Error);
        clients.delete(name);
      }
    };
    // First syncs alternate between the tools, each on a fresh local side, and the faster of each
    // tool's runs counts: on a shared 2-core machine one run can take twice as long as the next
    // (disk flushes, other work), which would decide the ratio more than the tools do.
    for (let round = 1; round <= firstRounds; round++) {
      for (const [name, start] of tools) {
        process.stderr.write(`${name}: first sync ${round}/${firstRounds}…\n`);
        attempt(name, (r) => {
          const dir = join(work, `${name}-${round}`);
          mkdirSync(dir);
          const client = start(dir);
          const first = client.sync();
          const stored = client.stored(first);
          if (r) rmSync(join(work, `${name}-${round - 1}`), { recursive: true, force: true });
          results.set(name, { first: r && r.first.ms < first.ms ? r.first : first, stored, runs: [...(r?.runs ?? []), first] });
          clients.set(name, client);
        });
      }
    }
    for (const [name, client] of clients) {
      process.stderr.write(`${name}: ${noChangeRuns} no-change resyncs…\n`);
      attempt(name, (r) => {
        const runs = Array.from({ length: noChangeRuns }, () => client.sync());
        Object.assign(r!, { noChange: median(runs), runs: [...r!.runs, ...runs] });
      });
    }

    process.stderr.write(`appending ${newCount} new messages over IMAP, then resyncing…\n`);
    await appendNew(dovecot, user, later);
    for (const [name, client] of clients) {
      attempt(name, (r) => {
        const afterNew = client.sync();
        Object.assign(r!, { afterNew, runs: [...r!.runs, afterNew] });
      });
    }

    // Bounded memory: V8 lets garbage pile up while memory is plentiful, so peak RSS above is mostly
    // not-yet-collected garbage. One more first sync with V8's heap held to `heapCapMB` shows what h2h
    // holds: a sync that kept every message in memory would not finish.
    process.stderr.write(`h2h: first sync with the heap held to ${heapCapMB} MB…\n`);
    let capped: { run: Run; stored: number } | Error;
    try {
      const dir = join(work, 'h2h-capped');
      mkdirSync(dir);
      const client = new H2h(dir, dovecot, user);
      const r = client.sync([`--max-old-space-size=${heapCapMB}`]);
      capped = { run: r, stored: client.stored(r) };
    } catch (error) {
      capped = error as Error;
    }

    printTable(count, counts, results, { writeMs, indexMs, warmMs });
    console.log(
      capped instanceof Error
        ? `h2h first sync with V8's heap held to ${heapCapMB} MB: failed (${capped.message.split('\n')[0]})`
        : `h2h first sync with V8's heap held to ${heapCapMB} MB: ${fmt.ms(capped.run.ms)}, ${capped.stored.toLocaleString('en')} stored, peak RSS ${fmt.mb(capped.run.rssMB)}`,
    );
  } finally {
    await dovecot.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

function printTable(count: number, counts: Record<string, number>, results: Map<string, Result | Error>, setup: { writeMs: number; indexMs: number; warmMs: number }) {
  const names = [...results.keys()];
  const cell = (name: string, f: (r: Result) => string) => {
    const r = results.get(name)!;
    return r instanceof Error ? 'failed (see below)' : f(r);
  };
  const peak = (r: Result) => (gnuTime ? Math.max(...r.runs.map((x) => x.rssMB ?? 0)) : null);
  const rows: string[][] = [
    ['', ...names, 'target'],
    [`first sync, ${count.toLocaleString('en')} messages (faster of ${firstRounds})`, ...names.map((n) => cell(n, (r) => `${fmt.ms(r.first.ms)} (${Math.round((count / r.first.ms) * 1000)} msg/s; ${r.stored.toLocaleString('en')} stored)`)), '≤ mbsync'],
    [`no-change resync (median of ${noChangeRuns})`, ...names.map((n) => cell(n, (r) => (r.noChange ? fmt.ms(r.noChange.ms) : 'n/a'))), '< 300 ms'],
    [`resync after ${newCount} new messages`, ...names.map((n) => cell(n, (r) => (r.afterNew ? fmt.ms(r.afterNew.ms) : 'n/a'))), ''],
    ['peak RSS (largest of all its runs)', ...names.map((n) => cell(n, (r) => fmt.mb(peak(r)))), '< 300 MB'],
  ];
  const h2h = results.get('h2h');
  const mbsync = results.get('mbsync');
  const ratio = h2h && !(h2h instanceof Error) && mbsync && !(mbsync instanceof Error) ? (h2h.first.ms / mbsync.first.ms).toFixed(2) : 'n/a';

  const dovecotVersion = execOut('dovecot', ['--version']);
  console.log(`\nsync benchmark: Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Dovecot ${dovecotVersion}, ${Mbsync.version ?? 'mbsync not installed (apt-get install isync to compare)'}`);
  // Other work on the machine shows in every figure; say how busy it was.
  console.log(`load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} (1, 5, 15 min) at the end`);
  console.log(`mailbox: INBOX ${counts.INBOX.toLocaleString('en')} + Sent ${counts.Sent.toLocaleString('en')} messages; written as maildir in ${fmt.ms(setup.writeMs)}, doveadm index ${fmt.ms(setup.indexMs)}, warm-up read ${fmt.ms(setup.warmMs)} (not timed below)\n`);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const line = (row: string[]) => `| ${row.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(line(rows[0]));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of rows.slice(1)) console.log(line(row));
  console.log(`\nfirst sync ratio h2h/mbsync: ${ratio} (target ≤ 1.0)`);
  for (const [name, r] of results) {
    if (r instanceof Error) console.log(`\n${name} failed: ${r.message}${name === 'h2h' ? '\n(this benchmark drives h2h through its CLI: h2h init …, then h2h sync --json)' : ''}`);
  }
}

function execOut(cmd: string, args: string[]): string | null {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runSyncBench(Number(process.argv[2]) || undefined);
}
