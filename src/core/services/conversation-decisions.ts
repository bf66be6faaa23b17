/**
 * The owner's decisions about conversations (tags, status, notes, read marks), decisions seen by the
 * sync in another mail client, undo of the last triage change, and decisions restored from an
 * export. Each is one store transaction: read the states, apply, write them, record what undo needs.
 *
 * Decisions are dated by the conversation's newest message when they are made (statusAt, readAt):
 * customer mail dated later reopens or marks unread, mail dated earlier (imported late) never does.
 */
import { normaliseAddress } from '../domain/address.js';
import {
  changeTags,
  conversationCount as count,
  mergeNotes,
  type ConversationRecord,
  type ConversationState,
  type ConversationStatus,
  type Note,
} from '../domain/conversation.js';
import { canonicalJson } from '../domain/canonical-json.js';
import { isTagWord, promiseText, setPromiseOn, setReadOn, setStatusOn, setTagsOn } from '../domain/decision-changes.js';
import { shortId } from '../domain/short-id.js';
import { decidedSince } from '../domain/shared-state/state-mapping.js';
import { NotFoundError, UsageError } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import type { ConversationReads, MailStore, StoreTx, UndoRecord } from '../ports/mail-store.js';
import { resolveConversationId } from './conversation-ids.js';
import { restoreAutomated } from './conversation-records.js';

/** What another mail client changed about one conversation. `readAt`: read up to this date; `readSeq`: up to this message. */
export type RemoteChange = { addTags: string[]; removeTags: string[]; readAt?: string; readSeq?: number; unread?: boolean };

/** One conversation's decisions as `h2h export --format jsonl` writes them. */
export type RestoredDecisions = {
  messageIds: string[];
  status: ConversationStatus;
  snoozedUntil: string | null;
  tags: string[];
  notes: Note[];
  customer: { email: string; notes: Note[] };
};

const later = (a: string | undefined, b: string) => a === undefined || Date.parse(a) < Date.parse(b);

export class ConversationDecisions {
  constructor(
    private readonly store: MailStore,
    private readonly clock: Clock,
  ) {}

  /** Adds and removes tags on conversations; returns each conversation's tags afterwards. */
  async tag(ids: string[], add: string[], remove: string[]): Promise<Map<string, string[]>> {
    for (const t of [...add, ...remove]) validateTag(t);
    const what = [...add.map((t) => `+${t}`), ...remove.map((t) => `-${t}`)].join(' ');
    return this.decide(ids, `tag ${what} on ${count(ids.length)}`, (s) => setTagsOn(s, add, remove));
  }

  /** `undoable: false` for status changes that follow from something else (a reply sent makes it waiting). */
  async setStatus(ids: string[], status: ConversationStatus, snoozedUntil?: number, options: { undoable?: boolean } = {}): Promise<Map<string, ConversationStatus>> {
    if (status === 'snoozed' && (snoozedUntil === undefined || snoozedUntil <= this.clock.now())) throw new UsageError('snooze needs a time in the future');
    const verb = { open: 'reopen', waiting: 'mark waiting', closed: 'close', snoozed: 'snooze' }[status];
    return this.decide(ids, options.undoable === false ? null : `${verb} ${count(ids.length)}`, (s, record) => {
      // "closed on 3 Dec", "you marked it waiting yesterday": the clock, not the mail's dates.
      setStatusOn(s, record, status, new Date(this.clock.now()).toISOString(), snoozedUntil);
      return status;
    });
  }

  /** A promise on conversations, back open and first at `by` until resolved; null resolves it (issue 19). */
  async promise(ids: string[], promise: { by: number; text: string } | null): Promise<Map<string, ConversationState['promise'] | null>> {
    const now = this.clock.now();
    if (promise && !(promise.by > now)) throw new UsageError('a promise needs a time in the future');
    const made = promise && { by: new Date(promise.by).toISOString(), text: promiseText(promise.text), at: new Date(now).toISOString() };
    return this.decide(ids, made ? `promise on ${count(ids.length)}` : `resolve the promise on ${count(ids.length)}`, (s) => {
      setPromiseOn(s, made);
      return made;
    });
  }

  async addNote(id: string, text: string, author?: string): Promise<Note> {
    const note = this.newNote(id, text, author);
    await this.decide([id], 'add a note', (s) => {
      s.notes = [...(s.notes ?? []), note];
    });
    return note;
  }

  async markRead(ids: string[], read: boolean): Promise<void> {
    await this.decide(ids, `mark ${count(ids.length)} ${read ? 'read' : 'unread'}`, (s, record) => setReadOn(s, record, read));
  }

  /**
   * Decisions made in another mail client and seen by the sync (keywords as tags, \\Seen as read),
   * applied in one transaction. Unknown tags that are not valid h2h tags are dropped.
   */
  async applyRemote(changes: Map<string, RemoteChange>): Promise<void> {
    if (changes.size === 0) return;
    await this.store.transact((tx) => this.applyRemoteIn(tx, changes));
  }

  /**
   * applyRemote inside a transaction the caller holds: flag sync reads what it recorded, applies
   * and records again in one, so no other process's record can slip in between.
   */
  applyRemoteIn(tx: StoreTx, changes: Map<string, RemoteChange>, options: { sharedSince?: number } = {}): void {
    if (options.sharedSince !== undefined) changes = yieldToShared(tx, changes, options.sharedSince);
    if (changes.size === 0) return;
    // A read mark by message becomes the date of that message: read marks are dates (store v2).
    const seqs = [...changes.values()].flatMap((c) => (c.readAt === undefined && c.readSeq !== undefined ? [c.readSeq] : []));
    // Dates never change: read on the store (the same connection, so inside this transaction too).
    const dateOf = new Map(this.store.messages(seqs).map((m) => [m.seq, m.date]));
    // Not the owner's action here: nothing to undo, and the owner's last action stays undoable.
    this.decideIn(tx, [...changes.keys()], null, (s, _record, input) => {
      const change = changes.get(input)!;
      const tags = new Set(s.tags ?? []);
      change.addTags.forEach((t) => tags.add(t));
      change.removeTags.forEach((t) => tags.delete(t));
      s.tags = [...tags].sort();
      if (s.tags.length === 0) delete s.tags;
      const readAt = change.readAt ?? (change.readSeq !== undefined ? dateOf.get(change.readSeq) : undefined);
      if (readAt !== undefined && later(s.readAt, readAt)) {
        s.readAt = readAt;
        delete s.markedUnread;
      }
      if (change.unread) s.markedUnread = true;
    });
  }

  /** A private note about the customer, shown with every conversation of theirs. */
  async addCustomerNote(customerEmail: string, text: string, author?: string): Promise<Note> {
    const email = normaliseAddress(customerEmail);
    if (!this.store.customer(email)) throw new NotFoundError(`no customer "${customerEmail}"`);
    const note = this.newNote(email, text, author);
    await this.store.transact((tx) => {
      tx.addCustomerNote(email, note);
      tx.pushUndoRecord({ action: 'add a customer note', at: this.nowIso(), changes: [], customerNote: { email, noteId: note.id } });
    });
    return note;
  }

  /**
   * Takes back the last triage change made through h2h (`h2h undo`, `U` in the TUI). A conversation
   * changed again since keeps its newer state and is reported in `kept`. Null when there is nothing to undo.
   */
  async undo(): Promise<{ action: string; restored: string[]; kept: string[] } | null> {
    return this.store.transact((tx) => {
      const record = tx.undoRecord();
      if (!record) return null;
      const restored: string[] = [];
      const kept: string[] = [];
      const states = new Map<string, ConversationState>();
      for (const { id, before, after } of record.changes) {
        const now = tx.conversation(id);
        // Merged into another since, or changed since: the newer state stays.
        if (now?.record.id !== id || canonicalJson(now.state) !== canonicalJson(after)) {
          kept.push(id);
          continue;
        }
        states.set(id, before);
        restored.push(id);
      }
      tx.writeStates(states);
      if (record.customerNote) tx.removeCustomerNote(record.customerNote.email, record.customerNote.noteId);
      if (record.automated) restoreAutomated(tx, record.automated);
      tx.popUndoRecord();
      return { action: record.action, restored, kept };
    });
  }

  /**
   * Puts back the owner's decisions exported with `h2h export --format jsonl` (tags, status, notes,
   * notes about the customer) onto the conversations holding the same messages: how history moves
   * to an empty store (import the mbox, then this). Tags and notes are added to what is there;
   * conversations none of whose messages are here are counted as missing.
   */
  async restoreDecisions(records: RestoredDecisions[]): Promise<{ restored: number; missing: number }> {
    return this.store.transact((tx) => {
      const conversationOf = tx.conversationsOfMessageIds([...new Set(records.flatMap((r) => r.messageIds))]);
      let restored = 0;
      let missing = 0;
      for (const r of records) {
        const found = r.messageIds.map((m) => conversationOf.get(m)).find((x): x is string => x !== undefined);
        const entry = found === undefined ? undefined : tx.conversation(found);
        if (!entry) {
          missing++;
          continue;
        }
        const s: ConversationState = { ...entry.state };
        const tags = new Set([...(s.tags ?? []), ...r.tags]);
        if (tags.size) s.tags = [...tags].sort();
        if (r.status !== 'open' && (r.status !== 'snoozed' || r.snoozedUntil)) {
          s.status = r.status;
          // Dated by the conversation's newest message: mail written after the move reopens it, as it would have before.
          s.statusAt = entry.record.lastAt;
          if (r.status === 'snoozed') s.snoozedUntil = r.snoozedUntil!;
          else delete s.snoozedUntil;
        }
        const notes = mergeNotes(s.notes ?? [], r.notes);
        if (notes.length) s.notes = notes;
        tx.writeStates(new Map([[entry.record.id, s]]));
        // Kept even for someone the store has not met: a note the owner wrote is never dropped.
        const have = new Set((tx.customer(r.customer.email)?.notes ?? []).map((n) => n.id));
        for (const n of r.customer.notes) if (!have.has(n.id)) tx.addCustomerNote(r.customer.email, n);
        restored++;
      }
      return { restored, missing };
    });
  }

  private newNote(about: string, text: string, author?: string): Note {
    if (text.trim() === '') throw new UsageError('a note needs some text');
    const now = this.clock.now();
    return { id: shortId(`${about}\u0000${now}\u0000${text}`, 6), text, at: new Date(now).toISOString(), ...(author ? { author } : {}) };
  }

  private nowIso(): string {
    return new Date(this.clock.now()).toISOString();
  }

  /**
   * Applies one decision to each conversation in one store transaction, on the current states.
   * `after` in the undo record is the state as read back, so undo compares like with like.
   */
  private async decide<T>(
    ids: string[],
    action: string | null,
    apply: (s: ConversationState, record: ConversationRecord, input: string) => T,
  ): Promise<Map<string, T>> {
    ids.forEach((id) => resolveConversationId(this.store, id)); // fail on a bad id before anything is written
    return this.store.transact((tx) => this.decideIn(tx, ids, action, apply));
  }

  private decideIn<T>(
    tx: StoreTx,
    ids: string[],
    action: string | null,
    apply: (s: ConversationState, record: ConversationRecord, input: string) => T,
  ): Map<string, T> {
    const results = new Map<string, T>();
    const before = new Map<string, ConversationState>();
    const states = new Map<string, ConversationState>();
    for (const input of ids) {
      const entry = entryOf(tx, input);
      const id = entry.record.id;
      if (results.has(id)) continue;
      const next = structuredClone(entry.state);
      results.set(id, apply(next, entry.record, input));
      before.set(id, entry.state);
      states.set(id, next);
    }
    tx.writeStates(states);
    if (action) {
      const changes: UndoRecord['changes'] = [...before].map(([id, state]) => ({ id, before: state, after: tx.conversation(id)!.state }));
      tx.pushUndoRecord({ action, at: this.nowIso(), changes });
    }
    return results;
  }
}

function entryOf(reads: ConversationReads, input: string) {
  return reads.conversation(resolveConversationId(reads, input))!;
}

/** Tags are single words: no spaces or control characters, and no leading +/- (those mean add/remove). */
export function validateTag(tag: string): void {
  if (!isTagWord(tag)) throw new UsageError(`"${tag}" is not a valid tag (one word, up to 64 characters, not starting with + or -)`);
}

/**
 * Other clients' flag changes without what the shared state decided since the flags last agreed
 * here (`since`, wall ms): that decision is dated, the server's flag is not, and the flag may be
 * another h2h machine's push of an older decision (state-mapping.ts, decidedSince).
 */
function yieldToShared(tx: StoreTx, changes: Map<string, RemoteChange>, since: number): Map<string, RemoteChange> {
  const out = new Map<string, RemoteChange>();
  for (const [id, change] of changes) {
    const entry = tx.conversation(id);
    const anchors = entry ? tx.sharedAnchorsOf(entry.record.id) : [];
    const decided = decidedSince(Object.values(tx.sharedEntries({ conversations: anchors }).conversations), since);
    const kept: RemoteChange = { addTags: change.addTags.filter((t) => !decided.tags.has(t)), removeTags: change.removeTags.filter((t) => !decided.tags.has(t)) };
    if (!decided.read) {
      if (change.readAt !== undefined) kept.readAt = change.readAt;
      if (change.readSeq !== undefined) kept.readSeq = change.readSeq;
      if (change.unread !== undefined) kept.unread = change.unread;
    }
    out.set(id, kept);
  }
  return out;
}
