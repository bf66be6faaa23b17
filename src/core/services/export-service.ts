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

/** `text` is empty when the writer said it does not need it (mbox: the raw bytes are the message). */
export type ExportedMessage = { meta: MessageMeta; raw: Buffer; text: string };
export type ExportedConversation = { conversation: ConversationView; customer: CustomerView; notes: Note[]; messages: ExportedMessage[] };

export interface ExportWriter {
  /** Whether messages need their text (parsing every message is most of an export's time). */
  readonly needsText: boolean;
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

  /**
   * The conversations with their messages, in order. Reading a raw file is a round trip to the
   * disk, so the next conversations are read while this one is written (at most `ahead` of them in
   * memory); one at a time, an mbox export of 100,000 messages spent most of its time waiting.
   */
  async *conversationsOf(views: ConversationView[], needsText = true, ahead = 16): AsyncGenerator<ExportedConversation> {
    const load = async (view: ConversationView): Promise<ExportedConversation> => {
      const metas = await this.store.messages(view.record.seqs);
      const raws = await Promise.all(metas.map((m) => this.store.readRaw(m.hash)));
      const messages: ExportedMessage[] = [];
      for (const [i, meta] of metas.entries()) messages.push({ meta, raw: raws[i], text: needsText ? await this.parser.text(raws[i]) : '' });
      return { conversation: view, customer: this.conversations.customer(view.customer), notes: view.notes, messages };
    };
    const pending: Promise<ExportedConversation>[] = [];
    let next = 0;
    const fill = () => {
      while (pending.length < ahead && next < views.length) {
        const p = load(views[next++]);
        p.catch(() => {}); // awaited in order below
        pending.push(p);
      }
    };
    fill();
    while (pending.length > 0) {
      const c = await pending.shift()!;
      fill();
      yield c;
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
    for await (const c of this.conversationsOf(views, writer.needsText)) {
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
