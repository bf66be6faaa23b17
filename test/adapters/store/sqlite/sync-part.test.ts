/**
 * The sync part of the SQLite store on a real index in a temp dir: account, positions, the UID map
 * read by ranges and by the UIDs a server reported, off-server marks, and the UIDs flag push must
 * look at since a revision (in proportion to what changed, checked by its query plan).
 */
import { describe, expect, it } from 'vitest';
import type { SyncReads, SyncWrites } from '../../../../src/core/ports/mail-store.js';
import { syncPart } from '../../../../src/adapters/store/sqlite/parts/sync-part.js';
import type { StoreContext } from '../../../../src/adapters/store/sqlite/parts/store-context.js';
import { changedCandidatesSql } from '../../../../src/adapters/store/sqlite/sync-queries.js';
import { RawStore } from '../../../../src/adapters/store/raw-store.js';
import { addConversation, meta, openTemp } from './index-fixture.js';

const day = (d: number) => new Date(Date.UTC(2026, 0, d)).toISOString();

function openPart() {
  const index = openTemp();
  const ctx: StoreContext = { dataDir: index.dir, index, raw: new RawStore(`${index.dir}/raw`), rev: () => ctx.currentRev ?? fail() };
  const part = syncPart(ctx);
  const write = <T>(fn: (tx: SyncReads & SyncWrites) => T): T =>
    index.write((rev) => {
      ctx.currentRev = rev;
      try {
        return fn({ ...part.reads, ...part.writes });
      } finally {
        ctx.currentRev = undefined;
      }
    });
  return { index, store: part.reads, write };
}

function fail(): never {
  throw new Error('a store write outside a transaction');
}

/** Three conversations of two messages each; returns their seqs. */
function seeded() {
  const p = openPart();
  const seqs = ['c1', 'c2', 'c3'].flatMap((id, i) => addConversation(p.index, id, [0, 1].map((k) => ({ meta: meta({ date: day(1 + i * 2 + k) }), text: 'x' }))));
  return { ...p, seqs };
}

describe('sync part', () => {
  it('keeps positions per account: the same account keeps them, another starts afresh and the mail stays', () => {
    const { store, write, seqs, index } = seeded();
    expect(store.syncAccount()).toBeUndefined();
    write((tx) => {
      tx.setSyncAccount('a@host:993');
      tx.setFolderPosition({ path: 'INBOX', uidValidity: '7', uidNext: 3, highestModseq: '9' });
      tx.recordUids('INBOX', [{ uid: 1, seq: seqs[0], flags: [] }]);
    });
    write((tx) => tx.setSyncAccount('a@host:993'));
    expect(store.folder('INBOX')).toEqual({ path: 'INBOX', uidValidity: '7', uidNext: 3, highestModseq: '9' });
    write((tx) => tx.setSyncAccount('b@host:993'));
    expect(store.syncAccount()).toBe('b@host:993');
    expect(store.folder('INBOX')).toBeUndefined();
    expect(store.knownUidsFrom('INBOX', 1)).toEqual([]);
    expect(index.messages.byRowids(seqs)).toHaveLength(6);
    index.close();
  });

  it('reads the UID map from N, by range and by the UIDs asked for, with each message’s conversation and date', () => {
    const { store, write, seqs, index } = seeded();
    write((tx) => {
      tx.setFolderPosition({ path: 'INBOX', uidValidity: '7', uidNext: 40 });
      tx.recordUids('INBOX', [
        { uid: 10, seq: seqs[0], flags: ['\\Seen'] },
        { uid: 20, seq: seqs[2], flags: [] },
        { uid: 30, seq: seqs[4], flags: ['\\Seen', 'refund'] },
      ]);
      tx.recordTooLarge('INBOX', [{ uid: 25, size: 99_000_000 }]);
    });
    expect(store.knownUidsFrom('INBOX', 20)).toEqual([20, 25, 30]);
    expect(store.countUidsBelow('INBOX', 30)).toBe(3);
    expect(store.highestUid('INBOX')).toBe(30);
    expect(store.highestUid('Sent')).toBeUndefined();
    const recordedAt = index.revisions.current();
    expect(store.uidRecords('INBOX', [30, 10, 11])).toEqual([
      { uid: 10, seq: seqs[0], flags: ['\\Seen'], conversationId: 'c1', date: day(1), recordedRev: recordedAt },
      { uid: 30, seq: seqs[4], flags: ['\\Seen', 'refund'], conversationId: 'c3', date: day(5), recordedRev: recordedAt },
    ]);
    expect(store.uidRange('INBOX', 11, 30).map((r) => r.uid)).toEqual([20]);
    write((tx) => tx.recordFlags('INBOX', [{ uid: 20, flags: ['\\Seen'] }]));
    expect(store.uidRecords('INBOX', [20])[0]).toMatchObject({ flags: ['\\Seen'], recordedRev: index.revisions.current() });
    expect(index.revisions.current()).toBeGreaterThan(recordedAt);
    expect(store.locationsOf([seqs[4], seqs[1]])).toEqual([{ seq: seqs[4], path: 'INBOX', uid: 30 }]);
    index.close();
  });

  it('forgets the UID map, the too-large records and the push mark on a new UIDVALIDITY, keeps them otherwise', () => {
    const { store, write, seqs, index } = seeded();
    write((tx) => {
      tx.setFolderPosition({ path: 'INBOX', uidValidity: '7', uidNext: 40, pushedRev: 3 });
      tx.recordUids('INBOX', [{ uid: 10, seq: seqs[0], flags: [] }]);
      tx.recordTooLarge('INBOX', [{ uid: 25, size: 1 }]);
    });
    write((tx) => tx.setFolderPosition({ path: 'INBOX', uidValidity: '7', uidNext: 41 }));
    expect(store.folder('INBOX')).toEqual({ path: 'INBOX', uidValidity: '7', uidNext: 41, pushedRev: 3 });
    write((tx) => tx.setFolderPosition({ path: 'INBOX', uidValidity: '8', uidNext: 1 }));
    expect(store.folder('INBOX')).toEqual({ path: 'INBOX', uidValidity: '8', uidNext: 1 });
    expect(store.knownUidsFrom('INBOX', 1)).toEqual([]);
    write((tx) => {
      tx.recordUids('INBOX', [{ uid: 5, seq: seqs[0], flags: [] }]);
      tx.resetFolder('INBOX', '9');
    });
    expect(store.folder('INBOX')).toEqual({ path: 'INBOX', uidValidity: '9', uidNext: 1 });
    expect(store.knownUidsFrom('INBOX', 1)).toEqual([]);
    index.close();
  });

  it('marks a message gone from the server only when no folder holds it, and takes the mark back when a folder records it again', () => {
    const { store, write, seqs, index } = seeded();
    write((tx) => {
      for (const path of ['INBOX', 'All']) tx.setFolderPosition({ path, uidValidity: '1', uidNext: 10 });
      tx.recordUids('INBOX', [
        { uid: 1, seq: seqs[0], flags: [] },
        { uid: 2, seq: seqs[1], flags: [] },
      ]);
      tx.recordUids('All', [{ uid: 7, seq: seqs[1], flags: [] }]);
    });
    expect(write((tx) => tx.removeUids('INBOX', [1, 2, 3]))).toEqual([seqs[0]]);
    expect(store.offServer(seqs)).toEqual(new Set([seqs[0]]));
    expect(store.knownUidsFrom('INBOX', 1)).toEqual([]);
    expect(write((tx) => tx.markOffServer([seqs[1], seqs[2]]))).toEqual([seqs[2]]);
    write((tx) => {
      tx.setFolderPosition({ path: 'Sent', uidValidity: '1', uidNext: 5 });
      tx.recordUids('Sent', [{ uid: 4, seq: seqs[0], flags: [] }]);
    });
    expect(store.offServer(seqs)).toEqual(new Set([seqs[2]]));
    write((tx) => tx.clearOffServer([seqs[2]]));
    expect(store.offServer(seqs)).toEqual(new Set());
    index.close();
  });

  it('finds stored messages by real Message-ID, never by a synthetic one', () => {
    const p = openPart();
    const real = meta();
    const synthetic = meta({ messageId: '<sha256-abc@h2h.invalid>', isSyntheticId: true });
    const [r1] = addConversation(p.index, 'c1', [{ meta: real, text: 'x' }, { meta: synthetic, text: 'y' }]);
    expect(p.store.messagesWithIds([real.messageId, synthetic.messageId, '<none@x>'])).toEqual([{ seq: r1, messageId: real.messageId, size: real.size }]);
    p.index.close();
  });
});

describe('flag push candidates', () => {
  function recorded() {
    const s = seeded();
    s.write((tx) => {
      tx.setFolderPosition({ path: 'INBOX', uidValidity: '1', uidNext: 10 });
      tx.recordUids('INBOX', [
        { uid: 1, seq: s.seqs[0], flags: [] },
        { uid: 2, seq: s.seqs[1], flags: ['\\Seen'] },
        { uid: 3, seq: s.seqs[2], flags: [] },
        { uid: 4, seq: s.seqs[3], flags: ['$label1'] },
        { uid: 5, seq: s.seqs[4], flags: ['\\Seen'] },
      ]);
    });
    return s;
  }

  it('the first time: every UID of a conversation with decisions, or carrying a keyword, and no other', () => {
    const { store, index } = recorded();
    expect(store.pushCandidates('INBOX', undefined).map((r) => r.uid)).toEqual([4]);
    index.decisions.changeTags(['c1'], ['vip'], []);
    expect(store.pushCandidates('INBOX', undefined).map((r) => r.uid)).toEqual([1, 2, 4]);
    index.close();
  });

  it('afterwards: only UIDs recorded since, or of conversations decided about or changed since; nothing when nothing changed', () => {
    const { store, index, write, seqs } = recorded();
    index.decisions.markRead(['c2']);
    const since = index.revisions.current();
    expect(store.pushCandidates('INBOX', since)).toEqual([]);

    index.decisions.changeTags(['c1'], ['vip'], []);
    expect(store.pushCandidates('INBOX', since).map((r) => [r.uid, r.conversationId])).toEqual([
      [1, 'c1'],
      [2, 'c1'],
    ]);
    // A UID recorded again (a flag pull, a refused STORE) is looked at again, when it can want a push.
    write((tx) => tx.recordFlags('INBOX', [{ uid: 3, flags: [] }, { uid: 5, flags: ['\\Seen'] }]));
    expect(store.pushCandidates('INBOX', since).map((r) => r.uid)).toEqual([1, 2, 3]);
    // Mail joining a decided conversation changes its record: its UIDs are looked at.
    const later = index.revisions.current();
    addConversation(index, 'c2', [{ meta: meta({ date: day(20) }), text: 'x' }]);
    expect(store.pushCandidates('INBOX', later).map((r) => r.uid)).toEqual([3, 4]);
    expect(seqs).toHaveLength(6);
    index.close();
  });

  it('moves the push mark past writes no push looks at, and keeps it where a change came after the push looked', () => {
    const { store, index, write } = recorded();
    const asOf = index.revisions.current();
    // Only another folder's position moved since the push looked: the mark moves to this write.
    write((tx) => tx.setFolderPosition({ path: 'Sent', uidValidity: '1', uidNext: 4 }));
    expect(store.hasPushChanges('INBOX', asOf)).toBe(false);
    write((tx) => tx.markPushed('INBOX', asOf));
    const moved = store.folder('INBOX')!.pushedRev!;
    expect(moved).toBe(index.revisions.current());
    // A decision committed after the push looked: the mark stays, so the next push sees it.
    index.decisions.changeTags(['c3'], ['vip'], []);
    expect(store.hasPushChanges('INBOX', moved)).toBe(true);
    write((tx) => tx.markPushed('INBOX', moved));
    expect(store.folder('INBOX')!.pushedRev).toBe(moved);
    expect(store.pushCandidates('INBOX', moved).map((r) => r.uid)).toEqual([5]);
    index.close();
  });

  it('reaches the changed UIDs through indexes, never by scanning the folder or the conversations', () => {
    const { index } = recorded();
    const plan = (index.db.prepare(`EXPLAIN QUERY PLAN ${changedCandidatesSql}`).all({ path: 'INBOX', since: 1 }) as { detail: string }[]).map((r) => r.detail);
    const scans = plan.filter((d) => /^SCAN /.test(d) && !/^SCAN (touched|changed)\b/.test(d));
    expect(scans).toEqual([]);
    expect(plan.join('\n')).toMatch(/folder_uids_rev/);
    expect(plan.join('\n')).toMatch(/conversations_state_rev/);
    index.close();
  });
});
