/**
 * New mail of one folder into the store: messages by UID, streamed through the import in batches
 * that commit their UIDs with them, and the re-matching after a UIDVALIDITY change.
 */
import { normaliseMessageId } from '../domain/message-ids.js';
import { isUid, maxUid, nextUidAfter } from '../domain/uid.js';
import { seenFlag, trackedFlags } from '../domain/imap-flags.js';
import type { FolderPosition, FolderUid, MailStore, StoreTx } from '../ports/mail-store.js';
import type { MailServerSession, OpenedFolder } from '../ports/mail-server.js';
import type { ImportService } from './import-service.js';
import { addRuleHits, type FolderReport, type SyncEvent, type SyncOptions } from './sync-types.js';

/** Messages per commit: a kill redoes at most this many; fewer, larger commits make a first sync faster. */
const defaultBatchSize = 2000;

export class FolderDownload {
  constructor(
    private readonly store: MailStore,
    private readonly importer: ImportService,
  ) {}

  /**
   * New messages, streamed through the import in batches; each batch commits its UIDs with it.
   * Only the UIDs asked for are taken. The folder's next-UID stops at the first one neither stored
   * nor recorded as too large (so a message that came without its body is asked for again next
   * time) and never passes the server's UIDNEXT. Resolves true when every UID asked for is accounted for.
   */
  async download(
    session: MailServerSession,
    path: string,
    opened: OpenedFolder,
    uids: number[],
    serverFlags: Map<number, string[]>,
    report: FolderReport,
    options: SyncOptions,
  ): Promise<boolean> {
    const emit = options.onEvent ?? (() => {});
    const requested = [...new Set(uids.filter(isUid))].sort((a, b) => a - b);
    const waiting = new Set(requested);
    const accounted = new Set<number>();
    /** Too large, not yet written to the store (with the next commit, or at the end). */
    let tooLarge = new Map<number, number>();
    let done = 0;
    const source = `imap:${path}`;
    const progress = () => {
      if (++done % 50 === 0 || done === requested.length) emit({ type: 'progress', folder: path, done, total: requested.length });
    };
    async function* inputs() {
      for await (const m of session.fetchMessages(requested)) {
        if (options.signal?.aborted) return;
        // Each requested UID once; anything else the server volunteers is not ours to store.
        if (!waiting.delete(m.uid)) continue;
        if ('missing' in m) {
          if (m.missing === 'too-large') {
            tooLarge.set(m.uid, m.size ?? 0);
            report.tooLarge = (report.tooLarge ?? 0) + 1;
            emit({ type: 'warning', folder: path, message: `message UID ${m.uid} is larger than h2h accepts${m.size ? ` (${m.size} bytes)` : ''}; it stays on the server and is not fetched` });
          } else {
            report.missing = (report.missing ?? 0) + 1;
            emit({ type: 'warning', folder: path, message: `message UID ${m.uid} came without its body${m.detail ? ` (${m.detail})` : ''}; it is fetched again on the next sync` });
          }
          progress();
          continue;
        }
        const flags = trackedFlags(m.flags);
        if (flags.some((f) => f !== seenFlag)) serverFlags.set(m.uid, flags);
        yield { raw: m.raw, source, seen: flags.includes(seenFlag), fallbackDate: m.internalDate, ref: m.uid };
        progress();
      }
    }
    const recordTooLarge = (tx: StoreTx) => {
      if (tooLarge.size === 0) return;
      // The first thing recorded in a new folder may be a message too large (the connection died on it).
      folderIn(tx, path, opened);
      tx.recordTooLarge(path, [...tooLarge].map(([uid, size]) => ({ uid, size })));
      for (const uid of tooLarge.keys()) accounted.add(uid);
      tooLarge = new Map();
    };
    const advance = (tx: StoreTx) => {
      const position = folderIn(tx, path, opened);
      tx.setFolderPosition({ ...position, uidNext: nextUidAfter(position.uidNext, requested, (uid) => accounted.has(uid), opened.uidNext) });
    };
    const importing = this.importer.import(inputs(), {
      batchSize: options.batchSize ?? defaultBatchSize,
      expected: requested.length,
      folder: report.role === 'extra' ? 'other' : report.role,
      onCommit: (tx, placed) => {
        folderIn(tx, path, opened);
        tx.recordUids(
          path,
          placed.map((p) => ({ uid: p.input.ref!, seq: p.seq, flags: p.input.seen ? [seenFlag] : [] })),
        );
        for (const p of placed) accounted.add(p.input.ref!);
        recordTooLarge(tx);
        advance(tx);
        return true;
      },
    });
    const recordRest = async () => {
      if (tooLarge.size === 0) return;
      await this.store.transact((tx) => {
        recordTooLarge(tx);
        advance(tx);
      });
    };
    let result: Awaited<typeof importing>;
    try {
      result = await importing;
    } catch (error) {
      // A message over the limit can end the connection: it is recorded all the same, so the next try gets past it.
      await recordRest();
      throw error;
    }
    await recordRest();
    for (const w of result.warnings) emit({ type: 'warning', folder: path, message: `${w.source}: ${w.message}` });
    report.added += result.added;
    if (result.rules) report.rules = addRuleHits(report.rules, result.rules);
    report.known += result.duplicates + result.copies;
    return requested.every((uid) => accounted.has(uid));
  }

  /**
   * A new UIDVALIDITY: every UID is new, but the mail mostly is not. Match by Message-ID first
   * (headers only, no download); what does not match is fetched and deduplicated by content.
   * Messages no longer there are marked gone from the server, never deleted.
   */
  async rematch(session: MailServerSession, path: string, opened: OpenedFolder, emit: (e: SyncEvent) => void): Promise<FolderPosition> {
    const uids = await session.uidsFrom(1);
    const ids = await session.fetchMessageIds(uids);
    const idOf = new Map<number, string>();
    for (const uid of uids) {
      const id = normaliseMessageId(ids.get(uid));
      if (id) idOf.set(uid, id);
    }
    const seqOfId = new Map<string, number | null>();
    for (const m of this.store.messagesWithIds([...new Set(idOf.values())])) {
      // An id that several stored messages share matches none of them: those are fetched and told apart by content.
      seqOfId.set(m.messageId, seqOfId.has(m.messageId) ? null : m.seq);
    }
    // The whole old map: every message it held is either matched again or gone from this folder.
    const old = this.store.uidRange(path, 1, maxUid + 1);
    const flagsOfSeq = new Map(old.map((r) => [r.seq, r.flags]));
    const matched: FolderUid[] = [];
    for (const [uid, id] of idOf) {
      const seq = seqOfId.get(id) ?? undefined;
      // Flags as recorded before, so what changed meanwhile on either side is still noticed.
      if (seq !== undefined) matched.push({ uid, seq, flags: flagsOfSeq.get(seq) ?? [] });
    }
    emit({ type: 'uidvalidity-changed', folder: path, matched: matched.length, toFetch: uids.length - matched.length });
    return this.store.transact((tx) => {
      tx.resetFolder(path, opened.uidValidity);
      tx.recordUids(path, matched);
      const kept = new Set(matched.map((m) => m.seq));
      tx.markOffServer(old.flatMap((r) => (kept.has(r.seq) ? [] : [r.seq])));
      return folderIn(tx, path, opened);
    });
  }
}

/** The folder's position in a transaction, created (nothing fetched yet) on first use. */
export function folderIn(tx: StoreTx, path: string, opened: OpenedFolder): FolderPosition {
  const current = tx.folder(path);
  if (current) return current;
  const fresh: FolderPosition = { path, uidValidity: opened.uidValidity, uidNext: 1 };
  tx.setFolderPosition(fresh);
  return fresh;
}
