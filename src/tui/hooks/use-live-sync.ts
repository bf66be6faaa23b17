/**
 * Keeps the TUI live: runs the sync service's watch (IMAP IDLE) while the TUI is open and turns its
 * events into status-line state; reloads when mail arrives or another h2h process changes the
 * store; ticks the clock so "waiting 3h" stays true.
 */
import { useEffect, useRef, type Dispatch } from 'react';
import { describeError } from '../../core/errors.js';
import type { LiveSync } from '../../core/services/sync-types.js';
import type { SyncEvent } from '../../core/services/sync-service.js';
import type { AppAction } from '../state/app-reducer.js';

export type LiveOptions = {
  sync: LiveSync | null;
  /** Calls back when another process changes the store (adapters' watchDataDir). */
  watchStore?: (onChange: () => void, signal: AbortSignal) => void;
  now: () => number;
  /** How often the clock ticks. @default 30 s */
  tickMs?: number;
  /** False until the first list is on screen; the sync starts then. @default true */
  ready?: boolean;
  /** After the watch stopped on an error (a refused login, a full disk), the first wait before it starts again; doubled up to 10 min. @default 30 s */
  restartMs?: number;
};

const maxRestartMs = 10 * 60_000;

/** Returns `poke`: ask the watch to sync now (local changes to push, or the owner pressed $). */
export function useLiveSync(dispatch: Dispatch<AppAction>, options: LiveOptions): () => void {
  const poke = useRef<() => void>(() => {});
  // A poke before the sync started (the owner read mail in the first moment) is kept for it.
  const poked = useRef(false);
  const stopSync = useRef(new AbortController());
  useEffect(() => {
    const stop = new AbortController();
    const timer = setInterval(() => dispatch({ type: 'tick', now: options.now() }), options.tickMs ?? 30_000);
    options.watchStore?.(() => {
      dispatch({ type: 'reload' });
      poke.current();
    }, stop.signal);
    return () => {
      clearInterval(timer);
      stop.abort();
      stopSync.current.abort();
    };
  }, []);
  // The sync starts once the first list is on screen: its start-up would otherwise compete with the first frame.
  // A watch that stops on an error (a refused login, a full disk, a busy store) starts again by
  // itself, later and later while the cause stays, and at once on $: once the cause is gone (a new
  // password by h2h init, space freed) the TUI is live again without a restart.
  const started = useRef(false);
  const offline = useRef<{ timer?: NodeJS.Timeout; waitMs: number; restart: () => void } | null>(null);
  useEffect(() => {
    const sync = options.sync;
    if (!sync || started.current || options.ready === false) return;
    started.current = true;
    const stop = stopSync.current.signal;
    const onEvent = (event: SyncEvent) => {
      const action = statusOf(event, options.now());
      if (action) dispatch(action);
      if (event.type === 'watching') offline.current = null;
      if (event.type === 'folder-done' && (event.report.added > 0 || event.report.pulled > 0)) dispatch({ type: 'reload' });
      // A close or a note made on the other machine (docs/two-machines.md).
      if (event.type === 'shared-done' && event.report.applied > 0) dispatch({ type: 'reload' });
    };
    const start = () => {
      if (stop.aborted) return;
      sync
        .watch({
          onEvent,
          signal: stop,
          localChanges: (p) => {
            poke.current = p;
            if (poked.current) p();
          },
        })
        .catch((error: unknown) => {
          if (stop.aborted) return;
          const waitMs = Math.min(maxRestartMs, offline.current ? offline.current.waitMs * 2 : (options.restartMs ?? 30_000));
          const restart = () => {
            clearTimeout(offline.current?.timer);
            if (offline.current) offline.current.timer = undefined;
            dispatch({ type: 'sync-status', status: { connection: 'connecting', retryAt: null } });
            start();
          };
          const timer = setTimeout(restart, waitMs);
          timer.unref?.();
          offline.current = { timer, waitMs, restart };
          // Until it runs again, a poke ($, or a change to push) is the owner asking for it now.
          poke.current = restart;
          dispatch({ type: 'sync-status', status: { connection: 'offline', error: describeError(error), retryAt: options.now() + waitMs } });
        });
    };
    stop.addEventListener('abort', () => clearTimeout(offline.current?.timer), { once: true });
    start();
  }, [options.ready]);
  return () => {
    poked.current = true;
    poke.current();
  };
}

function statusOf(event: SyncEvent, now: number): AppAction | null {
  switch (event.type) {
    case 'connected':
      return { type: 'sync-status', status: { connection: 'syncing', detail: event.account, error: null } };
    case 'watching':
      return { type: 'sync-status', status: { connection: 'watching', lastSyncAt: now, error: null, retryAt: null } };
    case 'retry':
      return { type: 'sync-status', status: { connection: 'reconnecting', error: event.message } };
    case 'disconnected':
      return { type: 'sync-status', status: { connection: 'reconnecting', error: event.message } };
    case 'warning':
      return { type: 'sync-status', status: { error: event.message } };
    default:
      return null;
  }
}
