/**
 * `sync --watch` and the TUI's live sync: sync, wait on INBOX (IDLE) and sync again whenever it
 * changes, the owner changes something here, or a round's time passes. A lost connection (server
 * restart, network) is retried with backoff for as long as the watch runs; a refused login ends it.
 */
import { AuthFailedError, MailUnavailableError, describeError } from '../errors.js';
import { backoffDelay, defaultSleep } from '../retry.js';
import type { MailServer, MailServerSession } from '../ports/mail-server.js';
import type { SyncReport, SyncRetry, WatchOptions, FolderRole, SyncOptions } from './sync-types.js';

/** What the watch needs of the sync service. */
export type WatchedSync = {
  syncAll(session: MailServerSession, options?: SyncOptions): Promise<SyncReport>;
  folderPlan(session: MailServerSession, options?: SyncOptions): Promise<{ path: string; role: FolderRole }[]>;
  /** The UID after the last one the store has of a folder (undefined: none yet). */
  storedUidNext?(path: string): number | undefined;
  /** Whether another machine wrote decisions to the server since the last round (a STATUS, nothing selected). */
  sharedChanged?(session: MailServerSession): Promise<boolean>;
};

/**
 * While waiting on INBOX, the state log is looked at this often (one STATUS): a close or a note made
 * on the other machine shows here within a few seconds, not at the next round.
 */
const sharedCheckMs = 2_000;

export async function watchMail(sync: WatchedSync, server: MailServer, retry: SyncRetry, options: WatchOptions): Promise<void> {
  const emit = options.onEvent ?? (() => {});
  let poke: (() => void) | undefined;
  // A change made while a round runs is remembered, so the next wait ends at once.
  let changedMeanwhile = false;
  options.localChanges?.(() => (poke ? poke() : (changedMeanwhile = true)));
  let failures = 0;
  while (!options.signal?.aborted) {
    let session: MailServerSession | undefined;
    try {
      session = await server.connect();
      emit({ type: 'connected', account: server.identity });
      await sync.syncAll(session, options);
      // Only a completed round proves the server works: a server that accepts the login and then
      // fails every round must not be retried at the first (shortest) delay forever.
      failures = 0;
      const inbox = (await sync.folderPlan(session))[0].path;
      // The UIDNEXT a round was already run for, so a message the server keeps failing to deliver
      // (stored as missing, asked for again) does not make every wait a new round.
      let caughtUpTo: number | undefined;
      while (!options.signal?.aborted) {
        const opened = await session.open(inbox);
        emit({ type: 'watching', folder: inbox });
        // Mail that arrived while the round was syncing the other folders is in this SELECT's
        // answer, and the server will not announce it again in IDLE: sync now rather than at the
        // end of the round.
        const stored = sync.storedUidNext?.(inbox);
        if (stored !== undefined && opened.uidNext > stored && caughtUpTo !== opened.uidNext) {
          caughtUpTo = opened.uidNext;
          changedMeanwhile = true;
        }
        const round = new AbortController();
        const end = () => round.abort();
        options.signal?.addEventListener('abort', end, { once: true });
        poke = end;
        try {
          if (changedMeanwhile) changedMeanwhile = false;
          else await waitRound(sync, session, options, round.signal);
        } finally {
          poke = undefined;
          options.signal?.removeEventListener('abort', end);
        }
        if (options.signal?.aborted) break;
        await sync.syncAll(session, options);
      }
    } catch (error) {
      if (options.signal?.aborted) break;
      if (error instanceof AuthFailedError || !(error instanceof MailUnavailableError)) throw error;
      failures++;
      const delayMs = backoffDelay(failures, retry.baseDelayMs ?? 1000, retry.maxDelayMs ?? 60_000);
      emit({ type: 'disconnected', message: describeError(error), ...(error.fix ? { fix: error.fix } : {}) });
      emit({ type: 'retry', attempt: failures, delayMs, message: 'reconnecting' });
      // Ends early (and quietly) when the watch is stopped.
      await (retry.sleep ?? defaultSleep)(delayMs, options.signal).catch(() => {});
    } finally {
      await session?.close().catch(() => {});
    }
  }
}

/** Until INBOX changes, the state log changes, the round's time passes or `signal` aborts. */
async function waitRound(sync: WatchedSync, session: MailServerSession, options: WatchOptions, signal: AbortSignal): Promise<void> {
  const roundMs = options.roundMs ?? 60_000;
  const pollMs = options.pollMs ?? 5_000;
  if (!sync.sharedChanged) {
    await session.waitForChange(roundMs, signal, pollMs);
    return;
  }
  const deadline = Date.now() + roundMs;
  while (!signal.aborted) {
    const left = deadline - Date.now();
    if (left <= 0) return;
    if ((await session.waitForChange(Math.min(left, sharedCheckMs), signal, pollMs)) === 'changed' || signal.aborted) return;
    if (await sync.sharedChanged(session)) return;
  }
}
