/**
 * The sync part of the store port (store v2): folder positions, the UID → message map with the
 * flags already applied, messages too large to fetch, and messages gone from the server. Owned by
 * SyncService and its helpers (folder-download, flag-sync, known-by-id, sent filing).
 *
 * Every read answers for the UIDs or messages at hand (a range from N, the UIDs the server said
 * changed, what changed since a revision), never the whole map: a sync that finds nothing new does
 * work in proportion to the changes, not to the mailbox.
 */

/** One IMAP folder as last synced. */
export type FolderPosition = {
  path: string;
  uidValidity: string;
  /** Every message with a lower UID has been fetched and committed (or recorded as too large). */
  uidNext: number;
  /** Flag changes up to this modseq have been applied; absent without CONDSTORE. */
  highestModseq?: string;
  /**
   * The store revision up to which this folder's flags were pushed to the server: UIDs recorded,
   * and conversations decided about, after it are looked at again. Absent: never pushed.
   */
  pushedRev?: number;
};

/** A UID recorded in a folder: the message (seq) it holds and the flags both sides agreed on last. */
export type FolderUid = { uid: number; seq: number; flags: string[] };

/**
 * A recorded UID with what flag sync needs of its message: its conversation (null before grouping),
 * date (ISO), and the revision that last recorded it (a record newer than a server answer wins over it).
 */
export type UidRecord = FolderUid & { conversationId: string | null; date: string; recordedRev: number };

/** Where a message is on the server. */
export type ServerLocation = { seq: number; path: string; uid: number };

export type SyncReads = {
  /** The account the positions belong to ("user@host:port"); another account starts afresh. */
  syncAccount(): string | undefined;
  folder(path: string): FolderPosition | undefined;
  /** The folder's UIDs at or above `from`, ascending: stored ones and those recorded as too large. */
  knownUidsFrom(path: string, from: number): number[];
  /** How many UIDs below `below` the folder has recorded (stored or too large): compared with EXISTS to notice expunges. */
  countUidsBelow(path: string, below: number): number;
  /** The highest UID recorded as stored, if any. */
  highestUid(path: string): number | undefined;
  /** Records of stored UIDs in [from, below), ascending (a full flag compare reads the folder by ranges). */
  uidRange(path: string, from: number, below: number): UidRecord[];
  /** Records of these UIDs (the ones the server reported changed); UIDs not recorded are left out. */
  uidRecords(path: string, uids: readonly number[]): UidRecord[];
  /**
   * The UIDs whose flags may need pushing: recorded or re-recorded after revision `since`, or of a
   * conversation whose record or decisions changed after it (every UID when `since` is undefined);
   * only those of conversations with decisions or carrying a keyword (others have nothing to push).
   */
  pushCandidates(path: string, since: number | undefined): UidRecord[];
  /** Whether anything flag push looks at (this folder's UIDs, any conversation's record or decisions) changed after revision `since`. Cheap. */
  hasPushChanges(path: string, since: number): boolean;
  /** Every folder UID holding these messages. */
  locationsOf(seqs: readonly number[]): ServerLocation[];
  /** Which of these messages are marked gone from the server. */
  offServer(seqs: readonly number[]): Set<number>;
  /** Stored messages with these (real, normalised) Message-IDs: for matching server mail by its headers. */
  messagesWithIds(messageIds: readonly string[]): { seq: number; messageId: string; size: number }[];
  /** Mail from outside in conversations marked spam that a synced folder (other than `except`) still holds: to move to Junk. */
  spamLocations(except: readonly string[]): ServerLocation[];
};

export type SyncWrites = {
  /** Claims the positions for an account: another account's folder positions and UID maps are forgotten (the mail stays). */
  setSyncAccount(account: string): void;
  /** Creates or moves a folder's position; a new UIDVALIDITY forgets the folder's UID map and too-large records. */
  setFolderPosition(position: FolderPosition): void;
  /**
   * Records that the folder's flags were pushed as of revision `asOf` (read before the push looked).
   * When nothing push looks at changed since, the mark moves to this transaction instead, so writes
   * that concern no push (other folders' positions) never make a later sync look or write again.
   */
  markPushed(path: string, asOf: number): void;
  /** Starts a folder afresh under a new UIDVALIDITY: no UIDs, next UID 1, no modseq, never pushed. */
  resetFolder(path: string, uidValidity: string): void;
  /** Records UIDs as holding these messages with these flags (replacing what a UID held), and the messages as on the server. */
  recordUids(path: string, uids: readonly FolderUid[]): void;
  /** Records the flags applied on both sides. Recording a UID's flags again (even unchanged) makes flag push look at it next time. */
  recordFlags(path: string, flags: readonly { uid: number; flags: readonly string[] }[]): void;
  /** Forgets expunged UIDs; messages no folder holds any more are marked gone from the server. Returns the seqs newly marked. */
  removeUids(path: string, uids: readonly number[]): number[];
  /** UIDs larger than the adapter accepts: recorded so they are not asked for again, never fetched. */
  recordTooLarge(path: string, entries: readonly { uid: number; size: number }[]): void;
  /** Forgets UIDs whose messages moved to a folder h2h does not sync (Junk): unlike removeUids, the mail is still on the server. */
  movedAway(path: string, uids: readonly number[]): void;
  /** Marks messages gone from the server, unless a folder still holds them; returns those newly marked. */
  markOffServer(seqs: readonly number[]): number[];
  /** These messages are on the server (again). */
  clearOffServer(seqs: readonly number[]): void;
};
