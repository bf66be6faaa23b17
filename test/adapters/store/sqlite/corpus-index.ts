/**
 * A mail index holding real mail: corpus list archives parsed by the real MIME parser, turned into
 * message records as import turns them (messageMeta, messageSearchText), grouped by the pure
 * assembler and summarised as import summarises them. One list member plays the shop, so the
 * index holds both directions, waiting and answered conversations.
 */
import { createHash } from 'node:crypto';
import { readSources } from '../../../../src/adapters/sources/read-sources.js';
import { PostalMimeParser } from '../../../../src/adapters/mime/postal-mime-parser.js';
import { summariseConversation } from '../../../../src/core/domain/conversation.js';
import { assembleConversations } from '../../../../src/core/domain/conversation-relation.js';
import type { MessageMeta } from '../../../../src/core/domain/message.js';
import { normaliseMessageId } from '../../../../src/core/domain/message-ids.js';
import { shortId } from '../../../../src/core/domain/short-id.js';
import { baseSubjectKey } from '../../../../src/core/domain/subject.js';
import { groupingMessage, messageMeta, messageSearchText, syntheticMessageId } from '../../../../src/core/services/message-records.js';
import { recordParticipants, recordToRow } from '../../../../src/adapters/store/sqlite/map-conversation.js';
import type { MailIndexHandle } from '../../../../src/adapters/store/sqlite/mail-index.js';
import { corpus } from '../../../helpers/corpus.js';

const archives = ['httpd-users-2020-07.mbox', 'maven-dev-2017-11-listsao.mbox', 'asterix-dev-201709-mailarchivesao.mbox'];

/** Fills `index` with the corpus archives (the most frequent sender plays the shop); returns the number of messages. */
export async function importCorpus(index: MailIndexHandle): Promise<number> {
  const parser = new PostalMimeParser();
  const parsedAll = [];
  const seen = new Set<string>();
  const senders = new Map<string, number>();
  for await (const input of readSources(archives.map((a) => corpus('mbox/apache-ponymail', a))).inputs) {
    const hash = createHash('sha256').update(input.raw).digest('hex');
    const parsed = await parser.parse(input.raw);
    const messageId = normaliseMessageId(parsed.messageId) ?? syntheticMessageId({ hash, parsed });
    if (seen.has(messageId)) continue; // the archives overlap a little: one copy each
    seen.add(messageId);
    if (parsed.from) senders.set(parsed.from.email, (senders.get(parsed.from.email) ?? 0) + 1);
    parsedAll.push({ input, hash, parsed, messageId });
  }
  const shop = new Set([[...senders].sort((a, b) => b[1] - a[1])[0][0]]);
  const messages = parsedAll.map(({ input, hash, parsed, messageId }, n) => {
    const meta = messageMeta({ input: { ...input, seen: n % 5 === 0 }, hash, size: input.raw.length, content: hash, parsed }, messageId, {
      now: Date.parse('2030-01-01'),
      shop,
      markRead: false,
      sharesMessageId: false,
    });
    return { meta: { ...meta, seq: n }, searchText: messageSearchText(meta, parsed.newText), text: parsed.text };
  });
  const groups = assembleConversations(messages.map((m) => groupingMessage(m.meta)), 30 * 86_400_000);
  index.write((rev) => {
    for (const group of groups) {
      const members = group.map((g) => messages[g.seq]);
      const id = `c${shortId(members[0].meta.messageId, 9)}`;
      const rowids = index.messages.insert(
        rev,
        members.map((m) => ({ meta: m.meta, conversationId: id, baseSubject: baseSubjectKey(m.meta.subject), searchText: m.searchText, ...(m.text !== undefined ? { text: m.text } : {}) })),
      );
      const metas = members.map((m, i) => ({ ...m.meta, seq: rowids[i] }));
      for (const m of metas) index.customers.seen(m.customer, m.direction === 'in' ? (m.from?.name ?? '') : '', Date.parse(m.date));
      const record = summariseConversation(id, rev, metas);
      index.conversations.upsert(rev, recordToRow(record, (seq) => metas.find((m) => m.seq === seq)!.date), recordParticipants(record));
    }
  });
  return messages.length;
}
