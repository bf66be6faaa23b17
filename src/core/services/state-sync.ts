/**
 * The owner's decisions through the mail server (docs/two-machines.md): at each sync, after the
 * mail, read the state log's new messages and merge them (shared-state.ts), write the decisions
 * they change into the local store, then write this machine's new decisions as one message. Every
 * step is idempotent: a sync cut short anywhere is finished by the next one, and a message read
 * twice changes nothing.
 */
import { conversationDraftKeys, parseSharedDraftKey } from '../domain/shared-state/shared-drafts.js';
import type { ConversationState } from '../domain/conversation.js';
import { mergeNotes } from '../domain/conversation.js';
import { canonicalJson } from '../domain/canonical-json.js';
import { emptyShared, joinStates, currentNote, type SharedState } from '../domain/shared-state/shared-state.js';
import { conversationDelta, localState } from '../domain/shared-state/state-mapping.js';
import { readStateMessage, stateMessage } from '../domain/shared-state/state-message.js';
import type { MailServerSession } from '../ports/mail-server.js';
import type { MailStore, StoreTx } from '../ports/mail-store.js';
import { besideSent } from './sent-folder.js';
import { compactAbove, compactLog } from './state-log-compaction.js';
import { DraftSync } from './draft-sync.js';
import { UsageError } from '../errors.js';
import { forgetDraftCopies, type DraftMirror } from './draft-mirror.js';

/** `compacted`: log messages replaced by their join (state-log-compaction.ts), when it was. */
/** `conflicts`: drafts written on two machines at once, each said in words (both versions are kept in it). */
/** `draftsCopied`: drafts copied to the Drafts folder; `draftsNotCopied`: why the server would not have them. */
export type StateSyncReport = { folder: string; read: number; applied: number; written: number; compacted?: number; conflicts?: string[]; draftsCopied?: number; draftsNotCopied?: string };

const stateFolderName = 'h2h-state';

export class StateSync {
  constructor(
    private readonly store: MailStore,
    private readonly settings: { sentFolder?: string },
    private readonly now: () => number,
    /** Past this many messages the log is compacted (state-log-compaction.ts; smaller in tests). */
    private readonly compactAbove?: number,
    /** Copies drafts to the Drafts folder for other mail clients (absent: no composer, no copies). */
    mirror?: DraftMirror,
  ) {
    this.drafts = new DraftSync(store, now, mirror);
  }

  private readonly drafts: DraftSync;

  /** Both halves at once (the sync does the mail in between: see SyncService.syncAll). */
  private readonly judged = new Set<string>();

  /** Senders whose verdict came from another machine since the last call: their stored mail is to be classified again (SenderService.applyShared). */
  takeJudgedSenders(): string[] {
    const out = [...this.judged];
    this.judged.clear();
    return out;
  }

  /** The log's folder as the last pull found it, and how many messages it held. */
  private known?: string;
  private logSize = 0;

  /** Whether the log has messages this store has not read (one STATUS; false before the first pull). */
  async changed(session: MailServerSession): Promise<boolean> {
    if (!this.known) return false;
    const status = await session.folderStatus(this.known);
    const position = this.store.folder(this.known);
    return !!status && (!position || status.uidValidity !== position.uidValidity || status.uidNext > position.uidNext);
  }

  async sync(session: MailServerSession): Promise<StateSyncReport> {
    return this.push(session, await this.pull(session));
  }

  /**
   * The other machines' decisions: the log's new messages merged and written here. Before the
   * mail's flags are looked at, so a keyword an h2h machine set from an older decision is known as
   * such (flag-sync.ts); decisions about mail not here yet wait for it (see push).
   */
  async pull(session: MailServerSession): Promise<StateSyncReport> {
    const folder = await this.folder(session);
    this.known = folder;
    const report: StateSyncReport = { folder, read: 0, applied: 0, written: 0 };
    if (!this.store.sharedSeeded()) await this.store.transact((tx) => seed(tx, this.now()));
    const opened = await session.open(folder);
    this.logSize = opened.exists;
    const known = this.store.folder(folder);
    const from = known && known.uidValidity === opened.uidValidity ? known.uidNext : 1;
    const uids = (await session.uidsFrom(from)).filter((u) => u >= from);
    let merged = emptyShared();
    let highest = from - 1;
    for await (const m of session.fetchMessages(uids)) {
      highest = Math.max(highest, m.uid);
      if (!('raw' in m)) continue;
      const state = readStateMessage(m.raw);
      if (!state) continue;
      merged = joinStates(merged, state);
      report.read++;
    }
    const uidNext = Math.max(from, highest + 1);
    // Nothing read and nothing waiting: no transaction (a sync with nothing to do commits nothing).
    if (report.read > 0 || uidNext !== known?.uidNext || known.uidValidity !== opened.uidValidity || this.store.sharedWaiting().length > 0) {
      report.applied = await this.store.transact((tx) => {
        const applied = this.apply(tx, merged);
        tx.setFolderPosition({ path: folder, uidValidity: opened.uidValidity, uidNext });
        if (report.read > 0 && !tx.sharedJoined()) tx.markSharedJoined();
        return applied;
      });
    }
    return report;
  }

  /**
   * After the mail: decisions that waited for mail just synced are written, then this machine's
   * decisions go to the log as one message, dropped from pending only once the server has it.
   */
  async push(session: MailServerSession, report: StateSyncReport): Promise<StateSyncReport> {
    const { folder } = report;
    report = { ...report, applied: report.applied + (await this.settleWaiting()) };
    const drafts = await this.drafts.sync(session);
    report = { ...report, ...drafts, applied: report.applied + drafts.applied };
    const pending = this.store.sharedPending();
    if (pending.length === 0) return this.compact(session, report);
    const delta = pending.reduce((acc, p) => joinStates(acc, p.delta), emptyShared());
    const node = this.store.sharedNode();
    const appended = await session.append(folder, stateMessage(delta, { node, stamp: `${pending.at(-1)!.id}.${this.now()}`, date: new Date(this.now()) }), ['\\Seen']);
    await this.store.transact((tx) => {
      tx.dropSharedPending(pending.map((p) => p.id));
      // Our own message, the next one after all we read: nothing to read back next time.
      const position = tx.folder(folder);
      if (position && appended.uid === position.uidNext && appended.uidValidity === position.uidValidity) tx.setFolderPosition({ path: folder, uidValidity: position.uidValidity, uidNext: position.uidNext + 1 });
    });
    return this.compact(session, { ...report, written: pending.length });
  }

  /** After writing: the log compacted when it has grown past its bound (state-log-compaction.ts). */
  private async compact(session: MailServerSession, report: StateSyncReport): Promise<StateSyncReport> {
    const { folder } = report;
    // Counted at the pull (and the message just written): no SELECT unless there is work.
    if (this.logSize + (report.written ? 1 : 0) <= (this.compactAbove ?? compactAbove)) return report;
    const opened = await session.open(folder);
    const done = await compactLog(session, folder, opened.exists, { node: this.store.sharedNode(), now: this.now() }, this.compactAbove);
    // The position stays: the join is read back next time, with what others wrote since the pull.
    return done ? { ...report, compacted: done.removed } : report;
  }

  /**
   * Writes the decisions that waited for mail, now that some came: called as soon as a folder's new
   * mail is stored, before its flags are compared with the owner's (else a keyword the decision
   * explains would look like one to take off the server). Returns how many it wrote.
   */
  async settleWaiting(): Promise<number> {
    if (this.store.sharedWaiting().length === 0) return 0;
    return this.store.transact((tx) => this.apply(tx, emptyShared()));
  }

  /**
   * Erases decisions about forgotten mail and customers from the state log (`h2h forget
   * --on-server`): each log message that mentions them is written again without them and the old one
   * deleted, so no machine, now or restored later, gets them back. Returns how many it rewrote.
   */
  async forget(session: MailServerSession, keys: { anchors: string[]; emails: string[] }): Promise<number> {
    // The copies of drafts about it in the Drafts folder go too (draft-mirror.ts).
    await forgetDraftCopies(session, keys.anchors.flatMap(conversationDraftKeys), this.settings.sentFolder);
    const folder = await this.folder(session, false);
    if (!folder || (keys.anchors.length === 0 && keys.emails.length === 0)) return 0;
    await session.open(folder);
    const anchors = new Set(keys.anchors);
    const emails = new Set(keys.emails);
    const rewrite: { uid: number; state: SharedState }[] = [];
    for await (const m of session.fetchMessages(await session.uidsFrom(1))) {
      const state = 'raw' in m ? readStateMessage(m.raw) : null;
      if (!state) continue;
      const drafts = Object.keys(state.drafts ?? {}).filter((k) => {
        const key = parseSharedDraftKey(k);
        return key.kind !== 'new' && anchors.has(key.anchor);
      });
      const mentions = drafts.length > 0 || Object.keys(state.conversations).some((a) => anchors.has(a)) || [...Object.keys(state.customers), ...Object.keys(state.senders)].some((e) => emails.has(e));
      if (!mentions) continue;
      for (const d of drafts) delete state.drafts![d];
      for (const a of anchors) delete state.conversations[a];
      for (const e of emails) {
        delete state.customers[e];
        delete state.senders[e];
      }
      rewrite.push({ uid: m.uid, state });
    }
    if (rewrite.length === 0) return 0;
    // The rest of each message first, then the originals go: a failure in between loses nothing.
    const rest = rewrite.reduce((acc, r) => joinStates(acc, r.state), emptyShared());
    if (Object.keys(rest.conversations).length + Object.keys(rest.customers).length + Object.keys(rest.senders).length + Object.keys(rest.drafts ?? {}).length + Object.keys(rest.owner ?? {}).length > 0) {
      await session.append(folder, stateMessage(rest, { node: this.store.sharedNode(), stamp: `forget.${this.now()}`, date: new Date(this.now()) }), ['\\Seen']);
    }
    const removed = await session.expunge(rewrite.map((r) => r.uid));
    if (!removed.ok) throw new UsageError(`the decisions about it are still in ${folder} on the server: ${removed.reason}`);
    return rewrite.length;
  }

  /** The state folder, made (beside Sent, as Junk is) on the first sync; undefined when absent and not to be made. */
  private async folder(session: MailServerSession, make?: true): Promise<string>;
  private async folder(session: MailServerSession, make: false): Promise<string | undefined>;
  private async folder(session: MailServerSession, make = true): Promise<string | undefined> {
    const listed = await session.listFolders();
    const path = besideSent(listed, this.settings.sentFolder, stateFolderName);
    if (listed.some((f) => f.path === path)) return path;
    if (!make) return undefined;
    await session.createFolder(path);
    return path;
  }

  /**
   * Merges what was read and writes the decisions it changes into the local store: conversations
   * through all their anchors, customers' greetings and notes, sender verdicts. Decisions about mail
   * not here yet wait in the merged entries; `retry` keys are looked at again each time.
   */
  private apply(tx: StoreTx, state: SharedState): number {
    const changed = tx.mergeShared(state);
    const anchors = [...new Set([...changed.conversations, ...this.waiting(tx)])];
    const conversationOf = tx.conversationsOfMessageIds(anchors);
    const states = new Map<string, ConversationState>();
    const stillWaiting: string[] = [];
    for (const anchor of anchors) {
      const id = conversationOf.get(anchor);
      if (id === undefined) {
        stillWaiting.push(anchor);
        continue;
      }
      if (states.has(id)) continue;
      const entry = tx.conversation(id);
      if (!entry) continue;
      const all = tx.sharedAnchorsOf(entry.record.id);
      const shared = tx.sharedEntries({ conversations: all });
      const next = localState(Object.values(shared.conversations), entry.state);
      if (canonicalJson(next) !== canonicalJson(entry.state)) states.set(entry.record.id, next);
    }
    tx.writeUnsharedStates(states);
    tx.setSharedWaiting(stillWaiting);
    const customers = tx.sharedEntries({ customers: changed.customers }).customers;
    for (const [email, c] of Object.entries(customers)) {
      const notes = Object.entries(c.notes ?? {}).flatMap(([id, versions]) => {
        const n = currentNote(versions);
        return n ? [{ id, text: n.text!, at: versions[0].written, ...(n.author ? { author: n.author } : {}) }] : [];
      });
      tx.writeUnsharedCustomer(email, {
        ...(c.greeting ? { firstName: c.greeting.v } : {}),
        ...(c.language ? { language: c.language.v } : {}),
        ...(c.register ? { register: c.register.v } : {}),
        ...(c.sameAs ? { sameAs: c.sameAs.v } : {}),
        notes: mergeNotes(notes),
      });
    }
    const senders = tx.sharedEntries({ senders: changed.senders }).senders;
    for (const [email, s] of Object.entries(senders)) {
      tx.writeUnsharedVerdict(email, s.v && { as: s.v.as, at: new Date(this.now()).toISOString() });
      this.judged.add(email);
    }
    // The owner's absence, said on another machine: notices go from there (away-service.ts).
    const away = changed.owner.includes('away') ? tx.sharedEntries({ owner: ['away'] }).owner?.away?.v : undefined;
    if (away) tx.writeUnsharedAway(away);
    return states.size + Object.keys(customers).length + Object.keys(senders).length + (away ? 1 : 0);
  }

  private waiting(tx: StoreTx): string[] {
    return tx.sharedWaiting();
  }
}

/**
 * A store that held decisions before it shared them (upgraded from an older h2h) records them once,
 * as if made now, so the other machines learn them: every conversation's, every customer's notes
 * and greeting, every sender verdict. Notes and tags join with the others'; a status made now wins.
 */
function seed(tx: StoreTx, now: number): void {
  if (tx.sharedSeeded()) return;
  const delta = emptyShared();
  for (const { record, state } of tx.findConversations({ query: { type: 'all' }, now })) {
    if (Object.keys(state).length === 0) continue;
    const anchor = tx.sharedAnchorOf(record.id);
    const d = anchor && conversationDelta({}, state, tx.sharedStamp());
    if (d) delta.conversations[anchor] = d;
  }
  for (const c of tx.customers()) {
    const at = tx.sharedStamp();
    const notes = Object.fromEntries(c.notes.map((n) => [n.id, [{ at, text: n.text, written: n.at, ...(n.author ? { author: n.author } : {}) }]]));
    if (c.firstName !== undefined || c.notes.length) delta.customers[c.email] = { ...(c.firstName !== undefined ? { greeting: { v: c.firstName, at } } : {}), ...(c.notes.length ? { notes } : {}) };
  }
  for (const [email, v] of tx.senderVerdicts()) delta.senders[email] = { v: { as: v.as }, at: tx.sharedStamp() };
  tx.recordShared(delta);
  tx.markSharedSeeded();
}

