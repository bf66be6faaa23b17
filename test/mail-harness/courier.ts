/**
 * A throwaway Courier-IMAP 5.0 on loopback. Courier's `imapd` serves one already-authenticated
 * connection on stdin/stdout; couriertcpd + authdaemon (system-wide services) are replaced by this
 * small front end: it greets, answers CAPABILITY and LOGIN itself (users are files under
 * `${root}/users/`, so any test process can add one), then hands the socket to `imapd` with the
 * variables Courier's own front end would set. No TLS (h2h is told `tls: none`), as over couriertcpd
 * without STARTTLS. Seen from h2h: SELECT has no UIDNEXT, no CONDSTORE, no SPECIAL-USE, Sent is `INBOX.Sent`.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DovecotEnv } from './dovecot.js';
import { assertServerUnpacked, courierLibraryPath, courierRoot } from './server-packages.js';
import type { TestServer } from './test-server.js';

const capability = 'IMAP4rev1 UIDPLUS CHILDREN NAMESPACE THREAD=ORDEREDSUBJECT THREAD=REFERENCES SORT QUOTA IDLE';

export async function startCourier(): Promise<TestServer> {
  assertServerUnpacked('courier');
  const root = mkdtempSync(join(tmpdir(), 'courier-test-'));
  mkdirSync(join(root, 'users'));
  mkdirSync(join(root, 'home'));
  writeFileSync(join(root, 'owner.pid'), String(process.pid));
  const children = new Set<ChildProcess>();
  const server = createServer((socket) => frontEnd(socket, root, children));
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as { port: number }).port;
  const env: TestServer = {
    kind: 'courier', host: '127.0.0.1', port, tlsPort: null, lmtpPort: 0, root, confPath: '', pid: process.pid, certPem: '', ssl: false,
    sentFolder: 'INBOX.Sent', separator: '.',
    addUser: (user, password) => addCourierUser(env, user, password),
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const child of children) child.kill('SIGKILL');
      });
      rmSync(root, { recursive: true, force: true });
    },
  };
  return env;
}

/** A login (a file holding the password) and a Maildir with a Sent folder. */
export async function addCourierUser(env: DovecotEnv, user: string, password: string): Promise<void> {
  if (!/^[a-z0-9-]+$/.test(user)) throw new Error(`courier test users are [a-z0-9-]+, not ${user}`);
  const home = join(env.root, 'home', user);
  mkdirSync(home);
  const make = join(courierRoot, 'usr/bin/maildirmake.courier');
  const opts = { env: { LD_LIBRARY_PATH: courierLibraryPath() }, stdio: 'ignore' as const };
  execFileSync(make, [join(home, 'Maildir')], opts);
  execFileSync(make, ['-f', 'Sent', join(home, 'Maildir')], opts);
  writeFileSync(join(env.root, 'users', user), password);
}

function frontEnd(socket: Socket, root: string, children: Set<ChildProcess>): void {
  let buffered = '';
  socket.setEncoding('latin1');
  socket.write('* OK [CAPABILITY ' + capability + '] Courier-IMAP ready (h2h test front end)\r\n');
  socket.on('error', () => socket.destroy());
  const onData = (chunk: string) => {
    buffered += chunk;
    for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
      const line = buffered.slice(0, nl).replace(/\r$/, '');
      buffered = buffered.slice(nl + 1);
      const [tag, command = ''] = line.split(' ', 2);
      const args = line.slice(tag.length + command.length + 2);
      switch (command.toUpperCase()) {
        case 'CAPABILITY':
          socket.write(`* CAPABILITY ${capability}\r\n${tag} OK CAPABILITY completed\r\n`);
          break;
        case 'NOOP':
          socket.write(`${tag} OK NOOP completed\r\n`);
          break;
        case 'LOGOUT':
          socket.end(`* BYE Courier-IMAP server shutting down\r\n${tag} OK LOGOUT completed\r\n`);
          return;
        case 'ID':
          socket.write(`* ID NIL\r\n${tag} OK ID completed\r\n`);
          break;
        case 'LOGIN': {
          const [user, password] = loginArgs(args);
          const file = user && /^[a-z0-9-]+$/.test(user) ? join(root, 'users', user) : '';
          if (!file || !existsSync(file) || readFileSync(file, 'utf8') !== password) {
            socket.write(`${tag} NO Login failed.\r\n`);
            break;
          }
          socket.off('data', onData);
          socket.pause();
          handOver(socket, root, user!, tag, children);
          return;
        }
        default:
          socket.write(`${tag} BAD Please login first.\r\n`);
      }
    }
  };
  socket.on('data', onData);
}

/** `LOGIN user pass` with atoms or quoted strings (what imapflow sends). */
function loginArgs(args: string): (string | undefined)[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (let m = re.exec(args); m; m = re.exec(args)) out.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2]);
  return out;
}

function handOver(socket: Socket, root: string, user: string, tag: string, children: Set<ChildProcess>): void {
  const home = join(root, 'home', user);
  const child = spawn(join(courierRoot, 'usr/bin/imapd'), ['Maildir'], {
    cwd: home,
    stdio: [socket, socket, 'ignore'],
    env: {
      PATH: '/usr/bin:/bin', LD_LIBRARY_PATH: courierLibraryPath(), HOME: home, MAILDIR: join(home, 'Maildir'),
      AUTHENTICATED: user, IMAPLOGINTAG: tag, IMAP_CAPABILITY: capability, IMAP_KEYWORDS: '1', IMAP_ACL: '0',
      IMAP_IDLE_TIMEOUT: '60', IMAP_USELOCKS: '1', IMAP_UMASK: '077', IMAP_SHAREDINDEXFILE: join(root, 'shared-index'),
      IMAP_ENHANCEDIDLE: '0', IMAP_TRASHFOLDERNAME: 'Trash', IMAP_MAILBOX_SANITY_CHECK: '0',
      TCPREMOTEIP: socket.remoteAddress ?? '127.0.0.1', TCPREMOTEPORT: String(socket.remotePort ?? 0), TCPLOCALIP: '127.0.0.1', TCPLOCALPORT: String(socket.localPort ?? 0),
    },
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  // The child holds its own copy of the connection now.
  socket.destroy();
}
