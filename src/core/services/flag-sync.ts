/**
 * Flags both ways for one folder: what other clients changed (keywords, \Seen, expunges) into the
 * owner's state, and what the owner decided here (read, tags) onto the server. Flags are recorded
 * as applied only after both sides agree, so an interrupted round is redone, never lost. What to
 * change on which side is decided in domain/flag-reconcile.ts; this gathers its inputs from the
 * store and the server and carries its answers out.
 */
import { effectiveStatus, readByDate, type ConversationState } from '../domain/conversation.js';
import { appliedFlags, conversationChange, fromServer, sameFlags, toServer, type OwnerChange } from '../domain/flag-reconcile.js';
import type { ConversationEntry, MailStore, UidRecord } from '../ports/mail-store.js';
import type { MailServerSession, OpenedFolder } from '../ports/mail-server.js';
import type { ConversationService, RemoteChange } from './conversation-service.js';
import type { FolderReport } from './sync-types.js';

/** When the server gave the flags a pull applies: the store revision read before asking, and the UIDs this sync recorded itself. */
/** `sharedSince`: when the flags last agreed here (wall ms): shared decisions made since win over the server's flags. */
export type ServerAnswer = { asOf: number; fetchedHere: ReadonlySet<number>; sharedSince?: number };

/** What a push looked at: how many UIDs, as of which store revision (the folder's next push mark). */
export type PushResult = { looked: number; rev: number };

export class FlagSync {
  constructor(
    private readonly store: MailStore,
    private readonly conversations: ConversationService,
  ) {}

  /**
   * Applies what other clients changed (keywords, \Seen) and expunged, then records it, in one
   * transaction. `answer` says when the server answered: `asOf`, the store revision read before it was
   * asked, and `fetchedHere`, UIDs this sync recorded itself (new mail). A UID recorded after `asOf`
   * by anyone else (another process's push or pull) is newer than this answer and is left for the
   * next sync: read against it, the answer would look like another client taking off the tag that
   * process just set. Returns false when a UID was left so (keep the folder's modseq so it is asked again).
   */
  async pull(path: string, serverFlags: Map<number, string[]>, vanished: number[], report: FolderReport, answer: ServerAnswer): Promise<boolean> {
    if (!this.store.folder(path)) return true;
    const newer = (r: UidRecord) => r.recordedRev > answer.asOf && !answer.fetchedHere.has(r.uid);
    // Read first outside a transaction: a sync that finds nothing to do writes nothing.
    const before = this.store.uidRecords(path, [...serverFlags.keys()]);
    const anyChange = before.some((r) => !newer(r) && fromServer(r.flags, serverFlags.get(r.uid))) || this.store.uidRecords(path, vanished).length > 0;
    if (!anyChange) return !before.some(newer);
    return this.store.transact((tx) => {
      if (!tx.folder(path)) return true;
      const perConversation = new Map<string, { seq: number; change: OwnerChange }[]>();
      const recorded = new Map<number, string[]>();
      let complete = true;
      // Only the UIDs the server reported: with CONDSTORE/QRESYNC, those that changed.
      for (const r of tx.uidRecords(path, [...serverFlags.keys()])) {
        if (newer(r)) {
          complete = false;
          continue;
        }
        const pulled = fromServer(r.flags, serverFlags.get(r.uid));
        if (!pulled) continue;
        recorded.set(r.uid, pulled.record);
        report.pulled++;
        if (r.conversationId === null) continue;
        const messages = perConversation.get(r.conversationId) ?? [];
        messages.push({ seq: r.seq, change: pulled.toOwner });
        perConversation.set(r.conversationId, messages);
      }
      this.conversations.applyRemoteIn(tx, new Map<string, RemoteChange>([...perConversation].map(([id, messages]) => [id, conversationChange(messages)])), answer.sharedSince !== undefined ? { sharedSince: answer.sharedSince } : {});
      const gone = tx.uidRecords(path, vanished).map((r) => r.uid);
      report.vanished = gone.length;
      tx.recordFlags(
        path,
        [...recorded].map(([uid, f]) => ({ uid, flags: f })),
      );
      tx.removeUids(path, gone);
      return complete;
    });
  }

  /**
   * Makes the server's flags say what the owner decided here: read → \Seen, tags → keywords. Looks
   * only at UIDs recorded, and conversations decided about, since the folder's last push.
   */
  async push(session: MailServerSession, path: string, opened: OpenedFolder, report: FolderReport, warn?: (message: string) => void): Promise<PushResult> {
    const position = this.store.folder(path);
    // Read before the candidates: whatever commits meanwhile is looked at (again) next time.
    const rev = this.store.revision();
    if (!position) return { looked: 0, rev };
    const candidates = this.store.pushCandidates(path, position.pushedRev);
    // Group UIDs by the exact change, so a tag on a 40-message conversation is one STORE.
    const groups = new Map<string, { add: string[]; remove: string[]; uids: number[] }>();
    const next = new Map<number, string[]>();
    const recordedOf = new Map<number, string[]>();
    const entries = new Map<string, ConversationEntry | undefined>();
    const now = Date.now();
    for (const c of candidates) {
      if (c.conversationId === null) continue;
      if (!entries.has(c.conversationId)) entries.set(c.conversationId, this.store.conversation(c.conversationId));
      const entry = entries.get(c.conversationId);
      if (!entry) continue;
      const { state } = entry;
      const pushed = toServer(c.flags, { tags: state.tags ?? [], read: isRead(c, state), status: effectiveStatus(entry.record, state, now) }, opened);
      if (!pushed) continue;
      const { add, remove } = pushed.change;
      const key = `${add.join(' ')}\u0000${remove.join(' ')}`;
      const group = groups.get(key) ?? { add, remove, uids: [] };
      group.uids.push(c.uid);
      groups.set(key, group);
      next.set(c.uid, pushed.record);
      recordedOf.set(c.uid, c.flags);
    }
    const result = { looked: candidates.length, rev };
    if (groups.size === 0) return result;
    // Refused: left as recorded, and not recorded again, so the next sync does not ask again (a
    // refusal is the server's rule: a keyword too long, a mailbox's keyword table full, no right to
    // it) and a sync that keeps running does not write, wake the other h2h processes and ask again,
    // round after round. The owner's next decision on that conversation is pushed (and tried) anew.
    for (const g of groups.values()) {
      const refused = await this.storeFlags(session, g.uids, g.add, g.remove);
      if (refused.flags.length === 0) continue;
      // Never recorded as applied: the tag stays here, and the next sync cannot read its absence
      // on the server as "removed by another client".
      for (const uid of g.uids) {
        const flags = recordedOf.get(uid)!;
        const applied = appliedFlags(flags, g, refused.flags);
        if (sameFlags(applied, flags)) next.delete(uid);
        else next.set(uid, applied);
      }
      warn?.(`the server refused ${refused.flags.join(' ')} on ${g.uids.length} message(s); kept here only: ${refused.reason}`);
    }
    report.pushed = next.size;
    if (next.size) await this.record(path, next, rev);
    return result;
  }

  /**
   * One STORE for the whole change; when the server refuses it, each flag alone, so one refused
   * keyword does not keep \Seen or the other tags off the server. Returns the flags refused.
   */
  private async storeFlags(session: MailServerSession, uids: number[], add: string[], remove: string[]): Promise<{ flags: string[]; reason: string }> {
    const whole = await session.storeFlags(uids, { add, remove });
    if (whole.ok) return { flags: [], reason: '' };
    if (add.length + remove.length === 1) return { flags: [...add, ...remove], reason: whole.reason };
    const refused: string[] = [];
    let reason = whole.reason;
    const singles: [string, { add?: string[]; remove?: string[] }][] = [...add.map((f) => [f, { add: [f] }] as [string, { add: string[] }]), ...remove.map((f) => [f, { remove: [f] }] as [string, { remove: string[] }])];
    for (const [flag, change] of singles) {
      const one = await session.storeFlags(uids, change);
      if (!one.ok) {
        refused.push(flag);
        reason = one.reason;
      }
    }
    return { flags: refused, reason };
  }

  /**
   * Records flags as applied (their meaning is now in the owner's state and on the server), except
   * on UIDs another process recorded after `asOf` (when this push read its candidates): the newer
   * record wins, and whatever differs is pushed or pulled again by the next sync.
   */
  private async record(path: string, flags: Map<number, string[]>, asOf: number): Promise<void> {
    await this.store.transact((tx) => {
      if (!tx.folder(path)) return;
      const newer = new Set(tx.uidRecords(path, [...flags.keys()]).flatMap((r) => (r.recordedRev > asOf ? [r.uid] : [])));
      tx.recordFlags(
        path,
        [...flags].flatMap(([uid, f]) => (newer.has(uid) ? [] : [{ uid, flags: f }])),
      );
    });
  }
}

/**
 * Read here: by the conversation's read mark (seq), or, for mail imported after the owner read the
 * conversation, by date; never while the conversation is marked unread.
 */
function isRead(message: UidRecord, state: ConversationState): boolean {
  if (state.markedUnread) return false;
  return (state.readSeq ?? -1) >= message.seq || readByDate(message.date || undefined, state.readAt);
}
