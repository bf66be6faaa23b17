/**
 * Keeps the store in step with the IMAP server: INBOX, the Sent folder and configured extras.
 *
 * Per folder: new messages by UID (batched, committed with their UIDs in one transaction, so a
 * killed sync redoes at most one batch and dedupe by content makes that harmless), then what other
 * clients changed (CONDSTORE/QRESYNC when offered, a full flag fetch otherwise), then what the
 * owner changed here (read → \Seen, tags → keywords). A folder's modseq advances only after all of
 * that is committed, so anything interrupted is seen again next time. Nothing is ever deleted
 * locally: mail expunged on the server is only marked as gone from it.
 */
import type { Address } from '../domain/address.js';
import type { MessageComposer } from '../ports/mail-sender.js';
import type { MessageParser } from '../ports/message-parser.js';
import { DraftMirror } from './draft-mirror.js';
import { parseHlc } from '../domain/shared-state/hlc.js';
import { AuthFailedError, CommandRefusedError, MailUnavailableError, describeError } from '../errors.js';
import { withRetry } from '../retry.js';
import { isUid } from '../domain/uid.js';
import type { MailStore } from '../ports/mail-store.js';
import type { MailServer, MailServerSession } from '../ports/mail-server.js';
import type { ConversationService } from './conversation-service.js';
import type { ImportService } from './import-service.js';
import { findSentFolder } from './sent-folder.js';
import { FlagSync } from './flag-sync.js';
import { FolderDownload } from './folder-download.js';
import { skipKnownById } from './known-by-id.js';
import { JunkFolder } from './junk-folder.js';
import { StateSync, type StateSyncReport } from './state-sync.js';
import { addRuleHits, type FolderReport, type FolderRole, type RuleCount, type SyncOptions, type SyncReport, type SyncRetry, type SyncSettings, type WatchOptions } from './sync-types.js';
import { watchMail } from './watch-loop.js';

export type { FolderReport, FolderRole, SyncEvent, SyncOptions, SyncReport, SyncRetry, SyncSettings, WatchOptions } from './sync-types.js';

const day = 86_400_000;

export class SyncService {
  constructor(
    private readonly store: MailStore,
    importer: ImportService,
    conversations: ConversationService,
    private readonly server: MailServer,
    private readonly settings: SyncSettings,
    private readonly retry: SyncRetry = {},
    /**
     * `sharedVerdicts`: classifies a sender's stored mail again when the owner's word on them came
     * from another machine; `drafts`: how a draft's copy in the Drafts folder is written, and from whom.
     */
    extras: { sharedVerdicts?: (emails: string[]) => Promise<unknown>; drafts?: { composer: MessageComposer; parser: Pick<MessageParser, 'attachmentFiles'>; from: Address } } = {},
  ) {
    this.sharedVerdicts = extras.sharedVerdicts ?? (async () => {});
    this.flags = new FlagSync(store, conversations);
    this.downloads = new FolderDownload(store, importer);
    this.junk = new JunkFolder(store, { sentFolder: settings.sentFolder });
    const mirror = extras.drafts && new DraftMirror(store, extras.drafts.composer, extras.drafts.parser, { sentFolder: settings.sentFolder, from: extras.drafts.from }, Date.now);
    this.state = new StateSync(store, { sentFolder: settings.sentFolder }, Date.now, undefined, mirror);
  }

  private readonly state: StateSync;
  private readonly sharedVerdicts: (emails: string[]) => Promise<unknown>;

  /**
   * The owner's decisions through the server. A server that will not keep them (a read-only account,
   * no CREATE) is said once and asked again a day later; h2h works on without: they stay here.
   */
  private async shareState(session: MailServerSession, options: SyncOptions, step: (session: MailServerSession) => Promise<StateSyncReport>): Promise<StateSyncReport | null> {
    const refused = this.store.sharedRefusedAt();
    if (refused !== undefined && Date.now() - refused < day) return null;
    try {
      const report = await step(session);
      if (refused !== undefined) await this.store.transact((tx) => tx.setSharedRefusedAt(null));
      return report;
    } catch (error) {
      // A dropped connection is retried as any other; a refusal is the server's answer.
      if (!(error instanceof CommandRefusedError) && (error instanceof MailUnavailableError || error instanceof AuthFailedError)) throw error;
      await this.store.transact((tx) => tx.setSharedRefusedAt(Date.now()));
      options.onEvent?.({ type: 'warning', message: `decisions not shared through the server (${describeError(error)}): status, notes and the rest stay on this machine` });
      return null;
    }
  }

  /**
   * Flags and shared decisions agreed as of `at`, the end of a sync (a decision the sync itself took
   * from another client's flag is older than that, and yields to no later flag change). Written
   * only when a decision is stamped since the last agreement: else nothing could count as newer, and
   * a sync with nothing to do still writes nothing.
   */
  private async agreed(at: number): Promise<void> {
    const last = this.store.sharedLastStamp();
    const wall = last === undefined ? undefined : parseHlc(last)?.wall;
    if (wall !== undefined && wall >= this.store.sharedAgreedAt()) await this.store.transact((tx) => tx.setSharedAgreedAt(at));
  }

  private readonly flags: FlagSync;
  private readonly downloads: FolderDownload;
  private readonly junk: JunkFolder;

  get account(): string {
    return this.server.identity;
  }

  /**
   * One full sync over a fresh connection. A dropped or refused connection is retried with backoff
   * (each try resumes from what was committed); a refused login is not.
   */
  async sync(options: SyncOptions = {}): Promise<SyncReport> {
    return withRetry(
      async () => {
        const session = await this.server.connect();
        options.onEvent?.({ type: 'connected', account: this.server.identity });
        try {
          return await this.syncAll(session, options);
        } finally {
          await session.close().catch(() => {});
        }
      },
      {
        ...this.retry,
        ...(options.retries !== undefined ? { attempts: options.retries + 1 } : {}),
        signal: options.signal,
        onRetry: (r) => options.onEvent?.({ type: 'retry', attempt: r.attempt, delayMs: r.delayMs, message: describeError(r.error) }),
      },
    );
  }

  /** Syncs, then follows INBOX until the signal aborts: see watch-loop.ts. */
  /** For the watch: the UID after the last one stored of a folder. */
  storedUidNext(path: string): number | undefined {
    return this.store.folder(path)?.uidNext;
  }

  async sharedChanged(session: MailServerSession): Promise<boolean> {
    return this.state.changed(session);
  }

  async watch(options: WatchOptions): Promise<void> {
    return watchMail(this, this.server, this.retry, { pollMs: this.settings.pollMs, ...options });
  }

  /** Every folder, over an open session. */
  async syncAll(session: MailServerSession, options: SyncOptions = {}): Promise<SyncReport> {
    await this.claimAccount();
    // The other machines' decisions first: the flags below are read knowing them (flag-sync.ts).
    const pulled = options.signal?.aborted ? null : await this.shareState(session, options, (s) => this.state.pull(s));
    const folders: FolderReport[] = [];
    for (const { path, role } of await this.folderPlan(session, options)) {
      if (options.signal?.aborted) break;
      folders.push(await this.syncFolder(session, path, role, options));
    }
    const rules = folders.reduce<RuleCount[] | undefined>((all, f) => (f.rules ? addRuleHits(all, f.rules) : all), undefined);
    // Decisions that waited for the mail just synced, and ours to the other machines.
    const state = !pulled || options.signal?.aborted ? null : await this.shareState(session, options, (s) => this.state.push(s, pulled));
    for (const conflict of state?.conflicts ?? []) options.onEvent?.({ type: 'warning', message: `a draft ${conflict}` });
    if (state?.draftsNotCopied) options.onEvent?.({ type: 'warning', message: `drafts not copied to the Drafts folder (${state.draftsNotCopied}): they reach your other h2h machines all the same` });
    if (state) options.onEvent?.({ type: 'shared-done', report: state });
    if (!options.signal?.aborted) await this.agreed(Date.now());
    const judged = this.state.takeJudgedSenders();
    if (judged.length) await this.sharedVerdicts(judged);
    // Spam marked here (h2h spam offline, mail from a blocked sender just synced) goes to Junk now.
    const junk = options.signal?.aborted ? null : await this.junk.pushSpam(session);
    for (const problem of junk?.problems ?? []) options.onEvent?.({ type: 'warning', message: `spam not moved to Junk: ${problem}` });
    return {
      account: this.server.identity,
      folders,
      added: folders.reduce((n, f) => n + f.added, 0),
      ...(rules ? { rules } : {}),
      ...(junk?.moved ? { junk: { folder: junk.folder, moved: junk.moved } } : {}),
      ...(state ? { state } : {}),
    };
  }

  /** INBOX, the Sent folder (SPECIAL-USE \Sent, else a well-known name), then configured extras that exist. */
  async folderPlan(session: MailServerSession, options: SyncOptions = {}): Promise<{ path: string; role: FolderRole }[]> {
    const listed = await session.listFolders();
    const paths = new Set(listed.map((f) => f.path));
    const inbox = listed.find((f) => f.path.toUpperCase() === 'INBOX')?.path ?? 'INBOX';
    const plan: { path: string; role: FolderRole }[] = [{ path: inbox, role: 'inbox' }];
    const sent = findSentFolder(listed, this.settings.sentFolder);
    if (sent) plan.push({ path: sent, role: 'sent' });
    else options.onEvent?.({ type: 'warning', message: 'no Sent folder found (set account.sentFolder): replies sent from other clients will be missing' });
    for (const extra of this.settings.folders) {
      if (plan.some((p) => p.path === extra)) continue;
      if (paths.has(extra)) plan.push({ path: extra, role: 'extra' });
      else options.onEvent?.({ type: 'warning', folder: extra, message: `folder "${extra}" does not exist on the server` });
    }
    return plan;
  }

  async syncFolder(session: MailServerSession, path: string, role: FolderRole, options: SyncOptions = {}): Promise<FolderReport> {
    const emit = options.onEvent ?? (() => {});
    let state = this.store.folder(path);
    const since = state?.highestModseq ? { uidValidity: state.uidValidity, modseq: state.highestModseq } : undefined;
    // Read before the server is asked anything: records made after it by another process are newer than its answers.
    let asOf = this.store.revision();
    const opened = await session.open(path, since);
    // A position that is not a UID (a server without UIDNEXT, an old store's null) must never
    // become NaN in a command or the store.
    if (!isPosition(opened.uidNext)) throw new MailUnavailableError(`the server gave no usable UIDNEXT for ${path}`, { transient: false });
    const report: FolderReport = { folder: path, role, added: 0, known: 0, pulled: 0, pushed: 0, vanished: 0, mode: 'first', uidValidityChanged: false };

    if (state && state.uidValidity !== opened.uidValidity) {
      report.uidValidityChanged = true;
      state = await this.downloads.rematch(session, path, opened, emit);
      // Every UID was recorded anew just now, and their flags are asked for below.
      asOf = this.store.revision();
    }
    const firstNew = isPosition(state?.uidNext) ? state.uidNext : 1;
    // Flags are pulled for every stored message, also those above a message still missing.
    const flagTop = Math.max(firstNew, (this.store.highestUid(path) ?? 0) + 1);
    // UIDNEXT not beyond what we have: nothing can be new, no need to ask (or to read the UID map).
    let toFetch: number[] = [];
    if (opened.uidNext > firstNew) {
      const known = new Set(this.store.knownUidsFrom(path, firstNew));
      toFetch = (await session.uidsFrom(firstNew)).filter((uid) => isUid(uid) && !known.has(uid));
    }
    // Keywords of new messages are applied with the other flag changes below, not at import.
    const serverFlags = new Map<number, string[]>();
    const fetchedHere = new Set(toFetch);
    // An extra folder like Gmail's All Mail repeats INBOX and Sent: match those before any body is fetched.
    if (role === 'extra' && toFetch.length > 0) toFetch = await skipKnownById(this.store, session, path, opened, toFetch, serverFlags, report);
    emit({ type: 'folder-start', folder: path, role, toFetch: toFetch.length });

    const complete = toFetch.length === 0 || (await this.downloads.download(session, path, opened, toFetch, serverFlags, report, options));

    let vanished: number[] = [];
    if (state && !report.uidValidityChanged) {
      let changed: Map<number, string[]>;
      if (opened.changesSince) {
        report.mode = 'qresync';
        changed = opened.changesSince.flags;
        vanished = opened.changesSince.vanished;
      } else {
        const useModseq = !!state.highestModseq && opened.highestModseq !== undefined && session.capabilities.condstore;
        report.mode = useModseq ? 'condstore' : 'full';
        changed = await session.fetchFlags(flagTop, useModseq ? state.highestModseq : undefined);
        // Expunges without QRESYNC: only look when the count says something is missing.
        if (this.store.countUidsBelow(path, flagTop) + toFetch.length !== opened.exists) {
          const present = new Set(await session.uidsFrom(1));
          vanished = this.store.uidRange(path, 1, flagTop).flatMap((r) => (present.has(r.uid) ? [] : [r.uid]));
        }
      }
      for (const [uid, flags] of changed) if (!serverFlags.has(uid)) serverFlags.set(uid, flags);
    } else if (report.uidValidityChanged) {
      report.mode = 'full';
      // Every renumbered message: what changed on the server while it renumbered is still noticed.
      for (const [uid, flags] of await session.fetchFlags(opened.uidNext)) if (!serverFlags.has(uid)) serverFlags.set(uid, flags);
    }
    // Decisions from the other machines about the mail just stored, before its flags are compared.
    if (report.added > 0) await this.state.settleWaiting();
    const pulledAll = await this.flags.pull(path, serverFlags, vanished, report, { asOf, fetchedHere, sharedSince: this.store.sharedAgreedAt() });
    const pushed = await this.flags.push(session, path, opened, report, (message) => emit({ type: 'warning', folder: path, message }));

    // Last: the folder's position. Anything above not committed yet is found again next time; it
    // moves to the server's UIDNEXT only when every message below it is stored (or recorded too large).
    const before = this.store.folder(path);
    const uidNext = Math.max(before?.uidNext ?? 1, complete ? opened.uidNext : 1);
    // A change left for the next sync (see FlagSync.pull) must be reported again: keep the modseq it is asked from.
    const highestModseq = pulledAll ? opened.highestModseq : before?.highestModseq;
    const moved = !before || before.uidNext !== uidNext || before.highestModseq !== highestModseq;
    // The push mark moves with any other write, or when the push had something to look at; a sync
    // that finds nothing to do writes nothing (and so moves no revision other processes watch).
    const markDue = before?.pushedRev === undefined || pushed.looked > 0 || this.store.hasPushChanges(path, before.pushedRev);
    if (moved || markDue) {
      await this.store.transact((tx) => {
        tx.setFolderPosition({ path, uidValidity: opened.uidValidity, uidNext, ...(highestModseq !== undefined ? { highestModseq } : {}) });
        tx.markPushed(path, pushed.rev);
      });
    }
    emit({ type: 'folder-done', report });
    return report;
  }

  /** Positions belong to one account: syncing another starts afresh (the mail stays). */
  private async claimAccount(): Promise<void> {
    if (this.store.syncAccount() === this.server.identity) return;
    await this.store.transact((tx) => tx.setSyncAccount(this.server.identity));
  }
}

/** A folder position: a UID or the one after the highest (1 … 2^32). */
function isPosition(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 0x100000000;
}
