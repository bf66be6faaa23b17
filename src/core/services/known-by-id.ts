/**
 * A Gmail-like "All Mail" holds a copy of every message already synced from INBOX and Sent. Before
 * bodies are fetched from such a folder, its new UIDs are matched by Message-ID and size (headers
 * only); a match is recorded as the stored message instead of being downloaded a second time.
 */
import { normaliseMessageId } from '../domain/message-ids.js';
import { seenFlag, trackedFlags } from '../domain/imap-flags.js';
import type { MailStore } from '../ports/mail-store.js';
import type { MailServerSession, OpenedFolder } from '../ports/mail-server.js';
import type { FolderDownload } from './folder-download.js';
import type { FolderReport } from './sync-types.js';

/** Records the UIDs already in the store and returns those still to download. */
export async function skipKnownById(
  store: MailStore,
  downloads: FolderDownload,
  session: MailServerSession,
  path: string,
  opened: OpenedFolder,
  uids: number[],
  serverFlags: Map<number, string[]>,
  report: FolderReport,
): Promise<number[]> {
  const stored = new Map<string, number>();
  await store.scanMessages((m) => {
    if (!m.isSyntheticId) stored.set(`${m.messageId}\u0000${m.size}`, m.seq);
  });
  if (stored.size === 0 || uids.length === 0) return uids;
  const headers = await session.fetchIdentities(uids);
  const matched = new Map<number, number>();
  for (const [uid, h] of headers) {
    const id = normaliseMessageId(h.messageId);
    const seq = id ? stored.get(`${id}\u0000${h.size}`) : undefined;
    if (seq === undefined) continue;
    matched.set(uid, seq);
    const flags = trackedFlags(h.flags);
    if (flags.some((f) => f !== seenFlag)) serverFlags.set(uid, flags);
  }
  if (matched.size === 0) return uids;
  await store.transactMail((tx) => {
    const fs = downloads.folderOf(tx.data, path, opened);
    const next = { ...fs.uids };
    for (const [uid, seq] of matched) next[uid] = trackedFlags(headers.get(uid)!.flags).includes(seenFlag) ? [seq, seenFlag] : [seq];
    fs.uids = next;
  });
  report.known += matched.size;
  return uids.filter((uid) => !matched.has(uid));
}
