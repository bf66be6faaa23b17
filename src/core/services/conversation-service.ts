/**
 * Reading and deciding about conversations: list with queries, show one with its messages and its
 * customer, and the owner's decisions (tags, status, notes, read marks). The TUI and the CLI both
 * call this; neither holds logic the other lacks.
 */
import { compareText } from '../domain/compare.js';
import { AmbiguousIdError, NotFoundError, UsageError } from '../errors.js';
import { firstNameOf, normaliseAddress } from '../domain/address.js';
import {
  changeTags,
  conversationCount as count,
  isMessageUnread,
  mergeNotes,
  mergeStates,
  viewConversation,
  type ConversationState,
  type ConversationStatus,
  type ConversationView,
  type Note,
} from '../domain/conversation.js';
import type { MessageBody, MessageMeta } from '../domain/message.js';
import { parseQuery, textTerms } from '../domain/query/parse-query.js';
import { matchConversation } from '../domain/query/match-conversation.js';
import type { QueryNode } from '../domain/query/query-ast.js';
import { shortId } from '../domain/short-id.js';
import { flattenTree, threadTree } from '../domain/thread-tree.js';
import type { Clock } from '../ports/clock.js';
import type { CustomerRecord, MailData, MailStore, StateData, UndoRecord } from '../ports/mail-store.js';
import type { MessageParser } from '../ports/message-parser.js';
import { indexesOf, resolveAlias } from './store-indexes.js';

export type ListOptions = {
  /** Newest activity first (default), or the customer waiting longest first. */
  sort?: 'activity' | 'waiting';
  limit?: number;
};

/** What another mail client changed about one conversation. */
export type RemoteChange = { addTags: string[]; removeTags: string[]; readSeq?: number; unread?: boolean };

/** One conversation's decisions as `h2h export --format jsonl` writes them. */
export type RestoredDecisions = {
  messageIds: string[];
  status: ConversationStatus;
  snoozedUntil: string | null;
  tags: string[];
  notes: Note[];
  customer: { email: string; notes: Note[] };
};

export type CustomerView = {
  email: string;
  name: string;
  /** What a reply greets them by; undefined when no name is known. */
  firstName: string | undefined;
  notes: Note[];
  conversationIds: string[];
  firstContactAt: string | null;
  lastContactAt: string | null;
};

export type ConversationDetail = {
  conversation: ConversationView;
  customer: CustomerView;
  /** The customer's other conversations, oldest first. */
  otherConversations: ConversationView[];
  /** Messages in the order they were written, each with its depth in the reply tree. */
  /** `deletedOnServer`: expunged on the IMAP server since it was synced; kept here. */
  messages: { meta: MessageMeta; body: MessageBody; depth: number; isUnread: boolean; deletedOnServer: boolean }[];
};

const minPrefix = 3;

export class ConversationService {
  constructor(
    private readonly store: MailStore,
    private readonly parser: MessageParser,
    private readonly clock: Clock,
    private readonly searches: Record<string, string> = {},
  ) {}

  /** Parses a query (throws QueryError pointing at the bad token). */
  parse(query: string): QueryNode {
    return parseQuery(query, { now: this.clock.now(), searches: this.searches });
  }

  async list(query = '', options: ListOptions = {}): Promise<ConversationView[]> {
    await this.store.refresh();
    const node = this.parse(query);
    const mail = this.store.mail();
    const state = this.store.state();
    const textMatches = new Map<QueryNode, Set<string>>();
    const { conversationOfSeq } = indexesOf(mail);
    for (const term of textTerms(node)) {
      const seqs = await this.store.searchText(term.value);
      const ids = new Set<string>();
      for (const seq of seqs) {
        const id = conversationOfSeq.get(seq);
        if (id) ids.add(id);
      }
      textMatches.set(term, ids);
    }
    const now = this.clock.now();
    const ctx = { textMatches, customerName: (email: string) => mail.customers[email]?.name ?? '' };
    const views: ConversationView[] = [];
    for (const record of Object.values(mail.conversations)) {
      const view = viewConversation(record, this.mergedState(mail, state, record.id), now);
      if (matchConversation(view, node, ctx)) views.push(view);
    }
    if (options.sort === 'waiting') {
      // Longest-waiting first; conversations nobody waits on go last, newest activity first.
      views.sort((a, b) => compareText(a.waitingSince ?? '~', b.waitingSince ?? '~') || compareText(b.lastMessageAt, a.lastMessageAt));
    } else {
      views.sort((a, b) => compareText(b.lastMessageAt, a.lastMessageAt) || compareText(a.id, b.id));
    }
    return options.limit !== undefined ? views.slice(0, options.limit) : views;
  }

  /** An exact id, an id merged into another, or a unique prefix of at least 3 characters. */
  resolveId(input: string): string {
    const mail = this.store.mail();
    const id = input.trim().toLowerCase();
    const exact = resolveAlias(mail, id);
    if (exact) return exact;
    if (id.length >= minPrefix && /^[0-9a-z]+$/.test(id)) {
      const { sortedIds } = indexesOf(mail);
      const matches: string[] = [];
      let lo = 0;
      let hi = sortedIds.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (sortedIds[mid] < id) lo = mid + 1;
        else hi = mid;
      }
      for (let i = lo; i < sortedIds.length && sortedIds[i].startsWith(id) && matches.length < 10; i++) matches.push(sortedIds[i]);
      if (matches.length === 1) return matches[0];
      if (matches.length > 1) throw new AmbiguousIdError(input, matches);
    }
    throw new NotFoundError(`no conversation "${input}"`);
  }

  async get(idOrPrefix: string): Promise<ConversationView> {
    await this.store.refresh();
    const id = this.resolveId(idOrPrefix);
    return viewConversation(this.store.mail().conversations[id], this.mergedState(this.store.mail(), this.store.state(), id), this.clock.now());
  }

  async show(idOrPrefix: string): Promise<ConversationDetail> {
    const conversation = await this.get(idOrPrefix);
    const mail = this.store.mail();
    const metas = await this.store.messages(conversation.record.seqs);
    const depthOf = new Map<number, number>();
    for (const { node, depth } of flattenTree(threadTree(metas.map((m) => ({ ...m, date: Date.parse(m.date), meta: m }))))) {
      if (node.message) depthOf.set(node.message.seq, depth);
    }
    const state = this.mergedState(mail, this.store.state(), conversation.id);
    const offServer = new Set(mail.sync.offServer ?? []);
    const messages = [];
    // The text and quote split kept at import: splitting again on every display cost minutes on hostile mail.
    const kept = new Map<number, MessageBody>();
    for await (const group of this.store.readGroups([metas.map((m) => m.seq)], true)) {
      for (const m of group) if (m.text !== undefined && m.split) kept.set(m.meta.seq, { text: m.text, fragments: m.split.fragments, warnings: [...m.split.warnings] });
    }
    for (const meta of metas) {
      const depth = depthOf.get(meta.seq) ?? 0;
      const body = kept.get(meta.seq) ?? (await this.parser.body(await this.store.readRaw(meta.hash)));
      if (meta.parseError) body.warnings.unshift(`could not parse this message's structure: ${meta.parseError}`);
      if (meta.sharesMessageId) body.warnings.unshift(`another message has the same Message-ID ${meta.messageId}: this one differs from it and is shown in full`);
      messages.push({ meta, body, depth, isUnread: isMessageUnread(meta, state), deletedOnServer: offServer.has(meta.seq) });
    }
    const customer = this.customer(conversation.customer);
    const now = this.clock.now();
    const otherConversations = customer.conversationIds
      .filter((id) => id !== conversation.id)
      .map((id) => viewConversation(mail.conversations[id], this.mergedState(mail, this.store.state(), id), now));
    return { conversation, customer, otherConversations, messages };
  }

  /** Who a conversation is with, cheaply: for list rows. */
  customerRef(email: string): { email: string; name: string; firstName: string | undefined } {
    const name = this.store.mail().customers[email]?.name ?? '';
    return { email, name, firstName: this.store.state().customers[email]?.firstName ?? firstNameOf(name) };
  }

  customer(email: string): CustomerView {
    const mail = this.store.mail();
    const record: CustomerRecord = mail.customers[email] ?? { email, name: '', nameAt: '' };
    const own = this.store.state().customers[email] ?? {};
    const ids = indexesOf(mail).conversationsOfCustomer.get(email) ?? [];
    const convs = ids.map((id) => mail.conversations[id]);
    return {
      email,
      name: record.name,
      firstName: own.firstName ?? firstNameOf(record.name),
      notes: own.notes ?? [],
      conversationIds: ids,
      firstContactAt: convs.length ? convs.map((c) => c.firstAt).reduce((a, b) => (a < b ? a : b)) : null,
      lastContactAt: convs.length ? convs.map((c) => c.lastAt).reduce((a, b) => (a > b ? a : b)) : null,
    };
  }

  async customers(): Promise<CustomerView[]> {
    await this.store.refresh();
    return Object.keys(this.store.mail().customers)
      .filter((email) => indexesOf(this.store.mail()).conversationsOfCustomer.has(email))
      .map((email) => this.customer(email))
      .sort((a, b) => compareText(b.lastContactAt ?? '', a.lastContactAt ?? ''));
  }

  /** Adds and removes tags on conversations; returns each conversation's tags afterwards. */
  async tag(ids: string[], add: string[], remove: string[]): Promise<Map<string, string[]>> {
    for (const t of [...add, ...remove]) validateTag(t);
    const what = [...add.map((t) => `+${t}`), ...remove.map((t) => `-${t}`)].join(' ');
    return this.decide(ids, `tag ${what} on ${count(ids.length)}`, (s) => {
      s.tags = changeTags(s.tags ?? [], add, remove);
      if (s.tags.length === 0) delete s.tags;
      return s.tags ?? [];
    });
  }

  /** `undoable: false` for status changes that follow from something else (a reply sent makes it waiting). */
  async setStatus(ids: string[], status: ConversationStatus, snoozedUntil?: number, options: { undoable?: boolean } = {}): Promise<Map<string, ConversationStatus>> {
    if (status === 'snoozed' && (snoozedUntil === undefined || snoozedUntil <= this.clock.now())) throw new UsageError('snooze needs a time in the future');
    const verb = { open: 'reopen', waiting: 'mark waiting', closed: 'close', snoozed: 'snooze' }[status];
    return this.decide(ids, options.undoable === false ? null : `${verb} ${count(ids.length)}`, (s, mail, id) => {
      s.status = status;
      s.statusSeq = mail.nextSeq - 1;
      s.statusAt = mail.conversations[id].lastAt;
      if (status === 'snoozed') s.snoozedUntil = new Date(snoozedUntil!).toISOString();
      else delete s.snoozedUntil;
      return status;
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
    await this.decide(ids, `mark ${count(ids.length)} ${read ? 'read' : 'unread'}`, (s, mail, id) => {
      if (read) {
        const record = mail.conversations[id];
        s.readSeq = Math.max(s.readSeq ?? -1, record.lastInboundSeq, record.lastOutboundSeq);
        if (!s.readAt || Date.parse(s.readAt) < Date.parse(record.lastAt)) s.readAt = record.lastAt;
        delete s.markedUnread;
      } else s.markedUnread = true;
    });
  }

  /**
   * Decisions made in another mail client and seen by the sync (keywords as tags, \\Seen as read),
   * applied in one transaction. Unknown tags that are not valid h2h tags are dropped.
   */
  async applyRemote(changes: Map<string, RemoteChange>): Promise<void> {
    if (changes.size === 0) return;
    // Not the owner's action here: nothing to undo, and the owner's last action stays undoable.
    await this.decide([...changes.keys()], null, (s, _mail, id) => {
      const change = changes.get(id)!;
      const tags = new Set(s.tags ?? []);
      change.addTags.forEach((t) => tags.add(t));
      change.removeTags.forEach((t) => tags.delete(t));
      s.tags = [...tags].sort();
      if (s.tags.length === 0) delete s.tags;
      if (change.readSeq !== undefined && change.readSeq > (s.readSeq ?? -1)) {
        s.readSeq = change.readSeq;
        delete s.markedUnread;
      }
      if (change.unread) s.markedUnread = true;
    });
  }

  /** The owner's decisions about a conversation, with those of conversations merged into it. */
  stateOf(id: string): ConversationState {
    return this.mergedState(this.store.mail(), this.store.state(), id);
  }

  /** A private note about the customer, shown with every conversation of theirs. */
  async addCustomerNote(customerEmail: string, text: string, author?: string): Promise<Note> {
    const email = normaliseAddress(customerEmail);
    await this.store.refresh();
    if (!this.store.mail().customers[email]) throw new NotFoundError(`no customer "${customerEmail}"`);
    const note = this.newNote(email, text, author);
    await this.store.transactState((state) => {
      const c = state.customers[email] ?? {};
      state.customers[email] = { ...c, notes: [...(c.notes ?? []), note] };
      state.undo = { action: 'add a customer note', at: new Date(this.clock.now()).toISOString(), changes: [], customerNote: { email, noteId: note.id } };
    });
    return note;
  }

  private newNote(about: string, text: string, author?: string): Note {
    if (text.trim() === '') throw new UsageError('a note needs some text');
    const now = this.clock.now();
    return { id: shortId(`${about}\u0000${now}\u0000${text}`, 6), text, at: new Date(now).toISOString(), ...(author ? { author } : {}) };
  }

  /**
   * Applies one decision to each conversation under the store lock, on the freshest state. States of
   * conversations merged into this one are folded in and dropped, so the decision covers them too.
   */
  private async decide<T>(ids: string[], action: string | null, apply: (s: ConversationState, mail: MailData, id: string) => T): Promise<Map<string, T>> {
    await this.store.refresh();
    ids.forEach((id) => this.resolveId(id)); // fail on a bad id before anything is written
    return this.store.transactState((state, mail) => {
      const results = new Map<string, T>();
      const changes: UndoRecord['changes'] = [];
      for (const input of ids) {
        const id = this.resolveId(input);
        if (results.has(id)) continue;
        const merged = this.mergedState(mail, state, id);
        for (const alias of indexesOf(mail).aliasesOf.get(id) ?? []) delete state.conversations[alias];
        const next = structuredClone(merged);
        results.set(id, apply(next, mail, id));
        state.conversations[id] = next;
        changes.push({ id, before: merged, after: next });
      }
      if (action) state.undo = { action, at: new Date(this.clock.now()).toISOString(), changes };
      return results;
    });
  }

  /**
   * Takes back the last triage change made through h2h (`h2h undo`, `U` in the TUI). A conversation
   * changed again since keeps its newer state and is reported in `kept`. Null when there is nothing to undo.
   */
  async undo(): Promise<{ action: string; restored: string[]; kept: string[] } | null> {
    await this.store.refresh();
    return this.store.transactState((state) => {
      const record = state.undo;
      if (!record) return null;
      const restored: string[] = [];
      const kept: string[] = [];
      for (const { id, before, after } of record.changes) {
        if (canonicalJson(state.conversations[id] ?? {}) !== canonicalJson(after)) {
          kept.push(id);
          continue;
        }
        if (Object.keys(before).length === 0) delete state.conversations[id];
        else state.conversations[id] = before;
        restored.push(id);
      }
      if (record.customerNote) {
        const { email, noteId } = record.customerNote;
        const c = state.customers[email];
        if (c?.notes?.some((n) => n.id === noteId)) state.customers[email] = { ...c, notes: c.notes.filter((n) => n.id !== noteId) };
      }
      delete state.undo;
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
    await this.store.refresh();
    const mail = this.store.mail();
    const { conversationOfSeq } = indexesOf(mail);
    const conversationOfMessage = new Map<string, string>();
    await this.store.scanMessages((m) => {
      const id = conversationOfSeq.get(m.seq);
      if (id) conversationOfMessage.set(m.messageId, id);
    });
    return this.store.transactState((state, current) => {
      let restored = 0;
      let missing = 0;
      for (const r of records) {
        const id = r.messageIds.map((m) => conversationOfMessage.get(m)).find((x): x is string => x !== undefined);
        if (!id) {
          missing++;
          continue;
        }
        const s: ConversationState = { ...(state.conversations[id] ?? {}) };
        const tags = new Set([...(s.tags ?? []), ...r.tags]);
        if (tags.size) s.tags = [...tags].sort();
        if (r.status !== 'open' && (r.status !== 'snoozed' || r.snoozedUntil)) {
          s.status = r.status;
          // Mail that arrives after the move reopens it, as it would have before.
          s.statusSeq = current.nextSeq - 1;
          const lastAt = current.conversations[id]?.lastAt;
          if (lastAt) s.statusAt = lastAt;
          if (r.status === 'snoozed') s.snoozedUntil = r.snoozedUntil!;
        }
        const notes = mergeNotes(s.notes ?? [], r.notes);
        if (notes.length) s.notes = notes;
        state.conversations[id] = s;
        if (r.customer.notes.length) {
          const c = state.customers[r.customer.email] ?? {};
          state.customers[r.customer.email] = { ...c, notes: mergeNotes(c.notes ?? [], r.customer.notes) };
        }
        restored++;
      }
      return { restored, missing };
    });
  }

  /** The last change `undo` would take back, if any. */
  lastUndoable(): string | null {
    return this.store.state().undo?.action ?? null;
  }

  /** Every tag in use, most used first: for completion. */
  tagsInUse(): string[] {
    const counts = new Map<string, number>();
    for (const s of Object.values(this.store.state().conversations)) for (const t of s.tags ?? []) counts.set(t, (counts.get(t) ?? 0) + 1);
    return [...counts].sort((a, b) => b[1] - a[1] || compareText(a[0], b[0])).map(([t]) => t);
  }

  private mergedState(mail: MailData, state: StateData, id: string): ConversationState {
    const aliases = indexesOf(mail).aliasesOf.get(id);
    const own = state.conversations[id] ?? {};
    if (!aliases) return own;
    return mergeStates([own, ...aliases.map((a) => state.conversations[a]).filter((s): s is ConversationState => !!s)]);
  }
}

/** JSON with sorted keys: two states are the same decision whatever order their fields were written in. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/** Tags are single words: no spaces or control characters, and no leading +/- (those mean add/remove). */
export function validateTag(tag: string): void {
  if (!/^[^\s+\-\p{C}][^\s\p{C}]{0,63}$/u.test(tag)) throw new UsageError(`"${tag}" is not a valid tag (one word, up to 64 characters, not starting with + or -)`);
}
