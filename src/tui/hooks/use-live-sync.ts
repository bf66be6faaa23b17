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
};

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
  const started = useRef(false);
  useEffect(() => {
    const sync = options.sync;
    if (!sync || started.current || options.ready === false) return;
    started.current = true;
    const stop = stopSync.current;
    const onEvent = (event: SyncEvent) => {
      const action = statusOf(event, options.now());
      if (action) dispatch(action);
      if (event.type === 'folder-done' && (event.report.added > 0 || event.report.pulled > 0)) dispatch({ type: 'reload' });
    };
    sync
      .watch({
        onEvent,
        signal: stop.signal,
        localChanges: (p) => {
          poke.current = p;
          if (poked.current) p();
        },
      })
      .catch((error: unknown) => {
        if (!stop.signal.aborted) dispatch({ type: 'sync-status', status: { connection: 'offline', error: describeError(error) } });
      });
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
      return { type: 'sync-status', status: { connection: 'watching', lastSyncAt: now, error: null } };
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
