/**
 * A restrictive Dovecot: no CONDSTORE, IDLE or SPECIAL-USE advertised, a Gmail-like `[Gmail]/All Mail`
 * and a non-ASCII folder name in `folders`. Sync, a resync that finds flag changes without
 * CONDSTORE, and `--watch` latency without IDLE.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDovecot, type Dovecot } from '../mail-harness/dovecot.js';
import { addFlags, appendMessages } from '../mail-harness/mailbox.js';
import { exchange, syncFixture, syncServicesFor } from '../helpers/sync-fixture.js';

let dovecot: Dovecot;
beforeAll(async () => {
  dovecot = await startDovecot({
    ssl: false,
    extraConfig: [
      'imap_capability = IMAP4rev1 LITERAL+ SASL-IR LOGIN-REFERRALS ID ENABLE SORT UIDPLUS NAMESPACE CHILDREN',
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
    const stop = new AbortController();
    let watching!: () => void;
    const started = new Promise<void>((resolve) => (watching = resolve));
    let arrived!: (ms: number) => void;
    const stored = new Promise<number>((resolve) => (arrived = resolve));
    let appendedAt = 0;
    const watch = services.sync.watch({
      signal: stop.signal,
      onEvent: (e) => {
        if (e.type === 'watching') watching();
        if (e.type === 'folder-done' && e.report.folder === 'INBOX' && e.report.added > 0 && appendedAt) arrived(Date.now() - appendedAt);
      },
    });
    try {
      await started;
      appendedAt = Date.now();
      await appendMessages(dovecot, f.user, 'INBOX', [exchange(3, false).question]);
      const latency = await Promise.race([stored, watch.then(() => -1)]);
      process.stderr.write(`watch latency on Dovecot without IDLE: ${latency} ms\n`);
      expect(latency).toBeGreaterThanOrEqual(0);
      expect(latency).toBeLessThan(10_000);
    } finally {
      stop.abort();
      await watch;
    }
  });
});
