/**
 * The sync part of the store port (store v2): folder positions, the UID → message map with the
 * flags already applied, messages gone from the server. Owned by SyncService and its helpers;
 * refine here as they need.
 */

/** One IMAP folder as last synced. */
export type FolderPosition = {
  path: string;
  uidValidity: string;
  /** Every message with a lower UID has been fetched and committed. */
  uidNext: number;
  /** Flag changes up to this modseq have been applied; absent without CONDSTORE. */
  highestModseq?: string;
};

export type SyncReads = {
  /** The account the positions belong to ("user@host:port"); another account starts afresh. */
  syncAccount(): string | undefined;
  folder(path: string): FolderPosition | undefined;
};

export type SyncWrites = {
  setSyncAccount(account: string): void;
};
