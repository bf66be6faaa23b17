/**
 * The owner's v1 documents (drafts, outbox, undo record, kept in v1's state.json) written to the new
 * store's owner.json through the owner part of the SQLite store, as every later change to them is.
 * Seqs they hold (a draft's baseSeq, an entry's answersSeq and baseSeq) need no translation: each
 * message keeps its v1 seq as its rowid (copy-v1-rows.ts). The undo record's states come dated, as
 * copy-v1-rows translated them.
 */
import { join } from 'node:path';
import type { MailIndexHandle } from '../sqlite/mail-index.js';
import { ownerFileName } from '../sqlite/owner-file.js';
import { ownerPart } from '../sqlite/parts/owner-part.js';
import type { StoreContext } from '../sqlite/parts/store-context.js';
import { RawStore } from '../raw-store.js';
import type { UndoRecord } from '../../../core/ports/mail-store.js';
import type { V1Store } from './read-v1-store.js';

export const ownerFileOf = (dataDir: string) => join(dataDir, ownerFileName);

/** Writes them in one transaction of `index` (the owner part writes owner.json in `dataDir` just before it commits). */
export function writeV1OwnerDocuments(dataDir: string, index: MailIndexHandle, v1: V1Store, undo: UndoRecord | undefined): void {
  if (!v1.drafts.length && !v1.outbox.length && !undo) return;
  const ctx: StoreContext = { dataDir, index, raw: new RawStore(join(dataDir, 'raw')), rev: () => ctx.currentRev ?? 0 };
  const owner = ownerPart(ctx);
  index.write((rev) => {
    ctx.currentRev = rev;
    for (const d of v1.drafts) owner.writes.putDraft(d);
    for (const e of v1.outbox) owner.writes.putOutboxEntry(e);
    if (undo) owner.writes.setUndoRecord(undo);
    owner.beforeCommit?.();
  });
}
