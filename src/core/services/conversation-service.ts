/**
 * Reading and deciding about conversations: list with queries, show one with its messages and its
 * customer, and the owner's decisions (conversation-decisions.ts). The TUI and the CLI both call
 * this; neither holds logic the other lacks. Every read is one indexed store query (a list stops at
 * its limit); nothing here holds the mailbox.
 */
import { withoutSpam } from '../domain/spam.js';
import { pausePeriods, type AwayPeriod } from '../domain/away.js';
import { firstNameOf } from '../domain/address.js';
import { mergeListed, type ListSort } from '../domain/list-order.js';
import { viewConversation, isMessageUnread, type ConversationListItem, type ConversationState, type ConversationStatus, type ConversationView, type Note } from '../domain/conversation.js';
import type { MessageBody, MessageMeta } from '../domain/message.js';
import { parseQuery } from '../domain/query/parse-query.js';
import type { QueryNode } from '../domain/query/query-ast.js';
import { flattenTree, threadTree } from '../domain/thread-tree.js';
import { thirdPartySeqs } from '../domain/third-party.js';
import { NotFoundError } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import type { ConversationEntry, MailStore, StoreTx } from '../ports/mail-store.js';
import type { MessageParser } from '../ports/message-parser.js';
import { ConversationDecisions, type RemoteChange, type RestoredDecisions } from './conversation-decisions.js';
import { resolveConversationId } from './conversation-ids.js';
import { customerViewOf, type CustomerView } from './customer-view.js';
import { suggestedMerge, type SuggestedMerge } from './merge-suggestions.js';

export { validateTag, type RemoteChange, type RestoredDecisions } from './conversation-decisions.js';

export type ListOptions = {
  /** Newest activity first (default), or the customer waiting longest first. */
  sort?: 'activity' | 'waiting';
  limit?: number;
  /** Spam too, though the query does not name it (forget, export). */
  includeSpam?: boolean;
};

export type { CustomerView } from './customer-view.js';

export type ConversationDetail = {
  conversation: ConversationView;
  customer: CustomerView;
  /** The customer's other conversations, oldest first. */
  otherConversations: ConversationView[];
  /** Messages in the order they were written, each with its depth in the reply tree. */
  /** `deletedOnServer`: expunged on the IMAP server since it was synced; kept here. */
  /** `thirdParty`: mail with someone the shop forwarded the customer's mail to (third-party.ts). */
  messages: { meta: MessageMeta; body: MessageBody; depth: number; isUnread: boolean; deletedOnServer: boolean; thirdParty: boolean }[];
  /** A new address that wrote in it as a reply: the merge h2h suggests (never makes: merge-suggestions.ts). */
  suggestedMerge?: SuggestedMerge;
  /** The owner's times away: the waiting clock pauses over them (away.ts waitedMs). */
  awayPeriods?: AwayPeriod[];
};

/** A list as read at a store revision and a clock reading (ConversationService.listSnapshot); `paused`: the owner's times away. */
export type ListSnapshot = { key: string; revision: number; now: number; items: ConversationListItem[]; paused: AwayPeriod[] };

/** Beyond this many changed conversations, one read of the whole list is cheaper than merging. */
const maxMerged = 2000;

export class ConversationService {
  private readonly decisions: ConversationDecisions;

  constructor(
    private readonly store: MailStore,
    private readonly parser: MessageParser,
    private readonly clock: Clock,
    private readonly searches: Record<string, string> = {},
  ) {
    this.decisions = new ConversationDecisions(store, clock);
  }

  /**
   * Parses a query (throws QueryError pointing at the bad token). Spam is left out unless the query
   * names it or `includeSpam` (what takes history out or erases it must see everything).
   */
  parse(query: string, includeSpam = false): QueryNode {
    const node = parseQuery(query, { now: this.clock.now(), searches: this.searches });
    return includeSpam ? node : withoutSpam(node);
  }

  /** The saved searches' names (`@name`): the config's, and `while-away` after an absence. */
  searchNames(): string[] {
    return Object.keys(this.searches);
  }

  async list(query = '', options: ListOptions = {}): Promise<ConversationView[]> {
    const node = this.parse(query, options.includeSpam);
    const now = this.clock.now();
    return this.store.findConversations({ query: node, now, sort: options.sort, limit: options.limit }).map((e) => viewConversation(e.record, e.state, now));
  }

  /** The same conversations as `list`, as list rows with the customer's name: cheap enough for a list of every conversation. */
  async listItems(query = '', options: ListOptions = {}): Promise<ConversationListItem[]> {
    const node = this.parse(query);
    return this.store.listConversations({ query: node, now: this.clock.now(), sort: options.sort, limit: options.limit });
  }

  /**
   * A list kept current: read whole the first time (or when the query, its meaning or the sort
   * changed); afterwards only the conversations changed since `previous` was read are read again and
   * merged in, so keeping a list of every conversation current costs what changed, not the mailbox.
   */
  async listSnapshot(query: string, options: { sort?: ListSort } = {}, previous?: ListSnapshot | null): Promise<ListSnapshot> {
    const node = this.parse(query);
    const sort = options.sort ?? 'activity';
    // Relative dates are resolved by parse: a query whose meaning moved with the clock is read again whole.
    const key = JSON.stringify([node, sort]);
    const now = this.clock.now();
    const revision = this.store.revision(); // before reading: a write racing the read is read again next time
    const paused = this.pausePeriods();
    if (previous && previous.key === key && now >= previous.now) {
      const changed = this.store.changedConversations(previous.revision, { after: previous.now, upTo: now });
      const removed = changed.length <= maxMerged ? this.store.removedConversations(previous.revision, changed) : null;
      // Nothing changed: the same list (the same array, so a front end can tell and draw nothing).
      if (changed.length === 0 && removed?.length === 0) return { ...previous, revision, now, paused };
      if (removed) {
        const drop = new Set([...changed, ...removed]);
        const fresh = changed.length ? this.store.listConversations({ query: node, now, sort, ids: changed }) : [];
        return { key, revision, now, items: mergeListed(previous.items, drop, fresh, sort), paused };
      }
    }
    return { key, revision, now, items: this.store.listConversations({ query: node, now, sort }), paused };
  }

  /** The owner's times away, which the waiting clocks shown pause over (the figures' too: stats-service.ts). */
  pausePeriods(): AwayPeriod[] {
    return pausePeriods(this.store.away());
  }

  /** An exact id, an id merged into another, or a unique prefix of at least 3 characters. */
  resolveId(input: string): string {
    return resolveConversationId(this.store, input);
  }

  /** The conversation's id and its messages' seqs, in the order `show` lists them. */
  messagesOf(idOrPrefix: string): { id: string; seqs: number[] } {
    const { record } = this.entry(idOrPrefix);
    return { id: record.id, seqs: record.seqs };
  }

  async get(idOrPrefix: string): Promise<ConversationView> {
    const { record, state } = this.entry(idOrPrefix);
    return viewConversation(record, state, this.clock.now());
  }

  async show(idOrPrefix: string): Promise<ConversationDetail> {
    const { record, state } = this.entry(idOrPrefix);
    const now = this.clock.now();
    const conversation = viewConversation(record, state, now);
    // The text and quote split kept at import: splitting again on every display cost minutes on hostile mail.
    const stored = this.store.storedMessages(record.seqs, true);
    const depthOf = new Map<number, number>();
    for (const { node, depth } of flattenTree(threadTree(stored.map(({ meta }) => ({ ...meta, date: Date.parse(meta.date), meta }))))) {
      if (node.message) depthOf.set(node.message.seq, depth);
    }
    const offServer = this.store.offServer(record.seqs);
    const thirdParty = thirdPartySeqs(stored.map((m) => m.meta), record.customer);
    const messages = [];
    for (const { meta, text, split } of stored) {
      const body = text !== undefined && split ? { text, fragments: split.fragments, warnings: [...split.warnings] } : await this.parser.body(await this.store.readRaw(meta.hash));
      if (meta.parseError) body.warnings.unshift(`could not parse this message's structure: ${meta.parseError}`);
      if (meta.sharesMessageId) body.warnings.unshift(`another message has the same Message-ID ${meta.messageId}: this one differs from it and is shown in full`);
      messages.push({ meta, body, depth: depthOf.get(meta.seq) ?? 0, isUnread: isMessageUnread(meta, state), deletedOnServer: offServer.has(meta.seq), thirdParty: thirdParty.has(meta.seq) });
    }
    // The person: a merged address's conversation shows the history of every address of theirs.
    const person = this.store.personOf(record.customer);
    const theirs = this.store.conversationsOfCustomer(person);
    const customer = customerViewOf(person, this.store.customer(person), theirs);
    const otherConversations = theirs.filter((e) => e.record.id !== record.id).map((e) => viewConversation(e.record, e.state, now));
    const suggestion = suggestedMerge(this.store, stored.map((m) => m.meta), record.customer, thirdParty);
    return { conversation, customer, otherConversations, messages, ...(suggestion ? { suggestedMerge: suggestion } : {}), awayPeriods: this.pausePeriods() };
  }

  /** Who a conversation is with, cheaply: for list rows. */
  customerRef(email: string): { email: string; name: string; firstName: string | undefined } {
    return this.customerRefs([email]).get(email)!;
  }

  /** customerRef of many customers in one read (a list of every conversation asks for thousands). */
  customerRefs(emails: string[]): Map<string, { email: string; name: string; firstName: string | undefined }> {
    const known = this.store.customerNames([...new Set(emails)]);
    const out = new Map<string, { email: string; name: string; firstName: string | undefined }>();
    for (const email of emails) {
      if (out.has(email)) continue;
      const c = known.get(email);
      const name = c?.name ?? '';
      out.set(email, { email, name, firstName: c?.firstName ?? firstNameOf(name) });
    }
    return out;
  }

  /** The person `email` is an address of (themselves, unless merged into another). */
  customer(email: string): CustomerView {
    const person = this.store.personOf(email);
    return customerViewOf(person, this.store.customer(person), this.store.conversationsOfCustomer(person));
  }

  /** A customer and every conversation with them, oldest first (what new mail to them shows while it is written). */
  withHistory(email: string): { customer: CustomerView; conversations: ConversationView[] } {
    const person = this.store.personOf(email);
    const theirs = this.store.conversationsOfCustomer(person);
    const now = this.clock.now();
    return { customer: customerViewOf(person, this.store.customer(person), theirs), conversations: theirs.map((e) => viewConversation(e.record, e.state, now)) };
  }

  /** Customers with conversations, latest contact first. */
  async customers(): Promise<CustomerView[]> {
    return this.store.customers().map((c) => ({
      email: c.email,
      name: c.name,
      firstName: c.firstName ?? firstNameOf(c.name),
      notes: c.notes,
      conversationIds: c.conversationIds,
      firstContactAt: c.firstContactAt,
      lastContactAt: c.lastContactAt,
      addresses: c.addresses ?? [],
    }));
  }

  /** Adds and removes tags on conversations; returns each conversation's tags afterwards. */
  tag(ids: string[], add: string[], remove: string[]): Promise<Map<string, string[]>> {
    return this.decisions.tag(ids, add, remove);
  }

  /** `undoable: false` for status changes that follow from something else (a reply sent makes it waiting). */
  setStatus(ids: string[], status: ConversationStatus, snoozedUntil?: number, options: { undoable?: boolean } = {}): Promise<Map<string, ConversationStatus>> {
    return this.decisions.setStatus(ids, status, snoozedUntil, options);
  }

  /** The owner's promise (W, h2h remind): back open and first at `by` until resolved; null resolves. */
  promise(ids: string[], promise: { by: number; text: string } | null): Promise<Map<string, ConversationState['promise'] | null>> {
    return this.decisions.promise(ids, promise);
  }

  addNote(id: string, text: string, author?: string): Promise<Note> {
    return this.decisions.addNote(id, text, author);
  }

  markRead(ids: string[], read: boolean): Promise<void> {
    return this.decisions.markRead(ids, read);
  }

  /**
   * The owner opened a conversation to read it: reading is what marks it read, here and (through
   * the sync) on the server, as in every mail client. True when that changed anything.
   */
  async opened(id: string): Promise<boolean> {
    if (!(await this.get(id)).isUnread) return false;
    await this.markRead([id], true);
    return true;
  }

  /** Decisions made in another mail client and seen by the sync, in one transaction. */
  applyRemote(changes: Map<string, RemoteChange>): Promise<void> {
    return this.decisions.applyRemote(changes);
  }

  /** applyRemote inside the caller's transaction (flag sync: read, apply and record in one). */
  applyRemoteIn(tx: StoreTx, changes: Map<string, RemoteChange>, options: { sharedSince?: number } = {}): void {
    this.decisions.applyRemoteIn(tx, changes, options);
  }

  /** The owner's decisions about a conversation (those of conversations merged into it were folded in by the merge). */
  stateOf(id: string): ConversationState {
    return this.entry(id).state;
  }

  /** A private note about the customer, shown with every conversation of theirs. */
  addCustomerNote(customerEmail: string, text: string, author?: string): Promise<Note> {
    return this.decisions.addCustomerNote(customerEmail, text, author);
  }

  /** Takes back the last triage change made through h2h; null when there is nothing to undo. */
  undo(): Promise<{ action: string; restored: string[]; kept: string[] } | null> {
    return this.decisions.undo();
  }

  /** Puts back decisions exported with `h2h export --format jsonl` onto the conversations holding the same messages. */
  restoreDecisions(records: RestoredDecisions[]): Promise<{ restored: number; missing: number }> {
    return this.decisions.restoreDecisions(records);
  }

  /** The last change `undo` would take back, if any. */
  lastUndoable(): string | null {
    return this.store.undoRecord()?.action ?? null;
  }

  /** Every tag in use, most used first: for completion. */
  tagsInUse(): string[] {
    return this.store.tagsInUse();
  }

  private entry(idOrPrefix: string): ConversationEntry {
    const entry = this.store.conversation(this.resolveId(idOrPrefix));
    if (!entry) throw new NotFoundError(`no conversation "${idOrPrefix}"`);
    return entry;
  }
}
