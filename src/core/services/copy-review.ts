/**
 * Older versions kept any other bytes under a known Message-ID as a hidden "copy" of that message,
 * so a customer's second mail under a reused id was never shown. On open, each such copy is read
 * again once: a copy whose content differs (message-content.ts) is imported as a message of its
 * own, shown and marked as sharing the id; a true copy stays a copy.
 */
import { contentFingerprint } from '../domain/message-content.js';
import type { MailStore } from '../ports/mail-store.js';
import type { ImportInput, ImportService } from './import-service.js';

/** Whether the store holds copies not yet reviewed (a store written by older versions): one meta row and an empty table otherwise. */
export function copiesAwaitReview(store: MailStore): boolean {
  return !store.copiesReviewed() && store.keptCopies().length > 0;
}

/** Reviews the store's copies unless that was done; returns how many became messages. */
export async function reviewCopies(store: MailStore, importer: ImportService): Promise<number> {
  // One meta row on every start; the copies themselves are read only until the review is recorded.
  if (store.copiesReviewed()) return 0;
  const kept = store.keptCopies();
  if (kept.length === 0) return 0;
  const metas = new Map(store.messages(kept.map((k) => k.seq)).map((m) => [m.seq, m]));
  const differing: ImportInput[] = [];
  for (const { seq, hashes } of kept) {
    const meta = metas.get(seq);
    if (!meta) continue;
    const original = meta.content ?? contentFingerprint(await store.readRaw(meta.hash));
    for (const hash of hashes) {
      const raw = await store.readRaw(hash);
      if (contentFingerprint(raw) !== original) differing.push({ raw, source: `${meta.source} (same Message-ID as message ${meta.id})`, seen: false, reviewCopyOf: meta.seq });
    }
  }
  const report = differing.length > 0 ? await importer.import(differing) : undefined;
  // Marked only after the import committed: a crash before it reviews again, and a second review changes nothing.
  await store.transact((tx) => tx.setCopiesReviewed());
  return report?.added ?? 0;
}
