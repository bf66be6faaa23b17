/** The messages between the TUI's thread and its sync thread (threaded-sync.ts, sync-thread.ts). */
import type { SyncEvent } from '../core/services/sync-types.js';
import type { Config } from './config.js';
import type { Paths } from './paths.js';

/** `rereadConfig`: read the config file afresh (a restart after `h2h init` gave a new password or server). */
export type SyncThreadData = { paths: Paths; config: Config; rereadConfig?: boolean };
export type ToSyncThread = { type: 'poke' } | { type: 'stop' };
export type FromSyncThread = { type: 'event'; event: SyncEvent } | { type: 'ended' } | { type: 'failed'; message: string };
