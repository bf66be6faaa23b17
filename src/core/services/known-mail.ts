import type { ConversationRecord } from '../domain/conversation.js';
import { linkedIdsOf } from '../domain/message-ids.js';
import type { MessageMeta } from '../domain/message.js';
import type { MailData, MailTransaction } from '../ports/mail-store.js';

/**
 * What the import has seen, kept across batches of one import: Message-IDs, hashes, and which
 * conversation each id belongs to. Rebuilt from the store when another process committed meanwhile.
 */
export class KnownMail {
  private syncedSeq = -1;
  private readonly byMessageId = new Map<string, number>();
  private readonly byHash = new Map<string, number>();
  private readonly idOwner = new Map<string, number>();
  private readonly convOfSeq = new Map<number, string>();
  private readonly subjects = new Map<string, Set<string>>();
  private readonly newIds = new Set<string>();
  private data!: MailData;

  /** Loads what the store holds (ids and hashes, not whole records), unless nothing was committed since the last sync. */
  async sync(data: MailData, scanMessages: MailTransaction['scanMessages']): Promise<void> {
    this.data = data;
    if (this.syncedSeq === data.nextSeq) return;
    for (const map of [this.byMessageId, this.byHash, this.idOwner, this.convOfSeq, this.subjects] as Map<unknown, unknown>[]) map.clear();
    await scanMessages((m) => this.addMessage(m));
    for (const [seq, hashes] of Object.entries(data.copies)) for (const h of hashes) this.byHash.set(h, Number(seq));
    for (const record of Object.values(data.conversations)) this.setConversation(record);
    this.syncedSeq = data.nextSeq;
  }

  addMessage(m: MessageMeta): void {
    this.byMessageId.set(m.messageId, m.seq);
    this.byHash.set(m.hash, m.seq);
    for (const id of [m.messageId, ...linkedIdsOf(m)]) if (!this.idOwner.has(id)) this.idOwner.set(id, m.seq);
  }

  setConversation(record: ConversationRecord): void {
    for (const seq of record.seqs) this.convOfSeq.set(seq, record.id);
    const key = `${record.customer}\u0000${record.baseSubject}`;
    if (!this.subjects.has(key)) this.subjects.set(key, new Set());
    this.subjects.get(key)!.add(record.id);
    this.syncedSeq = this.data.nextSeq;
  }

  seqOf(messageId: string): number | undefined {
    return this.byMessageId.get(messageId);
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

  lookups(data: MailData) {
    const resolve = (id: string | undefined): string | undefined => {
      for (let guard = 0; id !== undefined && guard < 1000; guard++) {
        if (data.conversations[id]) return id;
        id = data.aliases[id];
      }
      return undefined;
    };
    const existing = (id: string) => {
      const c = data.conversations[id];
      return c && { id, createdSeq: c.createdSeq, customer: c.customer, baseSubject: c.baseSubject, firstAt: Date.parse(c.firstAt), lastAt: Date.parse(c.lastAt) };
    };
    return {
      conversationOfId: (messageId: string) => {
        const seq = this.idOwner.get(messageId);
        return seq === undefined ? undefined : resolve(this.convOfSeq.get(seq));
      },
      conversation: existing,
      conversationsBySubject: (customer: string, baseSubject: string) =>
        [...(this.subjects.get(`${customer}\u0000${baseSubject}`) ?? [])].map(resolve).filter((id): id is string => id !== undefined),
    };
  }
}
