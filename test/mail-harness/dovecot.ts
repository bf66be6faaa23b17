/**
 * A throwaway Dovecot 2.3 (IMAP + LMTP) for tests and benchmarks, following
 * /work/shared/recipes/test-mail-server.md: temp root, self-signed cert, free loopback ports, the config
 * rendered from dovecot-test.conf.template (next to this file), master in the foreground of its own
 * process group. It never touches /etc/dovecot or the system instance.
 *
 * Everything a test in another process needs is in `DovecotEnv` (plain data, so vitest's
 * `provide()` can pass it); the free functions below (`addUser`, `changeUidValidity`, …) work from
 * that alone, and the object `startDovecot()` returns is also a `DovecotEnv`.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const dovecotBinary = '/usr/sbin/dovecot';
export const installCommand = 'apt-get update && apt-get install -y dovecot-imapd dovecot-lmtpd';
const rootPrefix = 'dovecot-test-';
const template = join(dirname(fileURLToPath(import.meta.url)), 'dovecot-test.conf.template');

export type DovecotEnv = {
  host: string;
  /** IMAP on loopback; offers STARTTLS unless `ssl` is false. */
  port: number;
  /** Implicit-TLS IMAP, or null when started with `ssl: false`. */
  tlsPort: number | null;
  lmtpPort: number;
  root: string;
  confPath: string;
  /** Master pid (the object from startDovecot() updates it on restart; elsewhere use `masterPid(env)`). */
  pid: number;
  /** The self-signed certificate (CN localhost, SAN 127.0.0.1): pass as `tls: { ca: [certPem] }`. */
  certPem: string;
  ssl: boolean;
};

export type Dovecot = DovecotEnv & {
  addUser(address: string, password: string): Promise<void>;
  changeUidValidity(user: string, folder: string): Promise<number>;
  /** Stops the master and starts it again on the same ports and mail root; `pid` changes. */
  restart(): Promise<void>;
  /** Stops the server and removes its root. */
  stop(): Promise<void>;
};

export type DovecotOptions = {
  users?: Record<string, string>;
  port?: number;
  tlsPort?: number;
  lmtpPort?: number;
  /** false: no TLS at all (`ssl = no`, no IMAPS listener), so STARTTLS is not offered. */
  ssl?: boolean;
  /**
   * Appended to the rendered config: a restrictive setup, e.g. `imap_capability = IMAP4rev1 …` (no
   * CONDSTORE/IDLE/SPECIAL-USE) or `mail_max_keyword_length = 1` (keywords refused).
   */
  extraConfig?: string;
};

/** Throws the one command that installs Dovecot when it is missing. */
export function assertDovecotInstalled(): void {
  if (!existsSync(dovecotBinary) || !existsSync('/usr/lib/dovecot/lmtp') || !existsSync('/usr/lib/dovecot/imap')) {
    throw new Error(`Dovecot (IMAP + LMTP) is not installed; the mail tests need it. Install it with:\n  ${installCommand}`);
  }
}

export async function startDovecot(opts: DovecotOptions = {}): Promise<Dovecot> {
  assertDovecotInstalled();
  const ssl = opts.ssl ?? true;
  const root = mkdtempSync(join(tmpdir(), rootPrefix));
  // auth runs as the internal user and must read `${root}/users`: mkdtemp's 0700 would stop it.
  chmodSync(root, 0o755);
  for (const d of ['run', 'state', 'log', 'mail', 'tls']) mkdirSync(join(root, d));
  // Who started the instance: reapStale() removes instances whose owner is gone.
  writeFileSync(join(root, 'owner.pid'), String(process.pid));
  const me = userInfo();
  const asRoot = me.uid === 0;
  // Dovecot refuses uid 0 for mail, so as root the mail belongs to the `dovecot` account.
  const mailOwner = asRoot ? accountIds('dovecot') : { uid: me.uid, gid: me.gid };
  if (asRoot) chownSync(join(root, 'mail'), mailOwner.uid, mailOwner.gid);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
    '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
    '-keyout', join(root, 'tls/key.pem'), '-out', join(root, 'tls/cert.pem')], { stdio: 'ignore' });
  const certPem = readFileSync(join(root, 'tls/cert.pem'), 'utf8');
  const port = opts.port ?? (await freePort());
  const tlsPort = ssl ? (opts.tlsPort ?? (await freePort())) : null;
  const lmtpPort = opts.lmtpPort ?? (await freePort());

  const values: Record<string, string> = {
    ROOT: root,
    PORT: String(port),
    // Without TLS the IMAPS listener is removed below; the placeholder still needs a value.
    TLS_PORT: String(tlsPort ?? 0),
    LMTP_PORT: String(lmtpPort),
    MAIL_UID: String(mailOwner.uid),
    MAIL_GID: String(mailOwner.gid),
    LOGIN_USER: asRoot ? 'dovenull' : me.username,
    INTERNAL_USER: asRoot ? 'dovecot' : me.username,
    INTERNAL_GROUP: asRoot ? 'dovecot' : groupName(me.gid),
    INSTANCE: `${rootPrefix}${port}`,
  };
  let conf = readFileSync(template, 'utf8').replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    if (!(key in values)) throw new Error(`dovecot template: unknown placeholder {{${key}}}`);
    return values[key];
  });
  if (!ssl) conf = withoutTls(conf);
  if (opts.extraConfig) conf += `\n# extraConfig\n${opts.extraConfig}\n`;
  const confPath = join(root, 'dovecot.conf');
  writeFileSync(confPath, conf);
  mkdirSync(join(root, 'users.d'));
  for (const [address, password] of Object.entries(opts.users ?? {})) writeUserFile(root, address, password);

  let master = await launch(root, confPath, port);
  const env: Dovecot = {
    host: '127.0.0.1', port, tlsPort, lmtpPort, root, confPath, pid: master.pid, certPem, ssl,
    addUser: (address, password) => addUser(env, address, password),
    changeUidValidity: (user, folder) => changeUidValidity(env, user, folder),
    async restart() {
      await master.stop();
      master = await launch(root, confPath, port);
      env.pid = master.pid;
    },
    async stop() {
      await master.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
  return env;
}

/** `ssl = no` and no IMAPS listener, so the server offers neither STARTTLS nor implicit TLS. */
function withoutTls(conf: string): string {
  const out = conf.replace(/^ssl = yes$/m, 'ssl = no').replace(/^ {2}inet_listener imaps \{[^}]*\}\n/m, '');
  if (/^ssl = yes$/m.test(out) || /imaps/.test(out.replace(/^#.*$/gm, ''))) throw new Error('dovecot template changed: could not turn TLS off');
  return out;
}

type Master = { pid: number; stop(): Promise<void> };

/** Spawns `dovecot -F` (foreground, so the child pid is the master) and waits for the IMAP greeting. */
async function launch(root: string, confPath: string, port: number): Promise<Master> {
  // detached: its own process group, so stop() can signal the master and every child at once.
  const child = spawn(dovecotBinary, ['-F', '-c', confPath], { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const failed = exited.then(() => {
    throw new Error(`dovecot exited during start: ${stderr}\n${readLog(root)}`);
  });
  try {
    // The master accepts TCP even when imap-login cannot start, so readiness is the greeting itself.
    await Promise.race([waitForGreeting(port, 5_000), failed]);
  } catch (error) {
    await stopGroup(child, exited);
    throw new Error(`dovecot did not start: ${(error as Error).message}\n${readLog(root)}`);
  }
  failed.catch(() => {});
  return { pid: child.pid!, stop: () => stopGroup(child, exited) };
}

/**
 * SIGTERM the process group; SIGKILL it if the master has not exited 300 ms later (a SIGTERM that
 * arrives while the master reloads after a SIGHUP is ignored for a second or two).
 */
async function stopGroup(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  signalGroup(child.pid!, 'SIGTERM');
  const gone = await Promise.race([exited.then(() => true), sleep(300).then(() => false)]);
  if (!gone) signalGroup(child.pid!, 'SIGKILL');
  await exited;
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** The running master's pid (it changes on restart; `dovecot` keeps it in run/master.pid). */
export function masterPid(env: DovecotEnv): number {
  try {
    return Number(readFileSync(join(env.root, 'run/master.pid'), 'utf8').trim()) || env.pid;
  } catch {
    return env.pid;
  }
}

/**
 * Each user is its own passwd-file, `${root}/users.d/<address>` (see the template). Written to a temp
 * name and renamed, so auth never reads half a line.
 */
function writeUserFile(root: string, address: string, password: string): void {
  if (/[:\n/]/.test(address + password) || address.startsWith('.')) throw new Error(`not usable in a passwd-file name/line: ${address}`);
  const file = join(root, 'users.d', address);
  writeFileSync(`${file}.tmp-${process.pid}`, `${address}:{PLAIN}${password}::::::\n`, { mode: 0o644 });
  renameSync(`${file}.tmp-${process.pid}`, file);
}

/**
 * Adds a user (from any process: it only needs the env) and returns once a LOGIN as that user
 * succeeds. No SIGHUP: the recipe's append + reload works, but a reload drops logins that are in
 * flight in other test files ("Internal login failure", "connect(login) failed") — seen with 4
 * workers adding users in parallel. A new per-user file is read on the first lookup instead.
 */
export async function addUser(env: DovecotEnv, address: string, password: string): Promise<void> {
  writeUserFile(env.root, address, password);
  const deadline = Date.now() + 5_000;
  for (;;) {
    const reply = await imapSession(env.port, [`LOGIN ${quote(address)} ${quote(password)}`]).catch((e: Error) => e.message);
    if (/^a1 OK/m.test(reply)) return;
    if (Date.now() > deadline) throw new Error(`dovecot: ${address} still cannot log in after adding it: ${reply}\n${readLog(env.root).slice(-2000)}`);
    await sleep(50);
  }
}

/**
 * Gives `folder` of `user` a new UIDVALIDITY (the old one + 1) while keeping its messages, as a server
 * does after its indexes are rebuilt. Returns the new value. Clients should be logged out meanwhile.
 */
export async function changeUidValidity(env: DovecotEnv, user: string, folder: string): Promise<number> {
  const before = await uidValidity(env, user, folder);
  const next = before + 1;
  await doveadm(env, ['mailbox', 'update', '-u', user, '--uid-validity', String(next), folder]);
  const after = await uidValidity(env, user, folder);
  if (after !== next) throw new Error(`dovecot: UIDVALIDITY of ${user}/${folder} is ${after}, expected ${next}`);
  return next;
}

async function uidValidity(env: DovecotEnv, user: string, folder: string): Promise<number> {
  const out = await doveadm(env, ['mailbox', 'status', '-u', user, 'uidvalidity', folder]);
  const match = /uidvalidity=(\d+)/.exec(out);
  if (!match) throw new Error(`doveadm mailbox status: unexpected output ${out}`);
  return Number(match[1]);
}

/** Runs `doveadm -c <conf> …` against the instance (as root it switches to the mail user itself). */
export async function doveadm(env: DovecotEnv, args: string[]): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)('doveadm', ['-c', env.confPath, ...args], { encoding: 'utf8' });
    return stdout;
  } catch (error) {
    const e = error as Error & { stderr?: string };
    throw new Error(`doveadm ${args.join(' ')} failed: ${e.stderr || e.message}`);
  }
}

/**
 * A raw IMAP session on the plain port (no TLS: the harness allows plaintext LOGIN): waits for the
 * greeting, sends each command tagged a1, a2, … waiting for its tagged reply, then LOGOUT.
 * Returns the transcript of what the server sent.
 */
export function imapSession(port: number, commands: string[], timeoutMs = 5_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let received = '';
    let step = -1; // -1: waiting for the greeting
    const timer = setTimeout(() => finish(new Error(`IMAP on port ${port}: no reply in ${timeoutMs} ms; got ${JSON.stringify(received)}`)), timeoutMs);
    const finish = (error?: Error) => {
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve(received);
    };
    const next = () => {
      step++;
      if (step < commands.length) socket.write(`a${step + 1} ${commands[step]}\r\n`);
      else {
        socket.end('z LOGOUT\r\n');
        finish();
      }
    };
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      received += chunk;
      if (step === -1 ? /^\* (OK|PREAUTH|BYE)[^\n]*\n/.test(received) : new RegExp(`^a${step + 1} [^\n]*\n`, 'm').test(received)) {
        if (step === -1 && !received.startsWith('* OK')) return finish(new Error(`IMAP greeting: ${received}`));
        next();
      }
    });
    socket.on('error', (error) => finish(error));
    socket.on('close', () => finish(new Error(`IMAP on port ${port} closed: ${JSON.stringify(received)}`)));
  });
}

async function waitForGreeting(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await imapSession(port, [], Math.max(100, deadline - Date.now()));
      return;
    } catch (error) {
      if (Date.now() >= deadline) throw new Error(`no IMAP greeting on port ${port} within ${timeoutMs} ms: ${(error as Error).message}`);
      await sleep(10);
    }
  }
}

function quote(s: string): string {
  return `"${s.replace(/[\\"]/g, '\\$&')}"`;
}

function readLog(root: string): string {
  try {
    return readFileSync(join(root, 'log/dovecot.log'), 'utf8');
  } catch {
    return '';
  }
}

/**
 * Removes instances left behind by runs that died without stop() (the master is detached and would
 * survive them): any `${tmpdir}/dovecot-test-*` whose owner process is gone, or that has no owner
 * file and is older than 10 minutes. It kills a master only if its command line names that root.
 */
export function reapStale(): void {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(rootPrefix)) continue;
    const root = join(tmpdir(), name);
    try {
      const ownerFile = join(root, 'owner.pid');
      const stale = existsSync(ownerFile) ? !alive(Number(readFileSync(ownerFile, 'utf8'))) : Date.now() - statSync(root).mtimeMs > 600_000;
      if (!stale) continue;
      const pid = Number(readFileSync(join(root, 'run/master.pid'), 'utf8').trim());
      if (pid && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(join(root, 'dovecot.conf'))) signalGroup(pid, 'SIGKILL');
    } catch {
      // no pid file or no such process: nothing to kill, just remove the directory
    }
    rmSync(root, { recursive: true, force: true });
  }
}

function alive(pid: number): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function accountIds(name: string): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith(`${name}:`));
  if (!line) throw new Error(`no '${name}' account: is Dovecot installed? (${installCommand})`);
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

function groupName(gid: number): string {
  const line = readFileSync('/etc/group', 'utf8').split('\n').find((l) => l.split(':')[2] === String(gid));
  if (!line) throw new Error(`no group with gid ${gid}`);
  return line.split(':')[0];
}

/** A port that was free a moment ago (the kernel picks it; Dovecot binds it right after). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
