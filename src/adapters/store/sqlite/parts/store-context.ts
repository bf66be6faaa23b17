/** What every part of the SQLite MailStore shares: the open index, the raw files, the transaction's revision. */
import type { RawStore } from '../../raw-store.js';
import type { MailIndexHandle } from '../mail-index.js';

export type StoreContext = {
  readonly dataDir: string;
  readonly index: MailIndexHandle;
  readonly raw: RawStore;
  /** The revision of the transaction running now (set by `transact`). */
  currentRev?: number;
  /** The running transaction's revision; throws outside one (a write must be inside `transact`). */
  rev(): number;
};

/**
 * One part of the port: its reads, its writes (only ever called inside `transact`), and hooks the
 * transaction runs before it commits (write a document kept beside the index) or after it rolled back
 * (drop what the part cached from the failed transaction).
 */
export type StorePart<R, W> = { reads: R; writes: W; beforeCommit?: () => void; afterRollback?: () => void };
