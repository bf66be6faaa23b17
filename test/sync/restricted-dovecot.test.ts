/**
 * A restrictive Dovecot: no CONDSTORE, IDLE or SPECIAL-USE advertised, a Gmail-like `[Gmail]/All Mail`
 * and a non-ASCII folder name in `folders`. Sync, a resync that finds flag changes without
 * CONDSTORE, and `--watch` latency without IDLE.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDovecot, type Dovecot } from '../mail-harness/dovecot.js';
import { addFlags, appendMessages } from '../mail-harness/mailbox.js';
import { exchange, syncFixture, syncServicesFor, watchLatency } from '../helpers/sync-fixture.js';

let dovecot: Dovecot;
beforeAll(async () => {
  dovecot = await startDovecot({
    ssl: false,
    extraConfig: [
      'imap_capability = IMAP4rev1 LITERAL+ SASL-IR LOGIN-REFERRALS ID ENABLE SORT UIDPLUS NAMESPACE CHILDREN',
      // How many messages each session fetched with their body: the All Mail test reads it back.
      'imap_logout_format = in=%i out=%o bodies=%{fetch_body_count}',
      'namespace inbox {',
      '  mailbox "[Gmail]/All Mail" {',
      '    special_use = \\All',
      '    auto = subscribe',
      '  }',
      '}',
    ].join('\n'),
  });
});
afterAll(async () => dovecot?.stop());

describe('a restrictive Dovecot', () => {
  it('syncs INBOX, Sent and a non-ASCII folder, and finds flag changes without CONDSTORE', async () => {
    const f = await syncFixture(dovecot, { folders: ['Käsitelty/Tilaukset €'] });
    const [q0] = await appendMessages(dovecot, f.user, 'INBOX', [exchange(0, false).question]);
    await appendMessages(dovecot, f.user, 'Käsitelty/Tilaukset €', [exchange(1, false).question]);
    const services = await syncServicesFor(f);
    const first = await services.sync.sync();
    expect(first.folders.map((r) => [r.folder, r.added])).toEqual([['INBOX', 1], ['Sent', 0], ['Käsitelty/Tilaukset €', 1]]);
    await addFlags(dovecot, f.user, 'INBOX', [q0], ['refund']);
    const again = await services.sync.sync();
    expect(again.folders[0]).toMatchObject({ mode: 'full', pulled: 1, added: 0 });
    const [c] = await services.conversations.list('subject:"Order 1000"');
    expect((await services.conversations.get(c.id)).tags).toEqual(['refund']);
  });

  it('--watch without IDLE stores new mail within 10 s', async () => {
    const f = await syncFixture(dovecot);
    const services = await syncServicesFor(f);
    const latency = await watchLatency(services, () => appendMessages(dovecot, f.user, 'INBOX', [exchange(3, false).question]));
    process.stderr.write(`watch latency on Dovecot without IDLE: ${latency} ms\n`);
    expect(latency).toBeGreaterThanOrEqual(0);
    expect(latency).toBeLessThan(10_000);
  });

  it('Gmail-like All Mail in folders: copies of INBOX and Sent are matched by Message-ID and size, never downloaded again', async () => {
    const f = await syncFixture(dovecot, { folders: ['[Gmail]/All Mail'] });
    const talks = [0, 1, 2].map((i) => exchange(i));
    await appendMessages(dovecot, f.user, 'INBOX', talks.map((t) => t.question));
    await appendMessages(dovecot, f.user, 'Sent', talks.map((t) => t.reply!), ['\\Seen']);
    // All Mail: every copy, plus one archived message found nowhere else, and one whose id is reused with other content.
    const reused = exchange(0).question.toString().replace('Where is order 1000?', 'A different text, same Message-ID, other size');
    await appendMessages(dovecot, f.user, '[Gmail]/All Mail', [...talks.flatMap((t) => [t.question, t.reply!]), exchange(5, false).question, reused]);
    // The user check of uniqueUser and the three APPEND sessions.
    const before = (await sessionBodies(f.user.address, 4)).length;
    const services = await syncServicesFor(f);
    const report = await services.sync.sync();
    expect(report.folders.map((r) => [r.folder, r.added])).toEqual([['INBOX', 3], ['Sent', 3], ['[Gmail]/All Mail', expect.any(Number)]]);
    // The archived one is new; whether the reused id is shown as its own message is the import's rule.
    expect(report.folders[2].added).toBeGreaterThanOrEqual(1);
    expect(report.folders[2].added + report.folders[2].known).toBe(8);
    // Bodies fetched by h2h's session: 3 + 3 + the 2 All Mail messages not already stored.
    const bodies = (await sessionBodies(f.user.address, before + 1)).slice(before).reduce((a, b) => a + b, 0);
    expect(bodies).toBe(8);
    const again = await services.sync.sync();
    expect(again.added).toBe(0);
  });
});

/**
 * `bodies=` of each ended session of the user, once `sessions` have ended (the server writes the
 * logout line after the client has gone, so it is awaited).
 */
async function sessionBodies(user: string, sessions: number): Promise<number[]> {
  const line = new RegExp(`imap\\(${user.replace(/[.]/g, '\\.')}\\)[^\\n]*bodies=(\\d+)`, 'g');
  const deadline = Date.now() + 5_000;
  for (;;) {
    const found = [...readFileSync(join(dovecot.root, 'log/dovecot.log'), 'utf8').matchAll(line)].map((m) => Number(m[1]));
    if (found.length >= sessions) return found;
    if (Date.now() > deadline) throw new Error(`only ${found.length} of ${sessions} sessions of ${user} logged`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
