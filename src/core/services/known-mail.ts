import type { ConversationRecord } from '../domain/conversation.js';
import { insertByDate, nearestInWindow, subjectKey, type Dated } from '../domain/conversation-relation.js';
import type { GroupingLookups } from '../domain/conversation-grouping.js';
import { linkedIdsOf } from '../domain/message-ids.js';
import { baseSubjectKey } from '../domain/subject.js';
import type { MessageMeta } from '../domain/message.js';
import type { MailData, MailTransaction } from '../ports/mail-store.js';

/**
 * What the import has seen, kept across batches of one import: Message-IDs, hashes, and which
 * conversation each id belongs to. Rebuilt from the store when another process committed meanwhile.
 */
export class KnownMail {
  private syncedSeq = -1;
  /** Every message with this Message-ID, oldest first: one id may carry several messages that differ. */
  private readonly byMessageId = new Map<string, number[]>();
  private readonly hashOfSeq = new Map<number, string>();
  private readonly contentOfSeq = new Map<number, string>();
  private readonly byHash = new Map<string, number>();
  private readonly customerOfSeq = new Map<number, string>();
  /** The first message naming an id: every message naming it is in one conversation. */
  private readonly firstNamer = new Map<string, number>();
  private readonly convOfSeq = new Map<number, string>();
  /** Messages the subject rule applies to, by subject key (see conversation-relation.ts). */
  private readonly subjects = new Map<string, Dated<number>[]>();
  private readonly newIds = new Set<string>();
  private data!: MailData;

  /** Loads what the store holds (ids and hashes, not whole records), unless nothing was committed since the last sync. */
  async sync(data: MailData, scanMessages: MailTransaction['scanMessages']): Promise<void> {
    this.data = data;
    if (this.syncedSeq === data.nextSeq) return;
    for (const map of [this.byMessageId, this.byHash, this.hashOfSeq, this.contentOfSeq, this.customerOfSeq, this.firstNamer, this.convOfSeq, this.subjects] as Map<unknown, unknown>[]) map.clear();
    await scanMessages((m) => this.addMessage(m));
    for (const [seq, hashes] of Object.entries(data.copies)) for (const h of hashes) this.byHash.set(h, Number(seq));
    for (const record of Object.values(data.conversations)) this.setConversation(record);
    this.syncedSeq = data.nextSeq;
  }

  addMessage(m: MessageMeta): void {
    const same = this.byMessageId.get(m.messageId);
    if (same) same.push(m.seq);
    else this.byMessageId.set(m.messageId, [m.seq]);
    this.byHash.set(m.hash, m.seq);
    this.hashOfSeq.set(m.seq, m.hash);
    if (m.content !== undefined) this.contentOfSeq.set(m.seq, m.content);
    this.customerOfSeq.set(m.seq, m.customer);
    for (const id of linkedIdsOf(m)) if (!this.firstNamer.has(id)) this.firstNamer.set(id, m.seq);
    const key = subjectKey({ ...m, baseSubject: baseSubjectKey(m.subject) });
    if (key !== undefined) insertByDate(this.subjects.get(key) ?? this.subjects.set(key, []).get(key)!, { date: Date.parse(m.date), value: m.seq });
  }

  setConversation(record: ConversationRecord): void {
    for (const seq of record.seqs) this.convOfSeq.set(seq, record.id);
    this.syncedSeq = this.data.nextSeq;
  }

  seqsOf(messageId: string): number[] {
    return this.byMessageId.get(messageId) ?? [];
  }

  hashOf(seq: number): string | undefined {
    return this.hashOfSeq.get(seq);
  }

  contentOf(seq: number): string | undefined {
    return this.contentOfSeq.get(seq);
  }

  setContent(seq: number, content: string): void {
    this.contentOfSeq.set(seq, content);
  }

  hasHash(hash: string): boolean {
    return this.byHash.has(hash);
  }

  seqOfHash(hash: string): number | undefined {
    return this.byHash.get(hash);
  }

  addHash(hash: string, seq: number): void {
    this.byHash.set(hash, seq);
  }

  isNewId(id: string): boolean {
    return this.newIds.has(id);
  }

  markNewId(id: string): void {
    this.newIds.add(id);
  }

  /** The store as the grouper sees it. Messages without a conversation yet (this batch's own) are left out: the grouper holds those. */
  lookups(data: MailData): GroupingLookups {
    const resolve = (id: string | undefined): string | undefined => {
      for (let guard = 0; id !== undefined && guard < 1000; guard++) {
        if (data.conversations[id]) return id;
        id = data.aliases[id];
      }
      return undefined;
    };
    const conversationOf = (seq: number | undefined) => (seq === undefined ? undefined : resolve(this.convOfSeq.get(seq)));
    return {
      holdersOf: (messageId) =>
        this.seqsOf(messageId).flatMap((seq) => {
          const conversation = conversationOf(seq);
          return conversation === undefined ? [] : [{ customer: this.customerOfSeq.get(seq) ?? '', conversation }];
        }),
      namersOf: (messageId) => {
        const conversation = conversationOf(this.firstNamer.get(messageId));
        return conversation === undefined ? [] : [conversation];
      },
      // Only messages with a conversation: this batch's own are in the list already but not grouped yet.
      subjectNeighbours: (key, date, windowMs) => nearestInWindow(this.subjects.get(key) ?? [], date, windowMs, (seq) => this.convOfSeq.has(seq)).flatMap((seq) => conversationOf(seq) ?? []),
      conversation: (id) => {
        const c = data.conversations[id];
        return c && { id, createdSeq: c.createdSeq };
      },
    };
  }
}
