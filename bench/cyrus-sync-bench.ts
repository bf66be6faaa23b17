/**
 * `npx tsx bench/cyrus-sync-bench.ts [count]`: h2h's first sync and no-change resync against a
 * throwaway Cyrus IMAP 3.6 (test/mail-harness/cyrus.ts) holding `count` generated messages (5,000 by
 * default), beside mbsync on the same mailbox and `node -e 0` (Node's own start-up). Both tools speak
 * STARTTLS with the server's certificate, as Cyrus refuses LOGIN in clear text.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ImapFlow } from 'imapflow';
import { startCyrus } from '../test/mail-harness/cyrus.js';
import { generateMessages, shop } from './generate-mailbox.js';

const h2hBin = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin/h2h.js');

function timed(cmd: string, args: string[], env: Record<string, string>): number {
  const t = performance.now();
  const r = spawnSync(cmd, args, { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return performance.now() - t;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(count: number): Promise<void> {
  const cyrus = await startCyrus();
  const work = mkdtempSync(join(tmpdir(), 'cyrus-bench-'));
  try {
    const user = { address: 'bench', password: 'bench-pw' };
    await cyrus.addUser(user.address, user.password);
    const client = new ImapFlow({ host: cyrus.host, port: cyrus.port, secure: false, auth: { user: user.address, pass: user.password }, tls: { ca: [cyrus.certPem] }, logger: false });
    await client.connect();
    process.stderr.write(`appending ${count} messages to Cyrus…\n`);
    for (const m of generateMessages(count)) {
      const raw = m.raw.replace(/\r?\n/g, '\r\n');
      const folder = raw.includes(`From: ${shop.name}`) ? cyrus.sentFolder : 'INBOX';
      await client.append(folder, raw, [], new Date(m.date));
    }
    await client.logout();
    const ca = join(work, 'ca.pem');
    writeFileSync(ca, cyrus.certPem);
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: work, H2H_CONFIG: join(work, 'config.json'), H2H_DATA_DIR: join(work, 'data'), H2H_IMAP_PASSWORD: user.password };
    writeFileSync(env.H2H_CONFIG, JSON.stringify({ agent: shop, account: { imap: { host: cyrus.host, port: cyrus.port, user: user.address, tls: 'starttls', ca } } }), { mode: 0o600 });
    const h2hFirst = timed(process.execPath, [h2hBin, 'sync', '--json'], env);
    const h2hAgain = median([0, 1, 2].map(() => timed(process.execPath, [h2hBin, 'sync', '--json'], env)));
    const maildir = join(work, 'Mail');
    mkdirSync(maildir);
    const rc = join(work, 'mbsyncrc');
    writeFileSync(rc, [
      'IMAPAccount bench', 'Host localhost', `Port ${cyrus.port}`, `User ${user.address}`, `Pass ${user.password}`, 'SSLType STARTTLS', `CertificateFile ${ca}`, '',
      'IMAPStore far', 'Account bench', '',
      'MaildirStore near', `Path ${maildir}/`, `Inbox ${maildir}/INBOX`, 'SubFolders Verbatim', '',
      'Channel bench', 'Far :far:', 'Near :near:', `Patterns INBOX ${cyrus.sentFolder}`, 'Create Near', 'Sync Pull', 'SyncState *', '',
    ].join('\n'), { mode: 0o600 });
    const mbEnv = { PATH: env.PATH, HOME: work };
    const mbFirst = timed('mbsync', ['-q', '-c', rc, '-a'], mbEnv);
    const mbAgain = median([0, 1, 2].map(() => timed('mbsync', ['-q', '-c', rc, '-a'], mbEnv)));
    const nodeStart = median([0, 1, 2].map(() => timed(process.execPath, ['-e', '0'], env)));
    const f = (ms: number) => `${Math.round(ms)} ms`;
    console.log(`Cyrus, ${count} messages: first sync h2h ${f(h2hFirst)} / mbsync ${f(mbFirst)} = ${(h2hFirst / mbFirst).toFixed(2)}x; no-change resync h2h ${f(h2hAgain)} / mbsync ${f(mbAgain)} = ${(h2hAgain / mbAgain).toFixed(2)}x; node -e 0 ${f(nodeStart)}`);
  } finally {
    await cyrus.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

await main(Number(process.argv[2] ?? 5000));
