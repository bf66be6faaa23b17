/**
 * New mail of one folder into the store: messages by UID, streamed through the import in batches
 * that commit their UIDs with them, and the re-matching after a UIDVALIDITY change.
 */
import { normaliseMessageId } from '../domain/message-ids.js';
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

  /** New messages, streamed through the import in batches; each batch commits its UIDs with it. */
  async download(
    session: MailServerSession,
    path: string,
    opened: OpenedFolder,
    uids: number[],
    serverFlags: Map<number, string[]>,
    report: FolderReport,
    options: SyncOptions,
  ): Promise<void> {
    const emit = options.onEvent ?? (() => {});
    let done = 0;
    const source = `imap:${path}`;
    async function* inputs() {
      for await (const m of session.fetchMessages(uids)) {
        if (options.signal?.aborted) return;
        const flags = trackedFlags(m.flags);
        if (flags.some((f) => f !== seenFlag)) serverFlags.set(m.uid, flags);
        yield { raw: m.raw, source, seen: flags.includes(seenFlag), fallbackDate: m.internalDate, ref: m.uid };
        if (++done % 50 === 0 || done === uids.length) emit({ type: 'progress', folder: path, done, total: uids.length });
      }
    }
    const result = await this.importer.import(inputs(), {
      batchSize: options.batchSize ?? defaultBatchSize,
      expected: uids.length,
      folder: report.role === 'extra' ? 'other' : report.role,
      onCommit: (tx, placed) => {
        const fs = this.folderOf(tx.data, path, opened);
        const uidsNow = { ...fs.uids };
        let top = fs.uidNext - 1;
        for (const p of placed) {
          const uid = p.input.ref!;
          uidsNow[uid] = p.input.seen ? [p.seq, seenFlag] : [p.seq];
          top = Math.max(top, uid);
        }
        fs.uids = uidsNow;
        // UIDs arrive in ascending order and batches commit in order: all below `top` are stored.
        fs.uidNext = top + 1;
        unmarkOffServer(tx.data, placed.map((p) => p.seq));
        return true;
      },
    });
    for (const w of result.warnings) emit({ type: 'warning', folder: path, message: `${w.source}: ${w.message}` });
    report.added += result.added;
    report.known += result.duplicates + result.copies;
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
    const seqOfId = new Map<string, number>();
    await this.store.scanMessages((m) => {
      if (!m.isSyntheticId) seqOfId.set(m.messageId, m.seq);
    });
    const matched: FolderSync['uids'] = {};
    for (const uid of uids) {
      const id = ids.get(uid);
      const messageId = normaliseMessageId(id);
      const seq = messageId ? seqOfId.get(messageId) : undefined;
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
