/**
 * History out of h2h: the conversations a query matches, one at a time (memory stays flat however
 * many there are), each with its customer, the owner's decisions and notes, and every message with
 * its raw bytes and text. The formats (mbox, JSON Lines, CSV, Markdown, HTML) are adapters.
 */
import type { ConversationView, Note } from '../domain/conversation.js';
import type { MessageMeta } from '../domain/message.js';
import type { MailStore } from '../ports/mail-store.js';
import type { MessageParser } from '../ports/message-parser.js';
import type { ConversationService, CustomerView } from './conversation-service.js';

/** `raw` is empty unless the writer needs raw bytes (or attachments are saved); `text` is empty unless it needs text. */
export type ExportedMessage = { meta: MessageMeta; raw: Buffer; text: string };
export type ExportedConversation = { conversation: ConversationView; customer: CustomerView; notes: Note[]; messages: ExportedMessage[] };

export interface ExportWriter {
  /**
   * What a writer reads of each message: its original bytes (mbox) or its text (the rest). Text
   * comes from the store, which keeps it from import; only messages without it are parsed again.
   */
  readonly needs: 'raw' | 'text';
  /** Called for each conversation, in order; the writer may write it out and forget it. */
  write(c: ExportedConversation): Promise<void>;
  /** After the last one: close files, write footers. */
  end(): Promise<void>;
}

const noBytes = Buffer.alloc(0);

export class ExportService {
  constructor(
    private readonly store: MailStore,
    private readonly conversations: ConversationService,
    private readonly parser: MessageParser,
  ) {}

  /** The ids a query matches, oldest conversation first (an archive reads in order). */
  async select(query: string): Promise<ConversationView[]> {
    // History out (an audit, a move, a customer's request): spam too, tagged as such.
    const views = await this.conversations.list(query, { includeSpam: true });
    return views.sort((a, b) => (a.firstMessageAt < b.firstMessageAt ? -1 : a.firstMessageAt > b.firstMessageAt ? 1 : a.id < b.id ? -1 : 1));
  }

  /** The conversations with their messages, in order, one at a time: memory holds one conversation, not the export. */
  async *conversationsOf(views: ConversationView[], needs: { raw: boolean; text: boolean }): AsyncGenerator<ExportedConversation> {
    for (const view of views) {
      const messages: ExportedMessage[] = [];
      for (const { meta, text } of this.store.storedMessages(view.record.seqs, needs.text)) {
        const raw = needs.raw || (needs.text && text === undefined) ? await this.store.readRaw(meta.hash) : noBytes;
        messages.push({ meta, raw: needs.raw ? raw : noBytes, text: needs.text ? (text ?? (await this.parser.text(raw))) : '' });
      }
      yield { conversation: view, customer: this.conversations.customer(view.customer), notes: view.notes, messages };
    }
  }

  /**
   * Writes every conversation of `views` through `writer`; `onProgress` after each; attachments to
   * `saveAttachment` when given. Returns how many messages went out.
   */
  async export(
    views: ConversationView[],
    writer: ExportWriter,
    onProgress?: (conversations: number, messages: number) => void,
    saveAttachment?: (message: MessageMeta, index: number, name: string, content: Uint8Array) => Promise<unknown>,
  ): Promise<number> {
    let conversations = 0;
    let messages = 0;
    for await (const c of this.conversationsOf(views, { raw: writer.needs === 'raw' || saveAttachment !== undefined, text: writer.needs === 'text' })) {
      await writer.write(c);
      if (saveAttachment) {
        for (const m of c.messages) {
          if (m.meta.attachments.length === 0) continue;
          for (const [i, a] of (await this.parser.attachmentFiles(m.raw)).entries()) await saveAttachment(m.meta, i, a.name, a.content);
        }
      }
      conversations++;
      messages += c.messages.length;
      onProgress?.(conversations, messages);
    }
    await writer.end();
    return messages;
  }
}
