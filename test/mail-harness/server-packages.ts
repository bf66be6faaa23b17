/**
 * Cyrus IMAP and Courier-IMAP for the tests, unpacked (never installed: both conflict with
 * dovecot-imapd in apt) into /var/cache/h2h-test-servers/<server>/root by fetch-servers.sh, which
 * .ci/run and the vitest global setup run when something is missing. A missing part fails with
 * that one command; the tests never skip.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const serverCache = process.env.H2H_TEST_SERVER_CACHE ?? '/var/cache/h2h-test-servers';
export const cyrusRoot = join(serverCache, 'cyrus/root');
export const courierRoot = join(serverCache, 'courier/root');
const script = join(dirname(fileURLToPath(import.meta.url)), 'fetch-servers.sh');
export const fetchServersCommand = `sudo bash ${script}`;

/** What each server needs on this machine (files that fetch-servers.sh puts there). */
const needs = {
  cyrus: [join(cyrusRoot, 'usr/lib/cyrus/bin/imapd'), '/usr/lib/cyrus/bin/master', '/usr/lib/cyrus/bin/ctl_cyrusdb', '/usr/sbin/saslpasswd2'],
  courier: [join(courierRoot, 'usr/bin/imapd'), join(courierRoot, 'usr/bin/maildirmake.courier'), join(courierRoot, 'usr/lib/libcourierauth.so.0')],
};

export function missingParts(server: keyof typeof needs): string[] {
  return needs[server].filter((file) => !existsSync(file));
}

/** Throws the one command that fixes it when a server's files are missing. */
export function assertServerUnpacked(server: keyof typeof needs): void {
  const missing = missingParts(server);
  if (missing.length) throw new Error(`${server} test server is missing (${missing.join(', ')}); the mail tests need it. Fetch it with:\n  ${fetchServersCommand}`);
}

/** As root with apt: fetch what is missing now; otherwise leave it to assertServerUnpacked's message. */
export function ensureServersUnpacked(): void {
  if (missingParts('cyrus').length === 0 && missingParts('courier').length === 0) return;
  if (userInfo().uid !== 0 || !existsSync('/usr/bin/apt-get')) return;
  process.stderr.write(`Cyrus/Courier test servers missing; fetching them: ${fetchServersCommand}\n`);
  execFileSync('bash', [script], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive', H2H_TEST_SERVER_CACHE: serverCache } });
}

/** Courier's libraries live in the unpacked prefix. */
export function courierLibraryPath(): string {
  return [join(courierRoot, 'usr/lib'), join(courierRoot, 'usr/lib/x86_64-linux-gnu'), join(courierRoot, 'usr/lib/courier-authlib')].join(':');
}
