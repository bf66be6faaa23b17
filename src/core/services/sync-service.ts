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
import { AuthFailedError, MailUnavailableError, describeError } from '../errors.js';
import { backoffDelay, defaultSleep, withRetry, type RetryOptions } from '../retry.js';
import { normaliseMessageId } from '../domain/message-ids.js';
import { keywordOfTag, seenFlag, trackedFlags } from '../domain/imap-flags.js';
import type { FolderSync, MailData, MailStore } from '../ports/mail-store.js';
import type { MailServer, MailServerSession, OpenedFolder } from '../ports/mail-server.js';
import type { ConversationService, RemoteChange } from './conversation-service.js';
import type { ImportService } from './import-service.js';
import type { SentFiling } from './reply-service.js';
import { indexesOf, resolveAlias } from './store-indexes.js';

export type FolderRole = 'inbox' | 'sent' | 'extra';

export type FolderReport = {
  folder: string;
  role: FolderRole;
  /** New messages stored. */
  added: number;
  /** Messages on the server that the store already had (another folder, an earlier import, a resumed sync). */
  known: number;
  /** Messages whose flags another client changed, applied here. */
  pulled: number;
  /** Messages whose flags were changed on the server to match decisions made here. */
  pushed: number;
  /** Messages expunged on the server since the last sync (kept here, marked gone). */
  vanished: number;
  /** How changes to known messages were found. */
  mode: 'first' | 'qresync' | 'condstore' | 'full';
  uidValidityChanged: boolean;
};

export type SyncReport = { account: string; folders: FolderReport[]; added: number };

export type SyncEvent =
  | { type: 'connected'; account: string }
  | { type: 'folder-start'; folder: string; role: FolderRole; toFetch: number }
  | { type: 'progress'; folder: string; done: number; total: number }
  | { type: 'folder-done'; report: FolderReport }
  | { type: 'uidvalidity-changed'; folder: string; matched: number; toFetch: number }
  | { type: 'warning'; folder?: string; message: string }
  | { type: 'retry'; attempt: number; delayMs: number; message: string }
  | { type: 'watching'; folder: string }
  | { type: 'disconnected'; message: string };

export type SyncSettings = {
  /** Folders besides INBOX and Sent. */
  folders: string[];
  /** Append sent replies to Sent (false where the server files them itself). @default true */
  saveSentCopy?: boolean;
  /** The Sent folder when the server marks none with \Sent. */
  sentFolder?: string;
};

export type SyncOptions = {
  onEvent?: (event: SyncEvent) => void;
  signal?: AbortSignal;
  /** Tries after the first when the connection fails (`sync` only; a watch retries for as long as it runs). */
  retries?: number;
  /** New messages per commit. @default 2000 */
  batchSize?: number;
};

export type WatchOptions = SyncOptions & {
  /** Registers a callback for "the owner changed something here" (tags, read marks), to send it back at once. */
  localChanges?: (poke: () => void) => void;
  /** Longest wait between two full rounds (Sent and extra folders are not watched by IDLE). @default 60 s */
  roundMs?: number;
};

/** How hard to try when the connection fails. Tests make the waits short. */
export type SyncRetry = Pick<RetryOptions, 'attempts' | 'baseDelayMs' | 'maxDelayMs' | 'sleep'>;

/** Messages per commit: a kill redoes at most this many; fewer, larger commits make a first sync faster. */
const defaultBatchSize = 2000;
const sentNames = ['Sent', 'Sent Items', 'Sent Messages', 'Sent Mail', 'INBOX.Sent', 'INBOX/Sent', '[Gmail]/Sent Mail'];

export class SyncService implements SentFiling {
  constructor(
    private readonly store: MailStore,
    private readonly importer: ImportService,
    private readonly conversations: ConversationService,
    private readonly server: MailServer,
    private readonly settings: SyncSettings,
    private readonly retry: SyncRetry = {},
  ) {}

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

  /**
   * Syncs, then waits on INBOX (IDLE) and syncs again whenever it changes, the owner changes
   * something here, or `roundMs` passes. A lost connection (server restart, network) is retried
   * with backoff for as long as the watch runs; a refused login ends it.
   */
  async watch(options: WatchOptions): Promise<void> {
    const emit = options.onEvent ?? (() => {});
    let poke: (() => void) | undefined;
    // A change made while a round runs is remembered, so the next wait ends at once.
    let changedMeanwhile = false;
    options.localChanges?.(() => (poke ? poke() : (changedMeanwhile = true)));
    let failures = 0;
    while (!options.signal?.aborted) {
      let session: MailServerSession | undefined;
      try {
        session = await this.server.connect();
        failures = 0;
        emit({ type: 'connected', account: this.server.identity });
        await this.syncAll(session, options);
        const inbox = (await this.folderPlan(session))[0].path;
        while (!options.signal?.aborted) {
          await session.open(inbox);
          emit({ type: 'watching', folder: inbox });
          const round = new AbortController();
          const end = () => round.abort();
          options.signal?.addEventListener('abort', end, { once: true });
          poke = end;
          try {
            if (changedMeanwhile) changedMeanwhile = false;
            else await session.waitForChange(options.roundMs ?? 60_000, round.signal);
          } finally {
            poke = undefined;
            options.signal?.removeEventListener('abort', end);
          }
          if (options.signal?.aborted) break;
          await this.syncAll(session, options);
        }
      } catch (error) {
        if (options.signal?.aborted) break;
        if (error instanceof AuthFailedError || !(error instanceof MailUnavailableError)) throw error;
        failures++;
        const delayMs = backoffDelay(failures, this.retry.baseDelayMs ?? 1000, this.retry.maxDelayMs ?? 60_000);
        emit({ type: 'disconnected', message: describeError(error) });
        emit({ type: 'retry', attempt: failures, delayMs, message: 'reconnecting' });
        // Ends early (and quietly) when the watch is stopped.
        await (this.retry.sleep ?? defaultSleep)(delayMs, options.signal).catch(() => {});
      } finally {
        await session?.close().catch(() => {});
      }
    }
  }

  /** Every folder, over an open session. */
  async syncAll(session: MailServerSession, options: SyncOptions = {}): Promise<SyncReport> {
    await this.claimAccount();
    const folders: FolderReport[] = [];
    for (const { path, role } of await this.folderPlan(session, options)) {
      if (options.signal?.aborted) break;
      folders.push(await this.syncFolder(session, path, role, options));
    }
    return { account: this.server.identity, folders, added: folders.reduce((n, f) => n + f.added, 0) };
  }

  /**
   * After a reply went out over SMTP: its exact bytes into the Sent folder (as read), so other
   * clients show it and a lost store gets it back, and \Answered on the customer's message in every
   * folder the sync saw it in.
   */
  async fileSentReply(raw: Uint8Array, answersSeq: number): Promise<void> {
    const session = await this.server.connect();
    try {
      if (this.settings.saveSentCopy !== false) {
        const sent = (await this.folderPlan(session)).find((p) => p.role === 'sent');
        if (!sent) throw new MailUnavailableError('no Sent folder on the server (set account.sentFolder, or saveSentCopy: false if the server files sent mail itself)', { transient: false });
        await session.append(sent.path, raw, ['\\Seen']);
      }
      await this.store.refresh();
      for (const [path, folder] of Object.entries(this.store.mail().sync.folders ?? {})) {
        const uid = Object.entries(folder.uids).find(([, [seq]]) => seq === answersSeq)?.[0];
        if (uid === undefined) continue;
        await session.open(path);
        await session.storeFlags([Number(uid)], { add: ['\\Answered'] });
      }
    } finally {
      await session.close().catch(() => {});
    }
  }

  /** INBOX, the Sent folder (SPECIAL-USE \Sent, else a well-known name), then configured extras that exist. */
  async folderPlan(session: MailServerSession, options: SyncOptions = {}): Promise<{ path: string; role: FolderRole }[]> {
    const listed = await session.listFolders();
    const paths = new Set(listed.map((f) => f.path));
    const inbox = listed.find((f) => f.path.toUpperCase() === 'INBOX')?.path ?? 'INBOX';
    const plan: { path: string; role: FolderRole }[] = [{ path: inbox, role: 'inbox' }];
    const sent =
      (this.settings.sentFolder && paths.has(this.settings.sentFolder) ? this.settings.sentFolder : undefined) ??
      listed.find((f) => f.specialUse === '\\Sent')?.path ??
      sentNames.find((n) => paths.has(n));
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
    await this.store.refresh();
    let state = this.store.mail().sync.folders?.[path];
    const since = state?.highestModseq ? { uidValidity: state.uidValidity, modseq: state.highestModseq } : undefined;
    const opened = await session.open(path, since);
    const report: FolderReport = { folder: path, role, added: 0, known: 0, pulled: 0, pushed: 0, vanished: 0, mode: 'first', uidValidityChanged: false };

    if (state && state.uidValidity !== opened.uidValidity) {
      report.uidValidityChanged = true;
      state = await this.rematch(session, path, opened, state, emit);
    }
    const firstNew = state?.uidNext ?? 1;
    const known = new Set(Object.keys(state?.uids ?? {}).map(Number));
    // UIDNEXT not beyond what we have: nothing can be new, no need to ask.
    const toFetch = opened.uidNext <= firstNew ? [] : (await session.uidsFrom(firstNew)).filter((uid) => !known.has(uid));
    emit({ type: 'folder-start', folder: path, role, toFetch: toFetch.length });

    // Keywords of new messages are applied with the other flag changes below, not at import.
    const serverFlags = new Map<number, string[]>();
    if (toFetch.length > 0) await this.download(session, path, opened, toFetch, serverFlags, report, options);

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
        changed = await session.fetchFlags(firstNew, useModseq ? state.highestModseq : undefined);
        // Expunges without QRESYNC: only look when the count says something is missing.
        const knownBelow = Object.keys(state.uids).filter((uid) => Number(uid) < firstNew).length;
        if (knownBelow + toFetch.length !== opened.exists) {
          const present = new Set(await session.uidsFrom(1));
          vanished = Object.keys(state.uids).map(Number).filter((uid) => uid < firstNew && !present.has(uid));
        }
      }
      for (const [uid, flags] of changed) if (!serverFlags.has(uid)) serverFlags.set(uid, flags);
    } else if (report.uidValidityChanged) {
      report.mode = 'full';
      // Every renumbered message: what changed on the server while it renumbered is still noticed.
      for (const [uid, flags] of await session.fetchFlags(opened.uidNext)) if (!serverFlags.has(uid)) serverFlags.set(uid, flags);
    }
    await this.pull(path, serverFlags, vanished, report);
    await this.push(session, path, opened, report);

    // Last: the folder's position. Anything above not committed yet is found again next time.
    const before = this.store.mail().sync.folders?.[path];
    const uidNext = Math.max(before?.uidNext ?? 1, opened.uidNext);
    if (!before || before.uidNext !== uidNext || before.highestModseq !== opened.highestModseq) {
      await this.store.transactMail((tx) => {
        const fs = this.folderOf(tx.data, path, opened);
        fs.uidNext = Math.max(fs.uidNext, opened.uidNext);
        if (opened.highestModseq !== undefined) fs.highestModseq = opened.highestModseq;
        else delete fs.highestModseq;
      });
    }
    emit({ type: 'folder-done', report });
    return report;
  }

  /** New messages, streamed through the import in batches; each batch commits its UIDs with it. */
  private async download(
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
  private async rematch(session: MailServerSession, path: string, opened: OpenedFolder, old: FolderSync, emit: (e: SyncEvent) => void): Promise<FolderSync> {
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
      const folders = { ...(tx.data.sync.folders ?? {}) };
      const next: FolderSync = { uidValidity: opened.uidValidity, uidNext: 1, uids: matched };
      folders[path] = next;
      tx.data.sync.folders = folders;
      const kept = new Set(Object.values(matched).map(([seq]) => seq));
      markOffServer(tx.data, [...bySeq.keys()].filter((seq) => !kept.has(seq)));
      unmarkOffServer(tx.data, [...kept]);
      return next;
    });
  }

  /** Applies what other clients changed (keywords, \Seen) and expunged, then records it. */
  private async pull(path: string, serverFlags: Map<number, string[]>, vanished: number[], report: FolderReport): Promise<void> {
    await this.store.refresh();
    const mail = this.store.mail();
    const fs = mail.sync.folders?.[path];
    if (!fs) return;
    const changes = new Map<string, RemoteChange>();
    const recorded = new Map<number, string[]>();
    const convOf = indexesOf(mail).conversationOfSeq;
    for (const [uid, flags] of serverFlags) {
      const entry = fs.uids[uid];
      if (!entry) continue;
      const [seq, ...before] = entry;
      const after = trackedFlags(flags);
      if (sameFlags(before, after)) continue;
      recorded.set(uid, after);
      report.pulled++;
      const id = convOf.get(seq);
      if (!id) continue;
      const change = changes.get(id) ?? { addTags: [], removeTags: [] };
      for (const f of after) if (!before.includes(f) && f !== seenFlag) change.addTags.push(f);
      for (const f of before) if (!after.includes(f) && f !== seenFlag) change.removeTags.push(f);
      if (after.includes(seenFlag) && !before.includes(seenFlag)) change.readSeq = Math.max(change.readSeq ?? -1, seq);
      if (before.includes(seenFlag) && !after.includes(seenFlag)) change.unread = true;
      changes.set(id, change);
    }
    // A tag added on one message and removed on another in the same round: adding wins.
    for (const c of changes.values()) c.removeTags = c.removeTags.filter((t) => !c.addTags.includes(t));
    // The owner's state first: if the record below is lost, the same change is applied again next time.
    await this.conversations.applyRemote(changes);
    const gone = vanished.filter((uid) => fs.uids[uid]);
    report.vanished = gone.length;
    if (recorded.size === 0 && gone.length === 0) return;
    await this.record(path, recorded, gone);
  }

  /** Makes the server's flags say what the owner decided here: read → \Seen, tags → keywords. */
  private async push(session: MailServerSession, path: string, opened: OpenedFolder, report: FolderReport): Promise<void> {
    await this.store.refresh();
    const mail = this.store.mail();
    const fs = mail.sync.folders?.[path];
    if (!fs) return;
    const convOf = indexesOf(mail).conversationOfSeq;
    // Group UIDs by the exact change, so a tag on a 40-message conversation is one STORE.
    const groups = new Map<string, { add: string[]; remove: string[]; uids: number[] }>();
    const next = new Map<number, string[]>();
    const stateCache = new Map<string, ReturnType<ConversationService['stateOf']>>();
    // Only conversations the owner decided something about can want flags set; a message of any
    // other one needs a look only when it carries a keyword (a tag to take off).
    const decided = new Set<string>();
    for (const id of Object.keys(this.store.state().conversations)) {
      const target = resolveAlias(mail, id);
      if (target) decided.add(target);
    }
    for (const [uidText, entry] of Object.entries(fs.uids)) {
      const [seq, ...flags] = entry;
      // conversationOfSeq holds current ids (merged ones are gone from it).
      const id = convOf.get(seq);
      if (id === undefined || (!decided.has(id) && (flags.length === 0 || (flags.length === 1 && flags[0] === seenFlag)))) continue;
      let state = stateCache.get(id);
      if (!state) stateCache.set(id, (state = this.conversations.stateOf(id)));
      const add: string[] = [];
      const remove: string[] = [];
      if (!flags.includes(seenFlag) && (state.readSeq ?? -1) >= seq && !state.markedUnread) add.push(seenFlag);
      if (opened.keywordsAllowed) {
        const want = new Set((state.tags ?? []).map(keywordOfTag).filter((k): k is string => k !== null));
        for (const k of want) if (!flags.includes(k)) add.push(k);
        for (const f of flags) if (f !== seenFlag && !want.has(f)) remove.push(f);
      }
      if (add.length === 0 && remove.length === 0) continue;
      const key = `${add.join(' ')}\u0000${remove.join(' ')}`;
      const group = groups.get(key) ?? { add, remove, uids: [] };
      group.uids.push(Number(uidText));
      groups.set(key, group);
      next.set(Number(uidText), [...flags.filter((f) => !remove.includes(f)), ...add].sort());
    }
    if (groups.size === 0) return;
    for (const g of groups.values()) await session.storeFlags(g.uids, { add: g.add, remove: g.remove });
    report.pushed = next.size;
    await this.record(path, next);
  }

  /**
   * Records flags as applied (their meaning is now in the owner's state and on the server), and
   * drops expunged UIDs, marking messages no folder holds any more as gone from the server.
   */
  private async record(path: string, flags: Map<number, string[]>, gone: number[] = []): Promise<void> {
    await this.store.transactMail((tx) => {
      const current = tx.data.sync.folders?.[path];
      if (!current) return;
      const uids = { ...current.uids };
      for (const [uid, f] of flags) if (uids[uid]) uids[uid] = [uids[uid][0], ...f];
      const goneSeqs = gone.flatMap((uid) => (uids[uid] ? [uids[uid][0]] : []));
      for (const uid of gone) delete uids[uid];
      tx.data.sync.folders = { ...tx.data.sync.folders, [path]: { ...current, uids } };
      markOffServer(tx.data, goneSeqs);
    });
  }

  /** Positions belong to one account: syncing another starts afresh (the mail stays). */
  private async claimAccount(): Promise<void> {
    await this.store.refresh();
    if (this.store.mail().sync.account === this.server.identity) return;
    await this.store.transactMail((tx) => {
      tx.data.sync = { account: this.server.identity, folders: {}, offServer: tx.data.sync.offServer ?? [] };
    });
  }

  /** The folder's record in a transaction, created on first use; replaced, never mutated in place. */
  private folderOf(data: MailData, path: string, opened: OpenedFolder): FolderSync {
    const folders = { ...(data.sync.folders ?? {}) };
    const current = folders[path];
    const fs: FolderSync = current ? { ...current } : { uidValidity: opened.uidValidity, uidNext: 1, uids: {} };
    folders[path] = fs;
    data.sync.folders = folders;
    return fs;
  }
}

function sameFlags(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((f) => b.includes(f));
}

/** Seqs that no folder holds any more are gone from the server. */
function markOffServer(data: MailData, seqs: number[]): void {
  if (seqs.length === 0) return;
  const held = new Set<number>();
  for (const fs of Object.values(data.sync.folders ?? {})) for (const [seq] of Object.values(fs.uids)) held.add(seq);
  const off = new Set(data.sync.offServer ?? []);
  for (const seq of seqs) if (!held.has(seq)) off.add(seq);
  data.sync.offServer = [...off].sort((a, b) => a - b);
}

function unmarkOffServer(data: MailData, seqs: number[]): void {
  if (!data.sync.offServer?.length) return;
  const back = new Set(seqs);
  data.sync.offServer = data.sync.offServer.filter((seq) => !back.has(seq));
}
