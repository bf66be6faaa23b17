/**
 * vitest globalSetup: one Dovecot with TLS (STARTTLS + IMAPS), one without TLS at all, and an SMTP sink
 * relaying to the first, shared by every test file of the run; tmux for the TUI's end-to-end tests. Test files get them with
 * `inject('mail')` and create their own user with `uniqueUser(env.dovecot)` (test/mail-harness/mailbox.ts).
 * Tests that restart a server start their own with `startDovecot()` (≈40 ms) instead.
 */
import { execSync } from 'node:child_process';
import { userInfo } from 'node:os';
import type { TestProject } from 'vitest/node';
import { assertDovecotInstalled, installCommand, reapStale, startDovecot, type DovecotEnv } from './mail-harness/dovecot.js';
import { startSmtpSink } from './mail-harness/smtp-sink.js';
import { startCourier } from './mail-harness/courier.js';
import { reapStaleCyrus, startCyrus } from './mail-harness/cyrus.js';
import { assertServerUnpacked, ensureServersUnpacked } from './mail-harness/server-packages.js';
import { plainServer, type TestServerEnv } from './mail-harness/test-server.js';

export type MailEnv = {
  /** Dovecot with TLS: STARTTLS on `port`, implicit TLS on `tlsPort`. */
  dovecot: DovecotEnv;
  /** Dovecot with `ssl = no`: no STARTTLS, no IMAPS (h2h must refuse it unless told `--imap-tls none`). */
  noTls: DovecotEnv;
  /** SMTP sink (no TLS, any login) delivering into `dovecot` over LMTP. */
  smtp: { host: string; port: number };
  /** Other IMAP servers (test/sync/servers.test.ts): Cyrus in Debian's and the altnamespace layout, Courier. */
  others: { cyrus: TestServerEnv; cyrusAlt: TestServerEnv; courier: TestServerEnv };
};

declare module 'vitest' {
  export interface ProvidedContext {
    mail: MailEnv;
  }
}

export default async function setup(project: TestProject) {
  ensureDovecot();
  ensureTmux();
  ensureServersUnpacked();
  assertServerUnpacked('cyrus');
  assertServerUnpacked('courier');
  reapStale();
  reapStaleCyrus();
  const dovecot = await startDovecot();
  const noTls = await startDovecot({ ssl: false });
  const smtp = await startSmtpSink({ lmtpPort: dovecot.lmtpPort });
  const [cyrus, cyrusAlt, courier] = [await startCyrus(), await startCyrus({ layout: 'altnamespace' }), await startCourier()];
  // Only plain data crosses to the test processes; the methods stay here.
  const plain = ({ host, port, tlsPort, lmtpPort, root, confPath, pid, certPem, ssl }: DovecotEnv): DovecotEnv => ({ host, port, tlsPort, lmtpPort, root, confPath, pid, certPem, ssl });
  project.provide('mail', { dovecot: plain(dovecot), noTls: plain(noTls), smtp: { host: smtp.host, port: smtp.port },
    others: { cyrus: plainServer(cyrus), cyrusAlt: plainServer(cyrusAlt), courier: plainServer(courier) },
  });
  return async () => {
    await smtp.stop();
    await Promise.all([dovecot.stop(), noTls.stop(), cyrus.stop(), cyrusAlt.stop(), courier.stop()]);
  };
}

/** Mail tests never skip: install Dovecot when we can (root + apt), else fail with the command to run. */
function ensureDovecot(): void {
  try {
    assertDovecotInstalled();
    return;
  } catch (error) {
    if (userInfo().uid !== 0 || !hasApt()) throw error;
  }
  process.stderr.write(`Dovecot is missing; installing it: ${installCommand}\n`);
  execSync(installCommand.replace(/apt-get /g, 'apt-get -qq '), { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  assertDovecotInstalled();
}

/** The TUI's end-to-end tests run h2h in a real pseudo-terminal: tmux. Installed like Dovecot, never skipped. */
export const tmuxInstallCommand = 'apt-get update && apt-get install -y tmux';
function ensureTmux(): void {
  const present = () => {
    try {
      execSync('tmux -V', { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  };
  if (present()) return;
  if (userInfo().uid !== 0 || !hasApt()) throw new Error(`tmux is not installed; the TUI's end-to-end tests need it. Install it with:\n  ${tmuxInstallCommand}`);
  process.stderr.write(`tmux is missing; installing it: ${tmuxInstallCommand}\n`);
  execSync(tmuxInstallCommand.replace(/apt-get /g, 'apt-get -qq '), { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (!present()) throw new Error(`tmux is still missing after: ${tmuxInstallCommand}`);
}

function hasApt(): boolean {
  try {
    execSync('command -v apt-get', { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
