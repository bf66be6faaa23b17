/**
 * `h2h reindex [query]`: everything the store derives from raw mail, derived again from the raw
 * files and the current config (an alias added, a parser fixed): addresses, direction and customer,
 * texts and quote splits, snippets, the search index, and the threads. The owner's decisions stay
 * with the same conversations: a conversation whose mail still starts it keeps its id; one whose mail
 * ends up elsewhere becomes an alias of where most of it went, and its decisions go there too.
 */
import { mergeStates, type ConversationState } from '../domain/conversation.js';
import type { MessageMeta } from '../domain/message.js';
import { normaliseAddress } from '../domain/address.js';
import type { Clock } from '../ports/clock.js';
import type { MailStore, RederivedMessage, StoreTx } from '../ports/mail-store.js';
import type { MessageParser } from '../ports/message-parser.js';
import { assembleBatch } from './conversation-assembler.js';
import type { ConversationService } from './conversation-service.js';
import type { ImportSettings } from './import-service.js';
import { customerSightings, messageMeta, messageSearchText } from './message-records.js';

export type ReindexReport = {
  messages: number;
  conversationsBefore: number;
  conversationsAfter: number;
  /** Messages whose direction or customer changed (an alias added, a form recognised…). */
  reclassified: number;
  warnings: { source: string; message: string }[];
};

const day = 86_400_000;
/** Messages parsed, then written in one transaction. */
const batchSize = 500;
/** Same as import: a longer text is not kept (an export parses the raw file again). */
const keptTextLimit = 256 * 1024;

export class ReindexService {
  constructor(
    private readonly store: MailStore,
    private readonly parser: MessageParser,
    private readonly conversations: ConversationService,
    private readonly settings: ImportSettings,
    private readonly clock: Clock,
  ) {}

  async reindex(query = '', onProgress?: (done: number, total: number) => void): Promise<ReindexReport> {
    const entries = this.store.findConversations({ query: this.conversations.parse(query, true), now: this.clock.now() });
    const ids = entries.map((e) => e.record.id);
    const seqs = entries.flatMap((e) => e.record.seqs).sort((a, b) => a - b);
    const report: ReindexReport = { messages: 0, conversationsBefore: ids.length, conversationsAfter: 0, reclassified: 0, warnings: [] };
    for (let i = 0; i < seqs.length; i += batchSize) {
      const batch = this.store.messages(seqs.slice(i, i + batchSize));
      const rederived: RederivedMessage[] = [];
      for (const old of batch) {
        const next = await this.rederive(old, report);
        if (next) rederived.push(next);
      }
      await this.store.transact((tx) => tx.rederiveMessages(rederived));
      report.messages += batch.length;
      onProgress?.(report.messages, seqs.length);
    }
    report.conversationsAfter = await this.store.transact((tx) => this.regroup(tx, ids));
    return report;
  }

  /** One message derived again from its raw file; null (with a warning) when the raw file cannot be read. */
  private async rederive(old: MessageMeta, report: ReindexReport): Promise<RederivedMessage | null> {
    let raw: Buffer;
    try {
      raw = await this.store.readRaw(old.hash);
    } catch (error) {
      report.warnings.push({ source: old.source, message: `raw file unreadable, kept as it was: ${(error as Error).message}` });
      return null;
    }
    const parsed = await this.parser.parse(raw);
    // The shop writing to itself is outbound only where it was filed as sent: the folder is not kept, the outcome is.
    const fromShopToItself = old.direction === 'out' && old.from !== null && normaliseAddress(old.from.email) === old.customer;
    const fresh = messageMeta(
      { input: { seen: old.seenOnArrival, source: old.source, fallbackDate: Date.parse(old.date) }, hash: old.hash, size: old.size, content: old.content ?? '', parsed },
      old.messageId,
      { now: this.clock.now(), shop: this.settings.shopAddresses, folder: fromShopToItself ? 'sent' : 'other', markRead: false, sharesMessageId: !!old.sharesMessageId, verdictOf: (email) => this.store.senderVerdict(email)?.as },
    );
    // Identity and origin stay: the same message under the same ids, read as it arrived.
    const meta: MessageMeta = { ...fresh, seq: old.seq, id: old.id, messageId: old.messageId, isSyntheticId: old.isSyntheticId, source: old.source, seenOnArrival: old.seenOnArrival || fresh.direction === 'out' };
    if (old.content === undefined) delete meta.content;
    if (meta.direction !== old.direction || meta.customer !== old.customer) report.reclassified++;
    const text = parsed.text !== undefined && parsed.text.length <= keptTextLimit ? parsed.text : undefined;
    return { meta, searchText: messageSearchText(meta, parsed.newText), text, split: text === undefined ? undefined : parsed.split };
  }

  /**
   * Takes the conversations apart and groups their messages again, as an import of them would, then
   * puts each old conversation's decisions on the conversation holding most of its mail. Returns how
   * many conversations hold that mail now.
   */
  private regroup(tx: StoreTx, ids: string[]): number {
    const before = new Map<string, { state: ConversationState; seqs: number[] }>();
    const metas: MessageMeta[] = [];
    for (const id of ids) {
      const entry = tx.conversation(id);
      if (!entry || before.has(entry.record.id)) continue;
      const messages = tx.conversationMessages(entry.record.id);
      before.set(entry.record.id, { state: entry.state, seqs: messages.map((m) => m.seq) });
      metas.push(...messages);
    }
    tx.dissolveConversations([...before.keys()]);
    metas.sort((a, b) => Date.parse(a.date) - Date.parse(b.date) || a.seq - b.seq);
    const plan = assembleBatch(tx, metas, this.settings.subjectWindowDays * day);
    tx.writeConversations(plan.records.map((r) => r.record));
    for (const [merged, survivor] of plan.merges) tx.mergeConversation(merged, survivor);
    const home = new Map<number, string>();
    for (const [id, seqs] of plan.placements) {
      tx.placeMessages(seqs, id);
      for (const seq of seqs) home.set(seq, id);
    }
    tx.seeCustomers(metas.flatMap((m) => customerSightings(m, this.settings.shopAddresses)));

    // Each old conversation's heir: where most of its messages are now (ties: where its first one is).
    const heirs = new Map<string, string[]>();
    for (const [id, { seqs }] of before) {
      const counts = new Map<string, number>();
      for (const seq of seqs) counts.set(home.get(seq)!, (counts.get(home.get(seq)!) ?? 0) + 1);
      const first = home.get(Math.min(...seqs))!;
      let heir = first;
      for (const [candidate, n] of counts) if (n > (counts.get(heir) ?? 0)) heir = candidate;
      (heirs.get(heir) ?? heirs.set(heir, []).get(heir)!).push(id);
    }
    const states = new Map<string, ConversationState>();
    for (const [heir, olds] of heirs) {
      // An heir that existed outside the reindexed set keeps its own decisions too.
      const own = before.has(heir) ? [] : [tx.conversation(heir)?.state ?? {}];
      const merged = mergeStates([...own, ...olds.map((id) => before.get(id)!.state)]);
      if (Object.keys(merged).length > 0) states.set(heir, merged);
      for (const old of olds) if (old !== heir) this.moveOwnerDocuments(tx, old, heir);
    }
    // Decisions moved with their mail, not made again: nothing new to share.
    tx.writeUnsharedStates(states);
    for (const [heir, olds] of heirs) for (const old of olds) if (old !== heir && !plan.placements.has(old)) tx.aliasConversation(old, heir);
    return plan.placements.size;
  }

  /** Drafts and replies in the outbox follow their conversation to its heir. */
  private moveOwnerDocuments(tx: StoreTx, from: string, to: string): void {
    const draft = tx.draft(from);
    if (draft && !tx.draft(to)) tx.putDraft({ ...draft, conversationId: to });
    if (draft) tx.removeDraft(from);
    for (const entry of tx.outbox()) if (entry.conversationId === from) tx.putOutboxEntry({ ...entry, conversationId: to });
  }
}
