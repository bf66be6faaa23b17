/** JSON Lines: one conversation per line, with its messages, tags, notes and status (docs/json.md documents the shape). */
import type { ExportedConversation, ExportWriter } from '../../core/services/export-service.js';
import { renderJson } from './safe-json.js';
import type { Sink } from './stream-sink.js';

export function conversationRecord(c: ExportedConversation) {
  const v = c.conversation;
  return {
    id: v.id,
    subject: v.subject,
    customer: { email: c.customer.email, name: c.customer.name, notes: c.customer.notes },
    status: v.status,
    snoozedUntil: v.snoozedUntil,
    tags: v.tags,
    notes: c.notes,
    firstMessageAt: v.firstMessageAt,
    lastMessageAt: v.lastMessageAt,
    messages: c.messages.map(({ meta, text }) => ({
      id: meta.id,
      messageId: meta.messageId,
      direction: meta.direction === 'in' ? 'inbound' : 'outbound',
      date: meta.date,
      from: meta.from,
      to: meta.to,
      cc: meta.cc,
      subject: meta.subject,
      inReplyTo: meta.inReplyTo,
      references: meta.references,
      attachments: meta.attachments,
      sha256: meta.hash,
      text: text,
    })),
  };
}

export class JsonlWriter implements ExportWriter {
  readonly needs = 'text' as const;
  constructor(private readonly sink: Sink) {}

  async write(c: ExportedConversation): Promise<void> {
    // renderJson escapes every control character (C1 and DEL too: the file may end up on a terminal) and U+2028/9, so each line is one line for any reader.
    await this.sink.write(renderJson(conversationRecord(c), 0));
  }

  end(): Promise<void> {
    return this.sink.end();
  }
}
