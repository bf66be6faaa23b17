/**
 * What the Dovecot, Cyrus and Courier test servers share: the env a test gets (a `DovecotEnv` plus
 * the server kind, where Sent lives and how to add a user), a certificate, readiness and stop.
 */
import { execFileSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { imapSession, type DovecotEnv } from './dovecot.js';

export type ServerKind = 'dovecot' | 'cyrus' | 'courier';

/** Plain data, so vitest's provide() can pass it to test files. */
export type TestServerEnv = DovecotEnv & { kind: ServerKind; sentFolder: string; separator: string };

export type TestServer = TestServerEnv & {
  addUser(user: string, password: string): Promise<void>;
  stop(): Promise<void>;
};

export function selfSignedCert(dir: string): string {
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
    '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  return readFileSync(join(dir, 'cert.pem'), 'utf8');
}

export async function waitForGreeting(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await imapSession(port, [], Math.max(100, deadline - Date.now()));
      return;
    } catch (error) {
      if (Date.now() >= deadline) throw new Error(`no IMAP greeting on port ${port} within ${timeoutMs} ms: ${(error as Error).message}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/** SIGTERM the child's process group, SIGKILL it if still there 500 ms later. */
export async function stopProcessGroup(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, s);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
  };
  signal('SIGTERM');
  const gone = await Promise.race([exited.then(() => true), new Promise((r) => setTimeout(() => r(false), 500))]);
  if (!gone) signal('SIGKILL');
  await exited;
}

/** The plain-data part of a server, for provide(). */
export function plainServer(s: TestServerEnv): TestServerEnv {
  const { kind, host, port, tlsPort, lmtpPort, root, confPath, pid, certPem, ssl, sentFolder, separator } = s;
  return { kind, host, port, tlsPort, lmtpPort, root, confPath, pid, certPem, ssl, sentFolder, separator };
}
