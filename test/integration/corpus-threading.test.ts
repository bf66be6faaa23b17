/**
 * Threading against reference answers: the notmuch test sets and real list archives in the shared
 * corpus, with notmuch 0.37's threads as the oracle. h2h may join whole threads (subject fallback,
 * same customer), but must never split one, and must keep every message exactly once.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readSources } from '../../src/adapters/sources/read-sources.js';
import { corpus } from '../helpers/corpus.js';
import { allMessages, conversationsOf, importFixture, type ImportFixture } from '../helpers/import-fixture.js';

type Expected = { unique_messages?: number; threads: { message_ids: string[] }[] };

// The shop is nobody in these archives: every message is a customer's.
const archiveFixture = () => importFixture({ shop: ['shop@h2h.invalid'], subjectWindowDays: 30 });

async function importPaths(paths: string[]): Promise<ImportFixture> {
  const s = await archiveFixture();
  await s.importer.import(readSources(paths).inputs);
  return s;
}

function conversationOfMessage(s: ImportFixture): Map<string, string> {
  const out = new Map<string, string>();
  for (const [id, messageIds] of conversationsOf(s)) {
    for (const messageId of messageIds) {
      // One id may carry two different messages (kept and shown both): they still belong to one conversation.
      expect(out.get(messageId) ?? id, `${messageId} is in two conversations`).toBe(id);
      out.set(messageId, id);
    }
  }
  return out;
}

function expectNoSplit(s: ImportFixture, expected: Expected) {
  const conversationOf = conversationOfMessage(s);
  let checked = 0;
  for (const thread of expected.threads) {
    // notmuch names a message without Message-ID by its file's sha1; h2h has its own synthetic id for it (counted below).
    const ids = thread.message_ids.filter((id) => !id.startsWith('<notmuch-sha1-'));
    checked++;
    if (ids.length === 0) continue;
    const conversations = new Set(ids.map((id) => conversationOf.get(id)));
    expect(conversations.has(undefined), `missing messages of thread ${ids[0]}`).toBe(false);
    expect(conversations.size, `thread of ${ids[0]} split over ${[...conversations].join(', ')}`).toBe(1);
  }
  expect(checked).toBe(expected.threads.length);
  if (expected.unique_messages !== undefined) expect(conversationOf.size).toBe(expected.unique_messages);
  return conversationOf;
}

const json = (path: string): Expected => JSON.parse(readFileSync(path, 'utf8'));

describe('threading the corpus', () => {
  it.each(['notmuch-default', 'notmuch-threading', 'notmuch-broken-loop', 'notmuch-duplicate'])('never splits a %s thread', async (set) => {
    const s = await importPaths([corpus('threading', set)]);
    expectNoSplit(s, json(corpus('threading', set, 'expected-threads.notmuch.json')));
  });

  it.each([
    ['asterix-dev-201709-mailarchivesao'],
    ['httpd-users-2020-07'],
    ['maven-dev-2017-11-listsao'],
    ['maven-dev-2017-11-mailarchivesao'],
    ['maven-dev-2017-11-mboxvm'],
    ['maven-dev-2017-12-mailarchivesao'],
  ])('never splits a thread of the %s archive, and a second import adds nothing', async (name) => {
    const mbox = corpus('mbox/apache-ponymail', `${name}.mbox`);
    const s = await importPaths([mbox]);
    const expected = json(corpus('mbox/apache-ponymail', `${name}.threads.notmuch.json`));
    expectNoSplit(s, expected);
    const conversations = conversationsOf(s).size;
    expect(conversations).toBeLessThanOrEqual(expected.threads.length);
    const again = await s.importer.import(readSources([mbox]).inputs);
    expect(again.added).toBe(0);
    expect(conversationsOf(s).size).toBe(conversations);
  });

  it('threads November and December together, as one archive would', async () => {
    const s = await importPaths([corpus('mbox/apache-ponymail/maven-dev-2017-11-mailarchivesao.mbox'), corpus('mbox/apache-ponymail/maven-dev-2017-12-mailarchivesao.mbox')]);
    expectNoSplit(s, json(corpus('mbox/apache-ponymail/maven-dev-2017-11+12-mailarchivesao.threads.notmuch.json')));
  });

  it('recognises the same month exported by three archive services as the same mail', async () => {
    const files = ['listsao', 'mailarchivesao', 'mboxvm'].map((v) => corpus('mbox/apache-ponymail', `maven-dev-2017-11-${v}.mbox`));
    const s = await importPaths(files);
    expectNoSplit(s, json(corpus('mbox/apache-ponymail/maven-dev-2017-11-mailarchivesao.threads.notmuch.json')));
  });

  it('keeps the four exports of the duplicate set as ten messages', async () => {
    const files = ['listsao_1', 'listsao_2', 'mailarchivesao', 'mboxvm'].map((v) => corpus('mbox/apache-ponymail', `maven_duplicates_2017_${v}.mbox`));
    const s = await importPaths(files);
    expectNoSplit(s, json(corpus('mbox/apache-ponymail/maven_duplicates_2017.threads.notmuch.json')));
    expect(allMessages(s)).toHaveLength(10);
  });

  it('keeps the JWZ subject test set in one conversation', async () => {
    const data = JSON.parse(readFileSync(corpus('threading/cases/jwz-testthreader-ordered-subject.json'), 'utf8'));
    const s = await archiveFixture();
    await s.importer.import(
      (data.messages as { subject: string; message_id: string; date: string; references: string[] }[]).map((m) => ({
        raw: Buffer.from(`From: someone@ex.com\r\nSubject: ${m.subject}\r\nMessage-ID: ${m.message_id}\r\nDate: ${m.date}\r\n${m.references.length ? `References: ${m.references.join(' ')}\r\n` : ''}\r\nbody\r\n`),
        source: m.message_id,
        seen: false,
      })),
    );
    const conversations = [...conversationsOf(s).values()];
    expect(conversations).toHaveLength(1);
    expect(conversations[0]).toHaveLength(data.messages.length);
  });
});
