/**
 * Flags both ways for one folder: what other clients changed (keywords, \Seen, expunges) into the
 * owner's state, and what the owner decided here (read, tags) onto the server. Flags are recorded
 * as applied only after both sides agree, so an interrupted round is redone, never lost. What to
 * change on which side is decided in domain/flag-reconcile.ts; this gathers its inputs from the
 * store and the server and carries its answers out.
 */
import { seenFlag } from '../domain/imap-flags.js';
import { readByDate } from '../domain/conversation.js';
import { appliedFlags, conversationChange, fromServer, sameFlags, toServer, type OwnerChange } from '../domain/flag-reconcile.js';
import type { MailData, MailStore } from '../ports/mail-store.js';
import { dict, own } from '../domain/dict.js';
import type { MailServerSession, OpenedFolder } from '../ports/mail-server.js';
import type { ConversationService, RemoteChange } from './conversation-service.js';
import type { FolderReport } from './sync-types.js';
import { indexesOf, resolveAlias } from './store-indexes.js';

export class FlagSync {
  constructor(
    private readonly store: MailStore,
    private readonly conversations: ConversationService,
  ) {}

  /** Applies what other clients changed (keywords, \Seen) and expunged, then records it. */
  async pull(path: string, serverFlags: Map<number, string[]>, vanished: number[], report: FolderReport): Promise<void> {
    await this.store.refresh();
    const mail = this.store.mail();
    const fs = own(mail.sync.folders, path);
    if (!fs) return;
    const perConversation = new Map<string, { seq: number; change: OwnerChange }[]>();
    const recorded = new Map<number, string[]>();
    const convOf = indexesOf(mail).conversationOfSeq;
    for (const [uid, flags] of serverFlags) {
      const entry = fs.uids[uid];
      if (!entry) continue;
      const [seq, ...before] = entry;
      const pulled = fromServer(before, flags);
      if (!pulled) continue;
      recorded.set(uid, pulled.record);
      report.pulled++;
      const id = convOf.get(seq);
      if (!id) continue;
      const messages = perConversation.get(id) ?? [];
      messages.push({ seq, change: pulled.toOwner });
      perConversation.set(id, messages);
    }
    const changes = new Map<string, RemoteChange>([...perConversation].map(([id, messages]) => [id, conversationChange(messages)]));
    // The owner's state first: if the record below is lost, the same change is applied again next time.
    await this.conversations.applyRemote(changes);
    const gone = vanished.filter((uid) => fs.uids[uid]);
    report.vanished = gone.length;
    if (recorded.size === 0 && gone.length === 0) return;
    await this.record(path, recorded, gone);
  }

  /** Makes the server's flags say what the owner decided here: read → \Seen, tags → keywords. */
  async push(session: MailServerSession, path: string, opened: OpenedFolder, report: FolderReport, warn?: (message: string) => void): Promise<void> {
    await this.store.refresh();
    const mail = this.store.mail();
    const fs = own(mail.sync.folders, path);
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
    const consider = (uid: number, flags: string[], owner: { tags: string[]; read: boolean }) => {
      const pushed = toServer(flags, owner, opened);
      if (!pushed) return;
      const { add, remove } = pushed.change;
      const key = `${add.join(' ')}\u0000${remove.join(' ')}`;
      const group = groups.get(key) ?? { add, remove, uids: [] };
      group.uids.push(uid);
      groups.set(key, group);
      next.set(uid, pushed.record);
    };
    const datedLater: { uid: number; seq: number; flags: string[]; state: ReturnType<ConversationService['stateOf']> }[] = [];
    for (const [uidText, entry] of Object.entries(fs.uids)) {
      const [seq, ...flags] = entry;
      // conversationOfSeq holds current ids (merged ones are gone from it).
      const id = convOf.get(seq);
      if (id === undefined || (!decided.has(id) && (flags.length === 0 || (flags.length === 1 && flags[0] === seenFlag)))) continue;
      let state = stateCache.get(id);
      if (!state) stateCache.set(id, (state = this.conversations.stateOf(id)));
      // Read by seq, or (mail imported after the owner read the conversation) by date: which needs the message's date.
      if ((state.readSeq ?? -1) < seq && state.readAt !== undefined && !state.markedUnread) datedLater.push({ uid: Number(uidText), seq, flags, state });
      else consider(Number(uidText), flags, { tags: state.tags ?? [], read: (state.readSeq ?? -1) >= seq && !state.markedUnread });
    }
    if (datedLater.length > 0) {
      const dates = new Map((await this.store.messages(datedLater.map((d) => d.seq))).map((m) => [m.seq, m.date]));
      for (const d of datedLater) consider(d.uid, d.flags, { tags: d.state.tags ?? [], read: readByDate(dates.get(d.seq), d.state.readAt) });
    }
    if (groups.size === 0) return;
    for (const g of groups.values()) {
      const refused = await this.store1(session, g.uids, g.add, g.remove);
      if (refused.flags.length === 0) continue;
      // Never recorded as applied: the tag stays here, and the next sync cannot read its absence
      // on the server as "removed by another client".
      for (const uid of g.uids) {
        const [, ...flags] = fs.uids[uid];
        const applied = appliedFlags(flags, g, refused.flags);
        if (sameFlags(applied, flags)) next.delete(uid);
        else next.set(uid, applied);
      }
      warn?.(`the server refused ${refused.flags.join(' ')} on ${g.uids.length} message(s); kept here only: ${refused.reason}`);
    }
    report.pushed = next.size;
    if (next.size) await this.record(path, next);
  }

  /**
   * One STORE for the whole change; when the server refuses it, each flag alone, so one refused
   * keyword does not keep \Seen or the other tags off the server. Returns the flags refused.
   */
  private async store1(session: MailServerSession, uids: number[], add: string[], remove: string[]): Promise<{ flags: string[]; reason: string }> {
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
   * Records flags as applied (their meaning is now in the owner's state and on the server), and
   * drops expunged UIDs, marking messages no folder holds any more as gone from the server.
   */
  async record(path: string, flags: Map<number, string[]>, gone: number[] = []): Promise<void> {
    await this.store.transactMail((tx) => {
      const current = own(tx.data.sync.folders, path);
      if (!current) return;
      const uids = { ...current.uids };
      for (const [uid, f] of flags) if (uids[uid]) uids[uid] = [uids[uid][0], ...f];
      const goneSeqs = gone.flatMap((uid) => (uids[uid] ? [uids[uid][0]] : []));
      for (const uid of gone) delete uids[uid];
      tx.data.sync.folders = dict([...Object.entries(tx.data.sync.folders ?? {}), [path, { ...current, uids }]]);
      markOffServer(tx.data, goneSeqs);
    });
  }
}

/** Seqs that no folder holds any more are gone from the server. */
export function markOffServer(data: MailData, seqs: number[]): void {
  if (seqs.length === 0) return;
  const held = new Set<number>();
  for (const fs of Object.values(data.sync.folders ?? {})) for (const [seq] of Object.values(fs.uids)) held.add(seq);
  const off = new Set(data.sync.offServer ?? []);
  for (const seq of seqs) if (!held.has(seq)) off.add(seq);
  data.sync.offServer = [...off].sort((a, b) => a - b);
}

export function unmarkOffServer(data: MailData, seqs: number[]): void {
  if (!data.sync.offServer?.length) return;
  const back = new Set(seqs);
  data.sync.offServer = data.sync.offServer.filter((seq) => !back.has(seq));
}
