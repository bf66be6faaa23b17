/**
 * A conversation's attachments, numbered across the whole conversation in the order `show` and the
 * TUI list its messages (1, 2, 3… however many messages carry them): what `h2h attachments` lists
 * and saves and what the TUI opens, saves and pipes. Inline images and attached messages
 * (message/rfc822, a forwarded mail) are attachments like any other.
 *
 * The list comes from what the store kept at import; the bytes are parsed again from the message's
 * raw file when asked for, one message at a time.
 */
import type { Address } from '../domain/address.js';
import type { AttachmentInfo, Direction, MessageBody } from '../domain/message.js';
import { NotFoundError, UsageError } from '../errors.js';
import type { MailStore } from '../ports/mail-store.js';
import type { MessageParser, ParsedMessage } from '../ports/message-parser.js';
import type { ConversationService } from './conversation-service.js';

export type ConversationAttachment = AttachmentInfo & {
  /** 1-based, across the conversation. */
  number: number;
  /** Its place among its own message's attachments (0-based). */
  index: number;
  message: { id: string; seq: number; hash: string; date: string; from: Address | null; direction: Direction };
};

export type AttachmentFile = { attachment: ConversationAttachment; content: Uint8Array };

/** An attached message (a forwarded mail) read as a message: its header fields and its text. */
export type AttachedMessage = { attachment: ConversationAttachment; message: ParsedMessage; body: MessageBody };

export class AttachmentService {
  constructor(
    private readonly store: MailStore,
    private readonly parser: MessageParser,
    private readonly conversations: ConversationService,
  ) {}

  /** Every attachment of the conversation `idOrPrefix`, numbered. */
  list(idOrPrefix: string): { conversationId: string; attachments: ConversationAttachment[] } {
    const { id, seqs } = this.conversations.messagesOf(idOrPrefix);
    const attachments: ConversationAttachment[] = [];
    for (const { meta } of this.store.storedMessages(seqs, false)) {
      meta.attachments.forEach((a, index) =>
        attachments.push({ ...a, number: attachments.length + 1, index, message: { id: meta.id, seq: meta.seq, hash: meta.hash, date: meta.date, from: meta.from, direction: meta.direction } }),
      );
    }
    return { conversationId: id, attachments };
  }

  /** Attachment `number`, a forwarded message, read as a message (parsed as any mail is: bounded, never trusted). */
  async message(idOrPrefix: string, number: number): Promise<AttachedMessage> {
    const [{ attachment, content }] = await this.files(idOrPrefix, [number]);
    if (!messageTypes.has(attachment.type.toLowerCase())) throw new UsageError(`attachment ${number} is ${attachment.type || 'of no type'}, not a message`);
    return { attachment, message: await this.parser.parse(content), body: await this.parser.body(content) };
  }

  /** The attachments numbered `numbers` (every one when empty), in the order asked; a number it does not have is a UsageError. */
  select(idOrPrefix: string, numbers: number[] = []): ConversationAttachment[] {
    const { conversationId, attachments } = this.list(idOrPrefix);
    return numbers.length ? numbers.map((n) => pick(attachments, n, conversationId)) : attachments;
  }

  /** `select`, with their bytes. */
  async files(idOrPrefix: string, numbers: number[] = []): Promise<AttachmentFile[]> {
    const chosen = this.select(idOrPrefix, numbers);
    const out: AttachmentFile[] = [];
    // One message parsed at a time, once however many of its attachments are asked for.
    let parsedHash = '';
    let parsed: { content: Uint8Array }[] = [];
    for (const attachment of chosen) {
      if (parsedHash !== attachment.message.hash) {
        parsed = await this.parser.attachmentFiles(await this.store.readRaw(attachment.message.hash));
        parsedHash = attachment.message.hash;
      }
      const file = parsed[attachment.index];
      if (!file) throw new NotFoundError(`attachment ${attachment.number} of ${this.conversations.resolveId(idOrPrefix)} could not be read from its message's raw file (message ${attachment.message.id})`);
      out.push({ attachment, content: file.content });
    }
    return out;
  }
}

/** Types that hold a whole message (RFC 5322), as mail programs attach a forwarded one. */
const messageTypes = new Set(['message/rfc822', 'message/global']);

function pick(attachments: ConversationAttachment[], n: number, conversationId: string): ConversationAttachment {
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`attachment numbers start at 1: ${n}`);
  const found = attachments[n - 1];
  if (!found) throw new UsageError(attachments.length ? `conversation ${conversationId} has ${attachments.length} attachment${attachments.length === 1 ? '' : 's'}, not ${n}` : `conversation ${conversationId} has no attachments`);
  return found;
}
