/**
 * A watch whose connection is refused for a reason a setting fixes (no STARTTLS) keeps that fact on
 * its 'disconnected' event, so `sync --watch` can name the flag as the one-shot `sync` does.
 */
import { describe, expect, it } from 'vitest';
import { MailUnavailableError } from '../../../src/core/errors.js';
import type { MailServer } from '../../../src/core/ports/mail-server.js';
import type { SyncEvent } from '../../../src/core/services/sync-types.js';
import { watchMail, type WatchedSync } from '../../../src/core/services/watch-loop.js';

const unused: WatchedSync = {
  syncAll: async () => expect.unreachable('no session was opened'),
  folderPlan: async () => expect.unreachable('no session was opened'),
};

async function disconnectsOf(error: Error): Promise<SyncEvent[]> {
  const stop = new AbortController();
  const server: MailServer = {
    identity: 'shop@test:143',
    connect: async () => {
      throw error;
    },
  };
  const events: SyncEvent[] = [];
  await watchMail(unused, server, { sleep: async () => {} }, {
    signal: stop.signal,
    // One disconnect is enough: the watch would otherwise retry for as long as it runs.
    onEvent: (e) => {
      if (e.type !== 'disconnected') return;
      events.push(e);
      stop.abort();
    },
  });
  return events;
}

describe('watch disconnects', () => {
  it('carry the setting that would fix the connection', async () => {
    const refused = new MailUnavailableError('IMAP test:143 does not offer STARTTLS', { transient: false, fix: { protocol: 'imap', problem: 'no-starttls' } });
    expect(await disconnectsOf(refused)).toEqual([{ type: 'disconnected', message: 'IMAP test:143 does not offer STARTTLS', fix: { protocol: 'imap', problem: 'no-starttls' } }]);
  });

  it('carry no fix when none is known', async () => {
    expect(await disconnectsOf(new MailUnavailableError('IMAP test:143: connection refused'))).toEqual([{ type: 'disconnected', message: 'IMAP test:143: connection refused' }]);
  });
});
