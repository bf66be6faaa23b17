/**
 * The copies of files attached to replies (raw files named by the sha256 of their bytes) live
 * exactly as long as a draft or a reply in the outbox points at them; then they are released
 * (pending deletion: the next forget erases them). Replies (reply-drafts.ts, reply-service.ts) and
 * forget (forget-service.ts) both ask here what is still in use.
 */
import type { OutgoingAttachment, StoreTx } from '../ports/mail-store.js';

/** Sent and filed replies stay listed for a week ("recently sent"), then leave the outbox. */
const sentKeptMs = 7 * 86_400_000;

/** Every file a draft or an outbox entry points at now. */
export function filesInUse(tx: StoreTx): Set<string> {
  const files = (list: { attachments?: OutgoingAttachment[] }[]) => list.flatMap((d) => (d.attachments ?? []).map((a) => a.hash));
  return new Set([...files(tx.drafts()), ...files(tx.outbox())]);
}

/**
 * Files no draft and no reply in the outbox points at any more go (their copies in the raw files
 * are the owner's customers' data: a forget must find nothing left of them). A file still attached
 * elsewhere keeps its bytes.
 */
export function releaseUnused(tx: StoreTx, hashes: string[]): void {
  if (hashes.length === 0) return;
  const inUse = filesInUse(tx);
  tx.releaseRawFiles([...new Set(hashes)].filter((h) => !inUse.has(h)));
}

/** Takes out of the outbox the replies sent and filed over a week before `now`; returns the files they carried. */
export function pruneSent(tx: StoreTx, now: number): OutgoingAttachment[] {
  const files: OutgoingAttachment[] = [];
  for (const e of tx.outbox()) {
    if (e.status !== 'sent' || !e.filedAt || now - Date.parse(e.sentAt ?? e.filedAt) <= sentKeptMs) continue;
    tx.removeOutboxEntry(e.id);
    files.push(...(e.attachments ?? []));
  }
  return files;
}
