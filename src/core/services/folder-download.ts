/**
 * New mail of one folder into the store: messages by UID, streamed through the import in batches
 * that commit their UIDs with them, and the re-matching after a UIDVALIDITY change.
 */
import { normaliseMessageId } from '../domain/message-ids.js';
import { isUid, nextUidAfter } from '../domain/uid.js';
import { seenFlag, trackedFlags } from '../domain/imap-flags.js';
import type { FolderSync, MailData, MailStore } from '../ports/mail-store.js';
import { dict, own } from '../domain/dict.js';
import type { MailServerSession, OpenedFolder } from '../ports/mail-server.js';
import type { ImportService } from './import-service.js';
import type { FolderReport, SyncEvent, SyncOptions } from './sync-types.js';
import { markOffServer, unmarkOffServer } from './flag-sync.js';

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
    const recordTooLarge = (fs: FolderSync) => {
      if (tooLarge.size === 0) return;
      const record = { ...(fs.tooLarge ?? {}) };
      for (const [uid, size] of tooLarge) {
        record[uid] = size;
        accounted.add(uid);
      }
      fs.tooLarge = record;
      tooLarge = new Map();
    };
    const advance = (fs: FolderSync) => {
      fs.uidNext = nextUidAfter(fs.uidNext, requested, (uid) => accounted.has(uid), opened.uidNext);
    };
    const importing = this.importer.import(inputs(), {
      batchSize: options.batchSize ?? defaultBatchSize,
      expected: requested.length,
      folder: report.role === 'extra' ? 'other' : report.role,
      onCommit: (tx, placed) => {
        const fs = this.folderOf(tx.data, path, opened);
        const uidsNow = { ...fs.uids };
        for (const p of placed) {
          const uid = p.input.ref!;
          uidsNow[uid] = p.input.seen ? [p.seq, seenFlag] : [p.seq];
          accounted.add(uid);
        }
        fs.uids = uidsNow;
        recordTooLarge(fs);
        advance(fs);
        unmarkOffServer(tx.data, placed.map((p) => p.seq));
        return true;
      },
    });
    const recordRest = async () => {
      if (tooLarge.size === 0) return;
      await this.store.transactMail((tx) => {
        const fs = this.folderOf(tx.data, path, opened);
        recordTooLarge(fs);
        advance(fs);
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
    report.known += result.duplicates + result.copies;
    return requested.every((uid) => accounted.has(uid));
  }

  /**
   * A new UIDVALIDITY: every UID is new, but the mail mostly is not. Match by Message-ID first
   * (headers only, no download); what does not match is fetched and deduplicated by content.
   * Messages no longer there are marked gone from the server, never deleted.
   */
  async rematch(session: MailServerSession, path: string, opened: OpenedFolder, old: FolderSync, emit: (e: SyncEvent) => void): Promise<FolderSync> {
    const uids = await session.uidsFrom(1);
    const ids = await session.fetchMessageIds(uids);
    const bySeq = new Map<number, string[]>(Object.values(old.uids).map(([seq, ...flags]) => [seq, flags]));
    const seqOfId = new Map<string, number | null>();
    await this.store.scanMessages((m) => {
      // An id that several stored messages share matches none of them: those are fetched and told apart by content.
      if (!m.isSyntheticId) seqOfId.set(m.messageId, seqOfId.has(m.messageId) ? null : m.seq);
    });
    const matched: FolderSync['uids'] = {};
    for (const uid of uids) {
      const id = ids.get(uid);
      const messageId = normaliseMessageId(id);
      const seq = messageId ? (seqOfId.get(messageId) ?? undefined) : undefined;
      // Flags as recorded before, so what changed meanwhile on either side is still noticed.
      if (seq !== undefined) matched[uid] = [seq, ...(bySeq.get(seq) ?? [])];
    }
    emit({ type: 'uidvalidity-changed', folder: path, matched: Object.keys(matched).length, toFetch: uids.length - Object.keys(matched).length });
    return this.store.transactMail((tx) => {
      const folders = dict(tx.data.sync.folders);
      const next: FolderSync = { uidValidity: opened.uidValidity, uidNext: 1, uids: matched };
      folders[path] = next;
      tx.data.sync.folders = folders;
      const kept = new Set(Object.values(matched).map(([seq]) => seq));
      markOffServer(tx.data, [...bySeq.keys()].filter((seq) => !kept.has(seq)));
      unmarkOffServer(tx.data, [...kept]);
      return next;
    });
  }

  /** The folder's record in a transaction, created on first use; replaced, never mutated in place. */
  folderOf(data: MailData, path: string, opened: OpenedFolder): FolderSync {
    const folders = dict(data.sync.folders);
    const current = own(folders, path);
    const fs: FolderSync = current ? { ...current } : { uidValidity: opened.uidValidity, uidNext: 1, uids: {} };
    folders[path] = fs;
    data.sync.folders = folders;
    return fs;
  }
}
