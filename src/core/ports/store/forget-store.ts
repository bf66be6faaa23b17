/**
 * Erasing mail for good (`h2h forget`): the store's part. Owned by ForgetService.
 */

/** What one forget removed from the index: the raw files it may now delete are those no longer referenced. */
export type ForgottenMail = {
  conversations: string[];
  messages: number;
  /** Customers left without any conversation: their record and their notes went too. */
  customers: string[];
  /** Raw files (sha256) the removed messages pointed at and no other message or copy does (the outbox is the service's to check). */
  unreferencedHashes: string[];
  /** IMAP positions of the removed messages, for deleting them on the server too. */
  serverCopies: { path: string; uid: number }[];
};

export type ForgetReads = {
  /** Of these raw hashes, those some message or extra copy still points at. */
  referencedHashes(hashes: string[]): Set<string>;
};

export type ForgetWrites = {
  /**
   * Removes these conversations (and ids merged into them) with everything about them: messages,
   * their texts and search entries, copies, folder UIDs, tags, notes, participants; then every
   * customer left without a conversation, with the notes about them. The owner's documents (drafts,
   * outbox, undo) are the service's to clear, in the same transaction.
   */
  forgetConversations(ids: string[]): ForgottenMail;
};

export type ForgetMaintenance = {
  /**
   * Rewrites what still holds erased bytes after a forget: the search index's segments (deleted
   * entries stay in a segment until it is merged), free pages (zeroed), the write-ahead log
   * (checkpointed and truncated). Slow on a big store; only forget needs it.
   */
  compact(): void;
};
