/**
 * Re-deriving what the store derives from raw mail (`h2h reindex`): the store's part. Owned by
 * ReindexService.
 */
import type { MessageMeta, QuoteSplit } from '../../domain/message.js';

/** A stored message derived again: same seq and raw file, new metadata, text and search text. */
export type RederivedMessage = { meta: MessageMeta; searchText: string; text?: string; split?: QuoteSplit };

export type ReindexWrites = {
  /** Replaces stored messages' derived fields (addresses, direction, customer, subject, threading headers, snippet, texts, search entry); keeps their seq, ids, raw file and conversation. */
  rederiveMessages(messages: RederivedMessage[]): void;
  /**
   * Takes these conversations apart for regrouping: their messages are left without a conversation
   * and their rows (with tags, notes and participants) go; the caller has read their decisions and
   * writes them onto the conversations the messages end up in, in the same transaction.
   */
  dissolveConversations(ids: string[]): void;
  /** Keeps a conversation id that no longer exists resolving to the one its mail is in now. */
  aliasConversation(id: string, survivor: string): void;
};
