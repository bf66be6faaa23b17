/**
 * The drafts' part of a state sync (docs/two-machines.md): the bytes of other machines' draft
 * attachments fetched from their copies in the Drafts folder, the drafts shared through the log
 * (draft-sharing.ts: a dry run first, so a sync with nothing to share commits nothing), and this
 * machine's drafts copied to the Drafts folder for other mail clients (draft-mirror.ts).
 */
import { CommandRefusedError, describeError } from '../errors.js';
import type { MailServerSession } from '../ports/mail-server.js';
import type { MailStore } from '../ports/mail-store.js';
import type { DraftMirror } from './draft-mirror.js';
import { shareDrafts } from './draft-sharing.js';

/** `conflicts`: drafts written on two machines at once, in words; `draftsCopied`/`draftsNotCopied`: the Drafts folder's copies, or why the server would not have them. */
export type DraftSyncReport = { applied: number; conflicts?: string[]; draftsCopied?: number; draftsNotCopied?: string };

export class DraftSync {
  constructor(
    private readonly store: MailStore,
    private readonly now: () => number,
    private readonly mirror?: DraftMirror,
  ) {}

  async sync(session: MailServerSession): Promise<DraftSyncReport> {
    if (this.mirror) await this.mirror.fetchAttachments(session, this.missingAttachments());
    const has = (hash: string) => this.store.hasRaw(hash);
    const dry = shareDrafts(this.store, null, this.now(), has);
    const drafts = dry.needed ? await this.store.transact((tx) => shareDrafts(tx, tx, this.now(), has)) : dry;
    return { applied: drafts.applied, ...(drafts.conflicts.length ? { conflicts: drafts.conflicts } : {}), ...(this.mirror ? await this.copyDrafts(session) : {}) };
  }

  /** The Drafts folder's copies; a server that refuses them (no CREATE, a full mailbox) is said, and the drafts travel all the same. */
  private async copyDrafts(session: MailServerSession): Promise<Pick<DraftSyncReport, 'draftsCopied' | 'draftsNotCopied'>> {
    try {
      const copied = await this.mirror!.mirror(session);
      return copied.written ? { draftsCopied: copied.written } : {};
    } catch (error) {
      if (error instanceof CommandRefusedError) return { draftsNotCopied: describeError(error) };
      throw error;
    }
  }

  /** Attachments of other machines' drafts whose bytes are not here, by the draft version that has them. */
  private missingAttachments(): { key: string; head: string; hashes: Set<string> }[] {
    const node = this.store.sharedNode();
    const keys = this.store.sharedDraftKeys();
    const entries = this.store.sharedEntries({ drafts: keys }).drafts ?? {};
    return Object.entries(entries).flatMap(([key, versions]) =>
      versions.flatMap((v) => {
        const hashes = new Set((v.draft?.attachments ?? []).map((a) => a.hash).filter((h) => !this.store.hasRaw(h)));
        return hashes.size && !v.at.endsWith(`-${node}`) ? [{ key, head: v.at, hashes }] : [];
      }),
    );
  }
}
