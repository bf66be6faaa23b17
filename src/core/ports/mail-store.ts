/**
 * The store as the core sees it (store v2, docs/store-v2.md): operations, not documents. No method
 * hands out the whole mailbox; each read is an indexed query and each write one small transaction.
 *
 * Shape:
 * - `StoreBasics`: identity of the store, change detection by revision, raw files, message reads.
 * - Reads (`StoreReads`) may be called any time; each sees the last commit.
 * - `transact(fn)` makes the raw files written so far durable, then runs `fn` synchronously in one write transaction (the store's write lock is held
 *   for its whole length and fences every other writer, in this process or another): what `fn` reads
 *   through `tx` is current, what it writes commits together or not at all, with a new revision.
 *   Everything slow (parsing, network, raw files) happens before, never inside.
 *
 * The parts are declared next to the services that use them (ports/store/*.ts) so each can grow
 * with its service.
 */
import type { MessageMeta, QuoteSplit } from '../domain/message.js';
import type { ClassifyReads, ClassifyWrites } from './store/classify-store.js';
import type { ConversationReads, ConversationWrites } from './store/conversation-store.js';
import type { ForgetMaintenance, ForgetReads, ForgetWrites } from './store/forget-store.js';
import type { IntakeReads, IntakeWrites } from './store/intake-store.js';
import type { OwnerReads, OwnerWrites } from './store/owner-store.js';
import type { ReindexWrites } from './store/reindex-store.js';
import type { SharedReads, SharedWrites } from './store/shared-store.js';
import type { SyncReads, SyncWrites } from './store/sync-store.js';
import type { LanguageReads, LanguageWrites } from './store/language-store.js';
import type { CustomerMergeReads, CustomerMergeWrites } from './store/customer-merge-store.js';

export type * from './store/classify-store.js';
export type * from './store/conversation-store.js';
export type * from './store/forget-store.js';
export type * from './store/intake-store.js';
export type * from './store/owner-store.js';
export type * from './store/reindex-store.js';
export type * from './store/shared-store.js';
export type * from './store/sync-store.js';
export type * from './store/language-store.js';
export type * from './store/customer-merge-store.js';

/** A message read back with its kept full text (undefined when none was kept: parse the raw file) and its quote split, when kept. */
export type StoredMessage = { meta: MessageMeta; text?: string; split?: QuoteSplit };

export type StoreBasics = {
  readonly dataDir: string;
  /** The last committed revision (any process). Moves with every write transaction; never a date or an identity. */
  revision(): number;
  /** Whether another process committed since this one last looked (its own writes do not count). Cheap: no query. */
  changedElsewhere(): boolean;
  /** Message metadata by seq (the stable message identity), in seq order; unknown seqs are left out. */
  messages(seqs: number[]): MessageMeta[];
  /** Messages with their kept text and quote split, in the order given; unknown seqs are left out. */
  storedMessages(seqs: number[], withText: boolean): StoredMessage[];
  readRaw(hash: string): Promise<Buffer>;
  /** Whether the raw file with this hash is here (nothing read). */
  hasRaw(hash: string): boolean;
  /** Stores raw bytes (content-addressed, atomic, durable before the next commit, which may point at them) and returns their sha256. */
  writeRaw(raw: Uint8Array): Promise<string>;
  close(): Promise<void>;
};

export type StoreReads = ConversationReads & IntakeReads & SyncReads & OwnerReads & ForgetReads & ClassifyReads & SharedReads & LanguageReads & CustomerMergeReads;
export type StoreTx = StoreReads & ConversationWrites & IntakeWrites & SyncWrites & OwnerWrites & ForgetWrites & ReindexWrites & ClassifyWrites & SharedWrites & LanguageWrites & CustomerMergeWrites;

export type MailStore = StoreBasics &
  StoreReads &
  ForgetMaintenance & {
    /** Raw files made durable, then one write transaction; `fn` is synchronous. Resolves to what `fn` returns. */
    transact<T>(fn: (tx: StoreTx) => T): Promise<T>;
  };
