/** Messages and conversations for the SQLite index tests, built as import builds them (summariseConversation). */
import { summariseConversation } from '../../../../src/core/domain/conversation-summary.js';
import type { MessageMeta } from '../../../../src/core/domain/message.js';
import { baseSubjectKey } from '../../../../src/core/domain/subject.js';
import { recordParticipants, recordToRow } from '../../../../src/adapters/store/sqlite/map-conversation.js';
import { openMailIndex, type MailIndexHandle } from '../../../../src/adapters/store/sqlite/mail-index.js';
import { tempDir } from '../../../helpers/temp-dir.js';

let counter = 0;

export function meta(over: Partial<MessageMeta> = {}): Omit<MessageMeta, 'seq'> {
  const n = ++counter;
  return {
    id: `m${n.toString(36)}x`,
    messageId: `<msg${n}@example.com>`,
    isSyntheticId: false,
    hash: `hash${n}`.padEnd(64, '0'),
    content: `content${n}`,
    size: 100 + n,
    date: new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString(),
    from: { name: 'Anna Virtanen', email: 'anna@example.com' },
    to: [{ name: 'Shop', email: 'shop@example.com' }],
    cc: [],
    replyTo: [],
    subject: 'Order 1234',
    references: [],
    inReplyTo: [],
    inReplyToWellFormed: true,
    direction: 'in',
    customer: 'anna@example.com',
    attachments: [],
    snippet: 'Hello',
    seenOnArrival: false,
    source: 'imap:INBOX',
    ...over,
  };
}

export const openTemp = (): MailIndexHandle & { dir: string } => {
  const dir = tempDir('h2h-sqlite-');
  return { ...openMailIndex(dir), dir };
};

/** Adds messages to a conversation (new or not) of these messages (each with its search text) in one write transaction; returns the rowids. */
export function addConversation(index: MailIndexHandle, id: string, messages: { meta: Omit<MessageMeta, 'seq'>; text: string }[]): number[] {
  return index.write((rev) => {
    const rowids = index.messages.insert(
      rev,
      messages.map((m) => ({ meta: m.meta, conversationId: id, baseSubject: baseSubjectKey(m.meta.subject), searchText: m.text, text: m.text })),
    );
    // The conversation is re-summarised from all its messages, as import does when mail joins it.
    const metas: MessageMeta[] = index.messages.ofConversation(id);
    const record = summariseConversation(id, index.conversations.row(id)?.created_rev ?? rev, metas);
    const dateOf = (seq: number) => metas.find((m) => m.seq === seq)!.date;
    index.conversations.upsert(rev, recordToRow(record, dateOf), recordParticipants(record));
    return rowids;
  });
}
