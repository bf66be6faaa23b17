/**
 * The sync part of the SQLite MailStore (ports/store/sync-store.ts): folder positions and UID maps
 * (folders-repo.ts), the reads that join them with messages and conversations (sync-queries.ts),
 * and the account the positions belong to (a meta row).
 */
import type { SyncReads, SyncWrites } from '../../../../core/ports/mail-store.js';
import type { StoreContext, StorePart } from './store-context.js';

export function syncPart(ctx: StoreContext): StorePart<SyncReads, SyncWrites> {
  const { db, folders, sync } = ctx.index;
  const readAccount = db.prepare("SELECT value FROM meta WHERE key = 'account'").pluck();
  const writeAccount = db.prepare("INSERT INTO meta(key, value) VALUES ('account', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  const syncAccount = () => (readAccount.get() as string | undefined) ?? undefined;

  const reads: SyncReads = {
    syncAccount,
    folder(path) {
      const position = folders.position(path);
      return position && { path, ...position };
    },
    knownUidsFrom: (path, from) => folders.knownUidsFrom(path, from),
    countUidsBelow: (path, below) => folders.countBelow(path, below),
    highestUid: (path) => folders.highestUid(path),
    uidRange: (path, from, below) => sync.uidRange(path, from, below),
    uidRecords: (path, uids) => sync.uidRecords(path, uids),
    pushCandidates: (path, since) => sync.pushCandidates(path, since),
    hasPushChanges: (path, since) => sync.hasPushChanges(path, since),
    locationsOf: (seqs) => sync.locationsOf(seqs),
    offServer: (seqs) => sync.offServer(seqs),
    messagesWithIds: (ids) => sync.messagesWithIds(ids),
    spamLocations: (except) => sync.spamLocations(except),
  };

  const writes: SyncWrites = {
    setSyncAccount(account) {
      ctx.rev();
      if (syncAccount() === account) return;
      folders.removeAll();
      writeAccount.run(account);
    },
    setFolderPosition({ path, ...position }) {
      ctx.rev();
      folders.setPosition(path, position);
    },
    markPushed(path, asOf) {
      const rev = ctx.rev();
      folders.setPushedRev(path, sync.hasPushChanges(path, asOf) ? asOf : rev);
    },
    resetFolder(path, uidValidity) {
      ctx.rev();
      folders.reset(path, uidValidity);
    },
    recordUids(path, uids) {
      const rev = ctx.rev();
      for (const u of uids) folders.putUidAt(rev, path, u.uid, u.seq, u.flags);
      sync.clearOffServer(
        rev,
        uids.map((u) => u.seq),
      );
    },
    recordFlags(path, flags) {
      const rev = ctx.rev();
      for (const f of flags) folders.setFlagsAt(rev, path, f.uid, f.flags);
    },
    removeUids(path, uids) {
      const rev = ctx.rev();
      const seqs = uids.flatMap((uid) => folders.takeUid(path, uid) ?? []);
      return sync.markOffServer(rev, seqs);
    },
    movedAway(path, uids) {
      ctx.rev();
      for (const uid of uids) folders.dropUid(path, uid);
    },
    recordTooLarge(path, entries) {
      ctx.rev();
      for (const e of entries) folders.putTooLarge(path, e.uid, e.size);
    },
    markOffServer: (seqs) => sync.markOffServer(ctx.rev(), seqs),
    clearOffServer: (seqs) => sync.clearOffServer(ctx.rev(), seqs),
  };
  return { reads, writes };
}
