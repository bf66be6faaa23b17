/**
 * A Gmail-like "All Mail" holds a copy of every message already synced from INBOX and Sent. Before
 * bodies are fetched from such a folder, its new UIDs are matched by Message-ID and size (headers
 * only); a match is recorded as the stored message instead of being downloaded a second time. The
 * store is asked only about the Message-IDs those headers name (an indexed lookup), never scanned.
 */
import { normaliseMessageId } from '../domain/message-ids.js';
import { seenFlag, trackedFlags } from '../domain/imap-flags.js';
import type { FolderUid, MailStore } from '../ports/mail-store.js';
import type { MailServerSession, OpenedFolder } from '../ports/mail-server.js';
import { folderIn } from './folder-download.js';
import type { FolderReport } from './sync-types.js';

/** Records the UIDs already in the store and returns those still to download. */
export async function skipKnownById(
  store: MailStore,
  session: MailServerSession,
  path: string,
  opened: OpenedFolder,
  uids: number[],
  serverFlags: Map<number, string[]>,
  report: FolderReport,
): Promise<number[]> {
  if (uids.length === 0) return uids;
  const headers = await session.fetchIdentities(uids);
  const idOf = new Map<number, string>();
  for (const [uid, h] of headers) {
    const id = normaliseMessageId(h.messageId);
    if (id) idOf.set(uid, id);
  }
  const stored = new Map<string, number>();
  for (const m of store.messagesWithIds([...new Set(idOf.values())])) stored.set(`${m.messageId}\u0000${m.size}`, m.seq);
  if (stored.size === 0) return uids;
  const matched: FolderUid[] = [];
  for (const [uid, id] of idOf) {
    const h = headers.get(uid)!;
    const seq = stored.get(`${id}\u0000${h.size}`);
    if (seq === undefined) continue;
    const flags = trackedFlags(h.flags);
    matched.push({ uid, seq, flags: flags.includes(seenFlag) ? [seenFlag] : [] });
    if (flags.some((f) => f !== seenFlag)) serverFlags.set(uid, flags);
  }
  if (matched.length === 0) return uids;
  await store.transact((tx) => {
    folderIn(tx, path, opened);
    tx.recordUids(path, matched);
  });
  report.known += matched.length;
  const known = new Set(matched.map((m) => m.uid));
  return uids.filter((uid) => !known.has(uid));
}
