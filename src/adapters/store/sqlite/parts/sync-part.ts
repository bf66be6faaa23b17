/** The sync part of the SQLite MailStore (ports/store/sync-store.ts). */
import type { SyncReads, SyncWrites } from '../../../../core/ports/mail-store.js';
import type { StoreContext, StorePart } from './store-context.js';

export function syncPart(ctx: StoreContext): StorePart<SyncReads, SyncWrites> {
  void ctx;
  throw new Error('not built yet');
}
