/**
 * `--watch` reconnect backoff: a server that accepts every login and then fails every round (Courier
 * before UIDNEXT was asked: 562 logins in 290 s) must be retried at growing delays; only a completed
 * round starts the count again.
 */
import { describe, expect, it } from 'vitest';
import { MailUnavailableError } from '../../../src/core/errors.js';
import type { MailServer, MailServerSession } from '../../../src/core/ports/mail-server.js';
import type { SyncEvent } from '../../../src/core/services/sync-types.js';
import { watchMail, type WatchedSync } from '../../../src/core/services/watch-loop.js';

/** A session that only needs to close: the rounds below never get as far as waiting. */
const session = { close: async () => {}, closed: new Promise<void>(() => {}) } as unknown as MailServerSession;
const server: MailServer = { identity: 'shop@test:143', connect: async () => session };

/** Runs a watch whose rounds fail or succeed as `outcomes` says (true: the round completes), then stops. */
async function retriesOf(outcomes: boolean[]): Promise<number[]> {
  const stop = new AbortController();
  let round = 0;
  const sync: WatchedSync = {
    async syncAll() {
      const ok = outcomes[round++];
      if (round >= outcomes.length) stop.abort();
      if (!ok) throw new MailUnavailableError('BAD Invalid sequence set', { transient: true });
      // A completed round, then the next wait fails as the connection drops.
      return { folders: [], added: 0 } as never;
    },
    async folderPlan() {
      throw new MailUnavailableError('connection lost', { transient: true });
    },
  };
  const attempts: number[] = [];
  await watchMail(sync, server, { baseDelayMs: 1000, maxDelayMs: 60_000, sleep: async () => {} }, {
    signal: stop.signal,
    onEvent: (e: SyncEvent) => {
      if (e.type === 'retry') attempts.push(e.attempt);
    },
  });
  return attempts;
}

describe('watch reconnect backoff', () => {
  it('grows while every round fails after a successful login', async () => {
    expect(await retriesOf([false, false, false, false, false])).toEqual([1, 2, 3, 4]);
  });

  it('starts again only after a round completed', async () => {
    expect(await retriesOf([false, false, true, false, false])).toEqual([1, 2, 1, 2]);
  });
});
