/**
 * The IMAP server as the sync service sees it: folders, UIDs, flags and raw messages. The imapflow
 * adapter implements it; the core never sees sockets, TLS or IMAP syntax.
 */

export type ServerFolder = { path: string; specialUse?: string };

export type OpenedFolder = {
  path: string;
  /** UIDVALIDITY as a decimal string (it may exceed 2^53 on some servers). */
  uidValidity: string;
  uidNext: number;
  exists: number;
  /** HIGHESTMODSEQ as a decimal string; absent when the server has no CONDSTORE for this folder. */
  highestModseq?: string;
  /** PERMANENTFLAGS holds `\*`: keywords of our own choosing are kept. */
  keywordsAllowed: boolean;
  /** Filled when the folder was opened with QRESYNC: what changed since the given modseq. */
  changesSince?: { vanished: number[]; flags: Map<number, string[]> };
};

export type ServerMessage = { uid: number; flags: string[]; raw: Uint8Array; internalDate?: number };

export type StoreResult = { ok: true } | { ok: false; reason: string };

/**
 * A requested message that did not come whole: answered without a body (or not at all, or
 * unparsably): asked for again next time; larger than the adapter accepts: recorded, not retried.
 */
export type MissingMessage = { uid: number; missing: 'no-body' | 'too-large'; size?: number; detail?: string };

export type FolderChange = 'changed' | 'timeout';

export interface MailServerSession {
  listFolders(): Promise<ServerFolder[]>;
  /** Selects a folder. With `since` (and QRESYNC on the server) the changes since then come along. */
  open(path: string, since?: { uidValidity: string; modseq: string }): Promise<OpenedFolder>;
  /** UIDs of the open folder at or above `from`, ascending. */
  uidsFrom(from: number): Promise<number[]>;
  /**
   * Whole messages of the UIDs given, each at most once (nothing that was not asked for), and a
   * MissingMessage for each one that did not come; never more than a batch in memory at once.
   */
  fetchMessages(uids: number[]): AsyncIterable<ServerMessage | MissingMessage>;
  /** Flags of messages below `belowUid`, only those changed since `changedSince` when given (CONDSTORE). */
  fetchFlags(belowUid: number, changedSince?: string): Promise<Map<number, string[]>>;
  /** Message-ID header of each UID (null when missing), for matching after a UIDVALIDITY change. */
  fetchMessageIds(uids: number[]): Promise<Map<number, string | null>>;
  /** Message-ID (null when missing), RFC822.SIZE and flags of each UID: headers only, no body. */
  fetchIdentities(uids: number[]): Promise<Map<number, { messageId: string | null; size: number; flags: string[] }>>;
  /**
   * STORE on the open folder. A server may refuse it (NO: a keyword too long, too many keywords)
   * or the folder may not accept a flag: then `ok` is false with the reason, and nothing may be
   * recorded as applied. Connection failures still reject.
   */
  storeFlags(uids: number[], change: { add?: string[]; remove?: string[] }): Promise<StoreResult>;
  /**
   * Deletes these messages of the open folder for good: \Deleted, then UID EXPUNGE of exactly these
   * UIDs. Refused (`ok` false) on a server without UIDPLUS, where only a plain EXPUNGE exists and it
   * would also remove what other clients marked deleted.
   */
  expunge(uids: number[]): Promise<StoreResult>;
  /** Whether the open folder holds a message with this Message-ID (SEARCH HEADER). */
  hasMessageId(messageId: string): Promise<boolean>;
  /** UIDs in the open folder whose header `name` contains `value` (IMAP SEARCH HEADER: a substring, any case). */
  uidsWithHeader(name: string, value: string): Promise<number[]>;
  /** UIDs of the open folder's messages with this Message-ID (SEARCH HEADER). */
  uidsWithMessageId(messageId: string): Promise<number[]>;
  /**
   * Moves messages of the open folder to another (MOVE; on a server without it, COPY then delete
   * these UIDs). Never deletes mail that did not arrive in the target: refused (`ok` false) when the
   * server cannot move exactly these messages.
   */
  move(uids: number[], target: string): Promise<StoreResult>;
  /** Creates a folder (for Junk where the account has none). */
  createFolder(path: string): Promise<void>;
  /** Adds a message to a folder (APPEND), e.g. a sent reply to Sent; the open folder stays open. Its UID when the server says (UIDPLUS). */
  append(path: string, raw: Uint8Array, flags: string[], date?: Date): Promise<{ uid?: number; uidValidity?: string }>;
  /**
   * Waits (IDLE, or polling when the server has no IDLE) until the open folder changes, `maxMs`
   * passes or `signal` aborts. After `pollMs` without news it asks the server (NOOP): some IDLEs
   * only report once a minute. Rejects when the connection dies.
   */
  waitForChange(maxMs: number, signal?: AbortSignal, pollMs?: number): Promise<FolderChange>;
  /** UIDNEXT and UIDVALIDITY of a folder other than the open one (STATUS), without selecting it; null when it is not there. */
  folderStatus(path: string): Promise<{ uidNext: number; uidValidity: string } | null>;
  readonly capabilities: { condstore: boolean; qresync: boolean; idle: boolean };
  /** Resolves when the connection closes for any reason. */
  readonly closed: Promise<void>;
  close(): Promise<void>;
}

export interface MailServer {
  /** Opens an authenticated session; rejects with AuthFailedError or MailUnavailableError. */
  connect(): Promise<MailServerSession>;
  /** "user@host:port": sync positions belong to one account. */
  readonly identity: string;
}
