/**
 * The MailStore (store v2) on SQLite: the mail index in `index.sqlite` (see schema.ts), the owner's
 * small documents in `owner.json` (lowdb), raw messages as content-addressed files under `raw/`.
 *
 * Each part of the port (ports/store/*.ts) is implemented in parts/*.ts over one StoreContext; this
 * file opens the pieces and joins the parts. Writes go through `transact`: raw files are made
 * durable first (everything a row points at is on disk before the row commits), then one IMMEDIATE
 * SQLite transaction with a new revision. SQLite's write lock is the store's one lock: it is held by
 * the operating system for the transaction's whole length, so a paused writer can never be
 * overtaken, and the owner's documents are read and written under it too.
 */
import { chmod, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { MailStore, StoreReads, StoreTx } from '../../../core/ports/mail-store.js';
import { ensurePrivateDir, privateDirMode } from '../atomic-file.js';
import { RawStore, type RawFileTarget } from '../raw-store.js';
import { openMailIndex } from './mail-index.js';
import type { OpenIndexOptions } from './open-index.js';
import { basicsPart } from './parts/basics-part.js';
import { classifyPart } from './parts/classify-part.js';
import { languagePart } from './parts/language-part.js';
import { customerMergePart } from './parts/customer-merge-part.js';
import { sharedJournal, sharedPart } from './parts/shared-part.js';
import { conversationPart } from './parts/conversation-part.js';
import { forgetPart } from './parts/forget-part.js';
import { intakePart } from './parts/intake-part.js';
import { ownerPart } from './parts/owner-part.js';
import { reindexPart } from './parts/reindex-part.js';
import { syncPart } from './parts/sync-part.js';
import type { StoreContext } from './parts/store-context.js';
import { translateSqliteError, translatingErrors } from './store-errors.js';
import { didNotGo } from '../../../core/ports/store/owner-store.js';
import { conversationOfDraftKey } from '../../../core/domain/draft-keys.js';

export type SqliteMailStoreOptions = OpenIndexOptions;

export type SqliteMailStore = MailStore & {
  /** The raw files, for a writer on another thread (WorkerIntake): what it records there is fsynced before the next commit. */
  readonly rawFiles: RawFileTarget;
};

export async function openSqliteMailStore(dataDir: string, options: SqliteMailStoreOptions = {}): Promise<SqliteMailStore> {
  await ensurePrivateDir(dataDir);
  // Like aerc and ssh: mail is private. Tighten a folder others can enter rather than leave it open.
  if (((await stat(dataDir)).mode & 0o077) !== 0) await chmod(dataDir, privateDirMode);
  const index = openMailIndex(dataDir, options);
  const raw = new RawStore(join(dataDir, 'raw'));
  const ctx: StoreContext = { dataDir, index, raw, rev: () => ctx.currentRev ?? failOutsideTransaction() };
  const forget = forgetPart(ctx);
  const journal = sharedJournal(ctx);
  const owner = ownerPart(ctx, journal);
  const marks = () => ({
    // A forward being written marks its conversation too; new mail has none yet.
    draft: owner.reads.drafts().flatMap((d) => conversationOfDraftKey(d.conversationId) ?? []),
    failed: owner.reads.outbox().filter((e) => didNotGo(e.status)).map((e) => e.conversationId),
  });
  const conversations = conversationPart(ctx, journal, marks);
  const parts = [conversations, intakePart(ctx), syncPart(ctx), owner, forget, reindexPart(ctx), classifyPart(ctx), languagePart(ctx, journal), customerMergePart(ctx, journal), sharedPart(ctx, journal, { states: conversations.applyShared, customer: conversations.applySharedCustomer })];
  const reads = Object.assign({}, ...parts.map((p) => p.reads)) as StoreReads;
  const tx = Object.assign({}, reads, ...parts.map((p) => p.writes)) as StoreTx;
  const basics = basicsPart(ctx);
  // A damaged index or a full disk is the owner's one line naming index.sqlite (store-errors.ts), from any read or write.
  return {
    ...translatingErrors(basics, index.file),
    ...translatingErrors(reads, index.file),
    ...translatingErrors(forget.maintenance, index.file),
    rawFiles: raw,
    async transact<T>(fn: (tx: StoreTx) => T): Promise<T> {
      await raw.flush();
      try {
        return write(fn);
      } catch (error) {
        throw translateSqliteError(error, index.file);
      }
    },
  };

  function write<T>(fn: (tx: StoreTx) => T): T {
    return index.write((rev) => {
      ctx.currentRev = rev;
      try {
        const result = fn(tx);
        for (const p of parts) p.beforeCommit?.();
        return result;
      } catch (error) {
        for (const p of parts) p.afterRollback?.();
        throw error;
      } finally {
        ctx.currentRev = undefined;
      }
    });
  }
}

function failOutsideTransaction(): never {
  throw new Error('a store write outside a transaction');
}
