/**
 * Erasing mail for good (`h2h forget`): the store's part. Owned by ForgetService.
 */

/** What one forget removed from the index: the raw files it may now delete are those no longer referenced. */
export type ForgottenMail = {
  conversations: string[];
  messages: number;
  /** Customers left without any conversation: their record and their notes went too. */
  customers: string[];
  /** Raw files (sha256) that went with them: no remaining message or copy points at them. */
  rawFiles: number;
};

export type ForgetReads = {
  /** Where the messages of these conversations are on the IMAP server, as last synced, by folder. */
  serverCopiesOf(conversationIds: string[]): { path: string; uidValidity: string; uids: number[] }[];
};

export type ForgetWrites = {
  /**
   * Removes these conversations (and ids merged into them) with everything about them: messages,
   * their texts and search entries, copies, folder UIDs, tags, notes, participants; then every
   * customer left without a conversation, with the notes about them. The owner's documents (drafts,
   * outbox, undo) are the service's to clear, in the same transaction; `alsoHashes` are raw files
   * they pointed at (replies in the outbox). The raw files no longer referenced are recorded as
   * pending deletion in the same transaction, and deleted by `finishErasing`.
   */
  forgetConversations(ids: string[], alsoHashes?: string[]): ForgottenMail;
  /**
   * Raw files nothing needs any more (a file taken off a draft, a discarded draft's, a sent reply's
   * kept copies): pending deletion, unless a message or copy points at them; the next
   * `finishErasing` (every forget runs one first) deletes them.
   */
  releaseRawFiles(hashes: string[]): void;
  /** Raw files a draft or reply points at again (the same file attached anew): no longer pending deletion. */
  keepRawFiles(hashes: string[]): void;
};

export type ForgetMaintenance = {
  /**
   * Deletes the raw files pending deletion, then rewrites what still holds erased bytes: the search
   * index's segments (a deleted entry stays in its segment until the segment is merged), free pages
   * (zeroed) and the write-ahead log (checkpointed and truncated). Slow on a big store; only forget
   * needs it. Returns how many raw files it deleted; does nothing when none was pending.
   */
  finishErasing(): Promise<number>;
};
