/**
 * The owner part of the SQLite MailStore (ports/store/owner-store.ts): drafts, the outbox and the
 * undo journal in `owner.json` (owner-file.ts), beside the index rather than in it because they are
 * small documents the owner may read or back up, bounded by what the owner is doing now.
 *
 * Inside `transact` the document is read fresh on first use: every writer of owner.json holds
 * SQLite's write lock (the IMMEDIATE transaction `transact` runs in), so what is read there is
 * current and nobody writes it until our commit. It is written once, in `beforeCommit`, and only
 * when a write changed it; a rollback drops the changes and leaves the file as it was. The one gap:
 * SQLite's COMMIT failing after the file was written (a full disk) leaves the owner's change saved
 * without the index's. Nothing here points into the index, so the two stay readable either way.
 *
 * Outside a transaction a read uses the last document read while the file's stamp (inode, size,
 * times) is unchanged: one stat per read, and another process's write (a rename, a new inode) is
 * seen at once.
 */
import { join } from 'node:path';
import { LowSync } from 'lowdb';
import type { Draft, OutboxEntry, OwnerReads, OwnerWrites, SenderVerdict, SharedWrites } from '../../../../core/ports/mail-store.js';
import { emptyOwnerDocument, OwnerFile, ownerFileName, undoDepth, type FileStamp, type OwnerDocument } from '../owner-file.js';
import type { StoreContext, StorePart } from './store-context.js';
import type { SharedJournal } from './shared-part.js';
import { sharedAway, type AwayState } from '../../../../core/domain/away.js';
import { emptyShared } from '../../../../core/domain/shared-state/shared-state.js';

/** `journal`: where a sender verdict is recorded to share with the other machines (absent: not shared). */
export function ownerPart(ctx: StoreContext, journal?: SharedJournal): StorePart<OwnerReads, OwnerWrites & Pick<SharedWrites, 'writeUnsharedAway'>> {
  const file = new OwnerFile(join(ctx.dataDir, ownerFileName));
  const db = new LowSync<OwnerDocument>(file, emptyOwnerDocument());
  /** db.data is the running transaction's copy (read in this transaction). */
  let loaded = false;
  let dirty = false;
  let cache: { stamp: FileStamp; doc: OwnerDocument } | undefined;

  const endTransaction = () => {
    loaded = false;
    dirty = false;
  };

  const current = (): OwnerDocument => {
    if (ctx.currentRev !== undefined) {
      if (!loaded) {
        db.read();
        loaded = true;
        dirty = false;
      }
      return db.data;
    }
    // Stamp first, then read: a write in between makes the next stamp differ, so it is read again.
    const stamp = file.stamp();
    if (cache?.stamp !== stamp) cache = { stamp, doc: file.read() };
    return cache.doc;
  };

  /** Runs a change on the transaction's document; `changed` says whether it changed anything. */
  const change = (fn: (doc: OwnerDocument) => boolean) => {
    ctx.rev(); // throws outside a transaction
    if (fn(current())) dirty = true;
  };

  const putAway = (state: AwayState | null) =>
    change((doc) => {
      const before = doc.away ?? null;
      if (same(before, state)) return false;
      // A new absence: the one before joins the earlier ones (the figures pause over them all).
      if (before && state && before.from !== state.from) doc.awayEarlier = [...(doc.awayEarlier ?? []), { from: before.from, until: before.until }].slice(-50);
      doc.away = state === null ? null : copy(state);
      return true;
    });

  return {
    reads: {
      undoRecord: () => copy(current().undo ?? undefined),
      outbox: () => Object.values(current().outbox).sort(by((e) => e.queuedAt)).map(copy),
      outboxEntry: (id) => copy(own(current().outbox, id)),
      draft: (conversationId) => copy(own(current().drafts, conversationId)),
      drafts: () => Object.values(current().drafts).sort(by((d) => d.updatedAt)).map(copy),
      senderVerdict: (email) => copy(own(current().senders, email)),
      senderVerdicts: () => Object.entries(current().senders).sort(by(([email]) => email)).map(copy),
      away: () => copy({ current: current().away ?? null, earlier: current().awayEarlier ?? [] }),
    },
    writes: {
      setUndoRecord: (record) =>
        change((doc) => {
          const next = record === undefined ? null : copy(record);
          if (same(doc.undo, next) && doc.undoEarlier.length === 0) return false;
          doc.undo = next;
          doc.undoEarlier = [];
          return true;
        }),
      pushUndoRecord: (record) =>
        change((doc) => {
          if (doc.undo) doc.undoEarlier = [...doc.undoEarlier, doc.undo].slice(-(undoDepth - 1));
          doc.undo = copy(record);
          return true;
        }),
      popUndoRecord: () =>
        change((doc) => {
          if (!doc.undo && doc.undoEarlier.length === 0) return false;
          doc.undo = doc.undoEarlier.at(-1) ?? null;
          doc.undoEarlier = doc.undoEarlier.slice(0, -1);
          return true;
        }),
      dropUndoRecords: (touches) =>
        change((doc) => {
          const all = [...doc.undoEarlier, ...(doc.undo ? [doc.undo] : [])];
          const kept = all.filter((r) => !touches(copy(r)));
          if (kept.length === all.length) return false;
          doc.undo = kept.at(-1) ?? null;
          doc.undoEarlier = kept.slice(0, -1);
          return true;
        }),
      setAway(state) {
        const before = current().away ?? null;
        putAway(state);
        // The other machines learn of a change to the absence itself, not of who got a notice here.
        const shared = state && sharedAway(state);
        if (journal && shared && !same(before && sharedAway(before), shared)) journal.record({ ...emptyShared(), owner: { away: { v: shared, at: journal.now() } } });
      },
      writeUnsharedAway(away) {
        const before = current().away ?? null;
        // The same absence: who got a notice here, and who this machine saw wait for one, stay.
        const same = before && before.from === away.from ? before : null;
        putAway({ ...copy(away), noticed: same?.noticed ?? [], ...(same?.seen ? { seen: same.seen } : {}) });
      },
      putOutboxEntry: (entry) => change((doc) => put(doc.outbox, entry.id, entry)),
      removeOutboxEntry: (id) => change((doc) => remove(doc.outbox, id)),
      putDraft: (draft) => change((doc) => put(doc.drafts, draft.conversationId, draft)),
      removeDraft: (conversationId) => change((doc) => remove(doc.drafts, conversationId)),
      writeUnsharedVerdict: (email, verdict) => change((doc) => (verdict === null ? remove(doc.senders, email) : put(doc.senders, email, verdict))),
      setSenderVerdict(email, verdict) {
        change((doc) => (verdict === null ? remove(doc.senders, email) : put(doc.senders, email, verdict)));
        journal?.record({ conversations: {}, customers: {}, senders: { [email]: { v: verdict && { as: verdict.as }, at: journal.now() } } });
      },
    },
    beforeCommit() {
      if (loaded && dirty) {
        db.write();
        // What we wrote is what the file holds now: the next read outside a transaction needs no parse.
        cache = { stamp: file.stamp(), doc: db.data };
      }
      endTransaction();
    },
    afterRollback: endTransaction,
  };
}

function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

function put<T extends Draft | OutboxEntry | SenderVerdict>(record: Record<string, T>, key: string, value: T): boolean {
  if (same(own(record, key), value)) return false;
  record[key] = copy(value);
  return true;
}

function remove<T>(record: Record<string, T>, key: string): boolean {
  if (!Object.hasOwn(record, key)) return false;
  delete record[key];
  return true;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A copy, so a caller changing what it was handed cannot change the document behind the store's back. */
function copy<T>(value: T): T {
  return value === undefined ? value : structuredClone(value);
}

function by<T>(key: (item: T) => string): (a: T, b: T) => number {
  return (a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
}
