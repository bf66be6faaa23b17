/**
 * The watch syncs again at once when INBOX, opened to wait on it, is already past what the store
 * holds: mail that arrived while a round synced the other folders is in that SELECT's answer, and a
 * server does not announce it again in IDLE (the TUI's e2e test lost it that way, for a whole
 * round). Once per UIDNEXT: a message the server never delivers does not turn every wait into a round.
 */
import { describe, expect, it } from 'vitest';
import type { MailServer, MailServerSession, OpenedFolder } from '../../../src/core/ports/mail-server.js';
import { watchMail, type WatchedSync } from '../../../src/core/services/watch-loop.js';

/** A watch over a scripted server: what each SELECT of INBOX answers, what the store holds after each round. */
async function run(opens: number[], storedAfterRound: number[]) {
  const stop = new AbortController();
  const calls: string[] = [];
  let rounds = 0;
  let opened = 0;
  const session = {
    close: async () => {},
    closed: new Promise<void>(() => {}),
    open: async (): Promise<OpenedFolder> => {
      const uidNext = opens[Math.min(opened++, opens.length - 1)];
      calls.push(`open ${uidNext}`);
      return { path: 'INBOX', uidValidity: '1', uidNext, exists: uidNext - 1, keywordsAllowed: true };
    },
    waitForChange: async () => {
      calls.push('wait');
      stop.abort();
      return 'timeout' as const;
    },
  } as unknown as MailServerSession;
  const server: MailServer = { identity: 'shop@test:143', connect: async () => session };
  const sync: WatchedSync = {
    async syncAll() {
      calls.push('round');
      rounds++;
      return { folders: [], added: 0 } as never;
    },
    async folderPlan() {
      return [{ path: 'INBOX', role: 'inbox' }];
    },
    storedUidNext: () => storedAfterRound[Math.min(rounds, storedAfterRound.length) - 1],
  };
  await watchMail(sync, server, { sleep: async () => {} }, { signal: stop.signal });
  return calls;
}

describe('the watch catches up with mail that came during a round', () => {
  it('syncs again at once when INBOX is past the store, then waits', async () => {
    // The first round stored up to UID 5; a message (UID 5) came meanwhile: SELECT says UIDNEXT 6.
    expect(await run([6, 6], [5, 6])).toEqual(['round', 'open 6', 'round', 'open 6', 'wait']);
  });

  it('waits at once when INBOX is where the store is', async () => {
    expect(await run([6], [6])).toEqual(['round', 'open 6', 'wait']);
  });

  it('syncs again only once for a UIDNEXT the store does not reach (a message the server never delivers)', async () => {
    expect(await run([6, 6, 6], [5, 5, 5])).toEqual(['round', 'open 6', 'round', 'open 6', 'wait']);
  });
});
