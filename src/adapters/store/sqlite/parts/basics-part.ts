/** The basics of the SQLite MailStore: revision and change detection, message reads, raw files. */
import type { StoreBasics } from '../../../../core/ports/mail-store.js';
import type { StoreContext } from './store-context.js';

export function basicsPart(ctx: StoreContext): StoreBasics {
  const { index, raw } = ctx;
  // PRAGMA data_version moves only when another connection commits: our own writes do not count.
  let seenVersion = index.revisions.dataVersion();
  return {
    dataDir: ctx.dataDir,
    revision: () => index.revisions.current(),
    changedElsewhere() {
      const version = index.revisions.dataVersion();
      const changed = version !== seenVersion;
      seenVersion = version;
      return changed;
    },
    messages: (seqs) => index.messages.byRowids(seqs),
    storedMessages(seqs, withText) {
      const metas = new Map(index.messages.byRowids(seqs).map((m) => [m.seq, m]));
      return seqs.flatMap((seq) => {
        const meta = metas.get(seq);
        if (!meta) return [];
        return [withText ? { meta, ...index.messages.text(seq) } : { meta }];
      });
    },
    readRaw: (hash) => raw.read(hash),
    hasRaw: (hash) => raw.has(hash),
    writeRaw: (bytes) => raw.write(bytes),
    async close() {
      index.close();
    },
  };
}
