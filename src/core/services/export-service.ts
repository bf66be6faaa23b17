/**
 * History out of h2h: the conversations a query matches, one at a time (memory stays flat however
 * many there are), each with its customer, the owner's decisions and notes, and every message with
 * its raw bytes and text. The formats (mbox, JSON Lines, CSV, Markdown, HTML) are adapters.
 */
import type { ConversationView, Note } from '../domain/conversation.js';
import type { MessageBody, MessageMeta } from '../domain/message.js';
import type { MailStore } from '../ports/mail-store.js';
import type { MessageParser } from '../ports/message-parser.js';
import type { ConversationService, CustomerView } from './conversation-service.js';

export type ExportedMessage = { meta: MessageMeta; raw: Buffer; body: MessageBody };
export type ExportedConversation = { conversation: ConversationView; customer: CustomerView; notes: Note[]; messages: ExportedMessage[] };

export interface ExportWriter {
  /** Called for each conversation, in order; the writer may write it out and forget it. */
  write(c: ExportedConversation): Promise<void>;
  /** After the last one: close files, write footers. */
  end(): Promise<void>;
}

export class ExportService {
  constructor(
    private readonly store: MailStore,
    private readonly conversations: ConversationService,
    private readonly parser: MessageParser,
  ) {}

  /** The ids a query matches, oldest conversation first (an archive reads in order). */
  async select(query: string): Promise<ConversationView[]> {
    const views = await this.conversations.list(query);
    return views.sort((a, b) => (a.firstMessageAt < b.firstMessageAt ? -1 : a.firstMessageAt > b.firstMessageAt ? 1 : a.id < b.id ? -1 : 1));
  }

  async *conversationsOf(views: ConversationView[]): AsyncGenerator<ExportedConversation> {
    for (const view of views) {
      const metas = await this.store.messages(view.record.seqs);
      const messages: ExportedMessage[] = [];
      for (const meta of metas) {
        const raw = await this.store.readRaw(meta.hash);
        messages.push({ meta, raw, body: await this.parser.body(raw) });
      }
      yield { conversation: view, customer: this.conversations.customer(view.customer), notes: view.notes, messages };
    }
  }

  /** Writes every conversation of `views` through `writer`; `onProgress` after each. Returns how many messages went out. */
  async export(views: ConversationView[], writer: ExportWriter, onProgress?: (conversations: number, messages: number) => void): Promise<number> {
    let conversations = 0;
    let messages = 0;
    for await (const c of this.conversationsOf(views)) {
      await writer.write(c);
      conversations++;
      messages += c.messages.length;
      onProgress?.(conversations, messages);
    }
    await writer.end();
    return messages;
  }
}
