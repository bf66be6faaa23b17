/**
 * A throwaway Cyrus IMAP 3.6 on loopback (recipe: /work/shared/recipes/cyrus-test-server.md): its own
 * root with config, spool, sockets, TLS and sasldb; `master` in its own process group, as the `cyrus`
 * account. Two layouts: Debian's (`INBOX.Sent`, `.` separator) and the modern altnamespace one
 * (`Sent`, `/`). No `idled`, as on Debian by default: IDLE only reports at `imapidlepoll`.
 */
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, imapSession, type DovecotEnv } from './dovecot.js';
import { assertServerUnpacked, cyrusRoot } from './server-packages.js';
import { selfSignedCert, stopProcessGroup, waitForGreeting, type TestServer } from './test-server.js';

export type CyrusLayout = 'debian' | 'altnamespace';
export type CyrusOptions = { layout?: CyrusLayout; idlePollSeconds?: number };
const adminPassword = 'cyrus-admin-secret';

export async function startCyrus(opts: CyrusOptions = {}): Promise<TestServer> {
  assertServerUnpacked('cyrus');
  const layout = opts.layout ?? 'debian';
  const root = mkdtempSync(join(tmpdir(), 'cyrus-test-'));
  for (const d of ['conf', 'spool', 'run/proc', 'run/lock', 'run/socket', 'tls', 'log', 'sieve']) mkdirSync(join(root, d), { recursive: true });
  writeFileSync(join(root, 'owner.pid'), String(process.pid));
  const certPem = selfSignedCert(join(root, 'tls'));
  const port = await freePort();
  const alt = layout === 'altnamespace' ? 'yes' : 'no';
  const conf = join(root, 'imapd.conf');
  writeFileSync(conf, [
    `configdirectory: ${root}/conf`, 'defaultpartition: default', `partition-default: ${root}/spool`,
    `proc_path: ${root}/run/proc`, `mboxname_lockpath: ${root}/run/lock`, `lmtpsocket: ${root}/run/socket/lmtp`,
    `idlesocket: ${root}/run/socket/idle`, `notifysocket: ${root}/run/socket/notify`, `sievedir: ${root}/sieve`,
    'servername: localhost', 'admins: cyrus', `altnamespace: ${alt}`, `unixhierarchysep: ${alt}`,
    'allowplaintext: yes', 'sasl_pwcheck_method: auxprop', 'sasl_auxprop_plugin: sasldb', `sasl_sasldb_path: ${root}/sasldb2`,
    'sasl_mech_list: PLAIN LOGIN', `tls_server_cert: ${root}/tls/cert.pem`, `tls_server_key: ${root}/tls/key.pem`,
    'umask: 077', 'hashimapspool: true', 'specialusealways: yes', `imapidlepoll: ${opts.idlePollSeconds ?? 60}`,
    'syslog_prefix: cyrus-test', '',
  ].join('\n'));
  const bin = join(cyrusRoot, 'usr/lib/cyrus/bin');
  writeFileSync(join(root, 'cyrus.conf'), [
    `START { recover cmd="ctl_cyrusdb -C ${conf} -r" }`,
    'SERVICES {',
    `  imap cmd="${bin}/imapd -C ${conf} -U 30" listen="127.0.0.1:${port}" prefork=0 maxchild=50`,
    '}',
    `EVENTS { checkpoint cmd="ctl_cyrusdb -C ${conf} -c" period=30 }`,
    '',
  ].join('\n'));
  saslUser(root, 'cyrus', adminPassword);
  execFileSync('chown', ['-R', 'cyrus:mail', root]);
  chmodSync(root, 0o755);
  const child = spawn('/usr/lib/cyrus/bin/master', ['-C', conf, '-M', join(root, 'cyrus.conf'), '-p', join(root, 'master.pid'), '-D'], {
    stdio: ['ignore', 'ignore', 'pipe'], detached: true, env: { PATH: `/usr/lib/cyrus/bin:${process.env.PATH}` },
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await Promise.race([waitForGreeting(port, 10_000), exited.then(() => { throw new Error(`cyrus master exited: ${stderr}`); })]);
  } catch (error) {
    await stopProcessGroup(child, exited);
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  const sep = layout === 'altnamespace' ? '/' : '.';
  const env: TestServer = {
    kind: 'cyrus', host: '127.0.0.1', port, tlsPort: null, lmtpPort: 0, root, confPath: conf, pid: child.pid!, certPem, ssl: true,
    sentFolder: layout === 'altnamespace' ? 'Sent' : 'INBOX.Sent',
    separator: sep,
    addUser: (address, password) => addCyrusUser(env, address, password),
    async stop() {
      await stopProcessGroup(child, exited);
      rmSync(root, { recursive: true, force: true });
    },
  };
  return env;
}

function saslUser(root: string, user: string, password: string): void {
  execFileSync('saslpasswd2', ['-p', '-f', join(root, 'sasldb2'), '-u', 'localhost', '-c', user], { input: password, stdio: ['pipe', 'ignore', 'pipe'] });
}

/** A login plus its mailboxes (INBOX and Sent, marked \Sent), created by the admin. */
export async function addCyrusUser(env: DovecotEnv & { separator?: string }, user: string, password: string): Promise<void> {
  if (!/^[a-z0-9-]+$/.test(user)) throw new Error(`cyrus test users are [a-z0-9-]+, not ${user}`);
  saslUser(env.root, user, password);
  execFileSync('chown', ['cyrus:mail', join(env.root, 'sasldb2')]);
  const sep = env.separator ?? '.';
  const reply = await imapSession(env.port, [`LOGIN cyrus ${adminPassword}`, `CREATE user${sep}${user}`, `CREATE user${sep}${user}${sep}Sent (USE (\\Sent))`]);
  if (!/^a3 OK/m.test(reply)) throw new Error(`cyrus: creating ${user}'s mailboxes failed: ${reply}`);
}

/** For tests that read the master's log. */
export function cyrusLog(env: DovecotEnv): string {
  try {
    return readFileSync(join(env.root, 'log/master.log'), 'utf8');
  } catch {
    return '';
  }
}

/** Cyrus roots left by runs that died without stop(): their detached master would run on. */
export function reapStaleCyrus(): void {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith('cyrus-test-') && !name.startsWith('courier-test-')) continue;
    const root = join(tmpdir(), name);
    try {
      const owner = Number(readFileSync(join(root, 'owner.pid'), 'utf8'));
      if (owner && existsSync(`/proc/${owner}`)) continue;
      const pid = Number(readFileSync(join(root, 'master.pid'), 'utf8').trim());
      if (pid && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(join(root, 'imapd.conf'))) process.kill(-pid, 'SIGKILL');
    } catch {
      // no owner or master: nothing to kill
    }
    rmSync(root, { recursive: true, force: true });
  }
}

/** Sets `user`'s own rights on their INBOX (RFC 4314 letters): without `w` no keyword and no \Answered sticks. */
export async function setInboxRights(env: DovecotEnv & { separator?: string }, user: string, rights: string): Promise<void> {
  const reply = await imapSession(env.port, [`LOGIN cyrus ${adminPassword}`, `SETACL user${env.separator ?? '.'}${user} ${user} ${rights}`]);
  if (!/^a2 OK/m.test(reply)) throw new Error(`cyrus: SETACL failed: ${reply}`);
}
