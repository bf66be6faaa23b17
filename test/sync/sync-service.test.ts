/**
 * The sync service against a real Dovecot (started by test/global-setup.ts): first sync, incremental,
 * flags and keywords both ways, expunge, UIDVALIDITY change, a dropped connection.
 */
import { describe, expect, inject, it } from 'vitest';
import { changeUidValidity } from '../mail-harness/dovecot.js';
import { addFlags, appendMessages, expunge, fetchFlags, folderStatus, removeFlags } from '../mail-harness/mailbox.js';
import { exchange, storedMessages, syncFixture, syncServicesFor } from '../helpers/sync-fixture.js';
import { ImapMailServer } from '../../src/adapters/imap/imap-session.js';
import type { MailServer } from '../../src/core/ports/mail-server.js';
import { SyncService } from '../../src/core/services/sync-service.js';

const { dovecot } = inject('mail');

async function seeded(count: number) {
  const f = await syncFixture(dovecot);
  const talks = Array.from({ length: count }, (_, i) => exchange(i));
  const inboxUids = await appendMessages(dovecot, f.user, 'INBOX', talks.map((t) => t.question));
  const sentUids = await appendMessages(dovecot, f.user, 'Sent', talks.map((t) => t.reply!), ['\\Seen']);
  return { f, talks, inboxUids, sentUids, services: await syncServicesFor(f) };
}

async function storedMessageIds(services: Awaited<ReturnType<typeof syncServicesFor>>): Promise<string[]> {
  return storedMessages(services.store).map((m) => m.messageId);
}

describe('sync against Dovecot', () => {
  it('stores INBOX and Sent once, with each reply in its customer conversation, and a second sync adds nothing', async () => {
    const { services, talks } = await seeded(6);
    const first = await services.sync.sync();
    expect(first.folders.map((f) => [f.folder, f.role, f.added])).toEqual([
      ['INBOX', 'inbox', 6],
      ['Sent', 'sent', 6],
    ]);
    const ids = await storedMessageIds(services);
    expect(ids.sort()).toEqual(talks.flatMap((_, i) => [`<q${i}@example.com>`, `<r${i}@shop.example>`]).sort());
    const conversations = await services.conversations.list('');
    expect(conversations).toHaveLength(6);
    expect(conversations.every((c) => c.messageCount === 2 && c.status === 'waiting')).toBe(true);

    const again = await services.sync.sync();
    expect(again.added).toBe(0);
    expect(again.folders.map((f) => f.mode)).toEqual(['qresync', 'qresync']);
    expect(await storedMessageIds(services)).toHaveLength(12);
  });

  it('a sync that finds nothing to do, after one that pushed a tag, commits nothing (the store revision stays)', async () => {
    const { services } = await seeded(3);
    await services.sync.sync();
    const [c] = await services.conversations.list('subject:"Order 1001"');
    await services.conversations.tag([c.id], ['vip'], []);
    expect((await services.sync.sync()).folders.map((r) => r.pushed)).toEqual([1, 1]);
    // The push's own STOREs come back as changes once (new modseq); then the account is quiet.
    await services.sync.sync();
    const revision = services.store.revision();
    const quiet = await services.sync.sync();
    expect(quiet.folders.map((r) => [r.added, r.pulled, r.pushed])).toEqual([[0, 0, 0], [0, 0, 0]]);
    expect(services.store.revision()).toBe(revision);
  });

  it('fetches only what is new on the next sync, and new customer mail joins its conversation', async () => {
    const { f, services } = await seeded(3);
    await services.sync.sync();
    const followUp = exchange(0).question.toString().replace('<q0@example.com>', '<q0-more@example.com>').replace('Subject: Order 1000', 'Subject: Re: Order 1000\r\nIn-Reply-To: <r0@shop.example>').replace('09:00:00', '11:00:00');
    await appendMessages(dovecot, f.user, 'INBOX', [followUp, exchange(10, false).question]);
    const report = await services.sync.sync();
    expect(report.folders.find((r) => r.folder === 'INBOX')).toMatchObject({ added: 2, known: 0 });
    const list = await services.conversations.list('');
    expect(list).toHaveLength(4);
    const first = list.find((c) => c.subject === 'Order 1000')!;
    expect(first.messageCount).toBe(3);
    expect(first.status).toBe('open'); // the customer wrote again
  });

  it('takes tags and read marks set in another client, and sends back those set here', async () => {
    const { f, services, inboxUids, sentUids } = await seeded(3);
    await services.sync.sync();
    const [c0, c1, c2] = await Promise.all([0, 1, 2].map(async (i) => (await services.conversations.list(`subject:"Order ${1000 + i}"`))[0]));

    // Elsewhere: a keyword on the first question, the second question read, a client-internal keyword.
    await addFlags(dovecot, f.user, 'INBOX', [inboxUids[0]], ['refund', '$NotJunk']);
    await addFlags(dovecot, f.user, 'INBOX', [inboxUids[1]], ['\\Seen']);
    // Here: a tag and a read mark.
    await services.conversations.tag([c2.id], ['vip'], []);
    await services.conversations.markRead([c2.id], true);

    const report = await services.sync.sync();
    expect(report.folders[0].pulled).toBe(2);
    expect((await services.conversations.get(c0.id)).tags).toEqual(['refund']);
    expect((await services.conversations.get(c1.id)).isUnread).toBe(false);
    expect((await services.conversations.get(c0.id)).isUnread).toBe(true);

    const inbox = await fetchFlags(dovecot, f.user, 'INBOX');
    const sent = await fetchFlags(dovecot, f.user, 'Sent');
    expect([...inbox.get(inboxUids[2])!]).toEqual(expect.arrayContaining(['vip', '\\Seen']));
    expect([...sent.get(sentUids[2])!]).toContain('vip'); // the whole conversation carries its tags
    expect([...sent.get(sentUids[0])!]).toContain('refund');
    expect([...inbox.get(inboxUids[0])!]).toEqual(expect.arrayContaining(['refund', '$NotJunk']));

    // Removing on either side removes on the other.
    await services.conversations.tag([c2.id], [], ['vip']);
    await removeFlags(dovecot, f.user, 'INBOX', [inboxUids[0]], ['refund']);
    await services.sync.sync();
    expect((await services.conversations.get(c0.id)).tags).toEqual([]);
    const after = await fetchFlags(dovecot, f.user, 'INBOX');
    expect([...after.get(inboxUids[2])!]).not.toContain('vip');
    expect([...(await fetchFlags(dovecot, f.user, 'Sent')).get(sentUids[0])!]).not.toContain('refund');
    expect([...after.get(inboxUids[0])!]).toContain('$NotJunk'); // never ours to touch
    // A third sync finds nothing left to do on either side.
    const settled = await services.sync.sync();
    expect(settled.folders.map((r) => [r.pulled, r.pushed])).toEqual([[0, 0], [0, 0]]);
  });

  it('keeps mail expunged on the server, with its tags and notes, marked as gone from the server', async () => {
    const { f, services, inboxUids } = await seeded(2);
    await services.sync.sync();
    const [c] = await services.conversations.list('subject:"Order 1000"');
    await services.conversations.tag([c.id], ['refund'], []);
    await services.conversations.addNote(c.id, 'Refunded by bank transfer');
    await expunge(dovecot, f.user, 'INBOX', [inboxUids[0]]);

    const report = await services.sync.sync();
    expect(report.folders[0].vanished).toBe(1);
    const detail = await services.conversations.show(c.id);
    expect(detail.messages).toHaveLength(2);
    expect(detail.conversation.tags).toEqual(['refund']);
    expect(detail.conversation.notes.map((n) => n.text)).toEqual(['Refunded by bank transfer']);
    const question = detail.messages.find((m) => m.meta.messageId === '<q0@example.com>')!;
    expect(services.store.offServer(storedMessages(services.store).map((m) => m.seq))).toEqual(new Set([question.meta.seq]));
    expect(detail.messages.map((m) => [m.meta.messageId, m.deletedOnServer])).toEqual([
      ['<q0@example.com>', true],
      ['<r0@shop.example>', false],
    ]);
    expect((await services.sync.sync()).folders[0].vanished).toBe(0);
  });

  it('re-matches a folder whose UIDVALIDITY changed by Message-ID: nothing doubled, nothing lost, tags kept', async () => {
    const { f, services } = await seeded(4);
    await services.sync.sync();
    const [c] = await services.conversations.list('subject:"Order 1001"');
    await services.conversations.tag([c.id], ['vip'], []);
    await services.sync.sync();
    const before = (await folderStatus(dovecot, f.user, 'INBOX')).uidValidity;
    await changeUidValidity(dovecot, f.user.address, 'INBOX');
    expect((await folderStatus(dovecot, f.user, 'INBOX')).uidValidity).not.toBe(before);
    await appendMessages(dovecot, f.user, 'INBOX', [exchange(7, false).question]);
    // Meanwhile, in another client: a keyword on a renumbered message.
    const renumbered = [...(await fetchFlags(dovecot, f.user, 'INBOX')).keys()];
    await addFlags(dovecot, f.user, 'INBOX', [renumbered[0]], ['refund']);

    const report = await services.sync.sync();
    const inbox = report.folders[0];
    expect(inbox).toMatchObject({ uidValidityChanged: true, added: 1 });
    expect(await storedMessageIds(services)).toHaveLength(9);
    expect((await services.conversations.get(c.id)).tags).toEqual(['vip']);
    expect((await services.conversations.list('tag:refund')).map((x) => x.subject)).toEqual(['Order 1000']);
    expect(services.store.offServer(storedMessages(services.store).map((m) => m.seq))).toEqual(new Set());
    // The renumbered messages carry the tag on the server again, and the next sync is quiet.
    const flags = await fetchFlags(dovecot, f.user, 'INBOX');
    expect([...flags.values()].filter((s) => s.has('vip'))).toHaveLength(1);
    expect([...flags.values()].filter((s) => s.has('refund'))).toHaveLength(1);
    expect((await services.sync.sync()).folders[0]).toMatchObject({ added: 0, uidValidityChanged: false, pulled: 0, pushed: 0 });
  });

  it('syncs configured extra folders and warns about ones that do not exist', async () => {
    const f = await syncFixture(dovecot, { folders: ['Support', 'Nope'] });
    await appendMessages(dovecot, f.user, 'Support', [exchange(1, false).question]);
    const services = await syncServicesFor(f);
    const warnings: string[] = [];
    const report = await services.sync.sync({ onEvent: (e) => e.type === 'warning' && warnings.push(e.message) });
    expect(report.folders.map((r) => [r.folder, r.added])).toEqual([
      ['INBOX', 0],
      ['Sent', 0],
      ['Support', 1],
    ]);
    expect(warnings).toEqual(['folder "Nope" does not exist on the server']);
  });
});

describe('sync with a server without CONDSTORE/QRESYNC', () => {
  /** The same Dovecot, seen through a session that hides both extensions and modseqs. */
  function withoutModseq(server: MailServer): MailServer {
    return {
      identity: server.identity,
      async connect() {
        const s = await server.connect();
        return {
          capabilities: { condstore: false, qresync: false, idle: s.capabilities.idle },
          closed: s.closed,
          listFolders: () => s.listFolders(),
          open: async (path) => {
            const { highestModseq: _dropped, changesSince: _none, ...rest } = await s.open(path);
            return rest;
          },
          uidsFrom: (from) => s.uidsFrom(from),
          fetchMessages: (uids) => s.fetchMessages(uids),
          fetchFlags: (below) => s.fetchFlags(below),
          folderStatus: (path) => s.folderStatus(path),
          uidsWithHeader: (name, value) => s.uidsWithHeader(name, value),
          fetchMessageIds: (uids) => s.fetchMessageIds(uids),
          fetchIdentities: (uids) => s.fetchIdentities(uids),
          expunge: (uids) => s.expunge(uids),
          storeFlags: (uids, change) => s.storeFlags(uids, change),
          hasMessageId: (id) => s.hasMessageId(id),
          uidsWithMessageId: (id) => s.uidsWithMessageId(id),
          move: (uids, target) => s.move(uids, target),
          createFolder: (path) => s.createFolder(path),
          append: (path, raw, flags, date) => s.append(path, raw, flags, date),
          waitForChange: (ms, signal) => s.waitForChange(ms, signal),
          close: () => s.close(),
        };
      },
    };
  }

  it('finds flag changes by fetching all flags and expunges by the UID list', async () => {
    const { f, services, inboxUids } = await seeded(3);
    const account = services.config.account!;
    const server = withoutModseq(new ImapMailServer(account.imap, async () => ({ user: f.user.address, pass: f.user.password })));
    const sync = new SyncService(services.store, services.importer, services.conversations, server, { folders: [] });
    expect((await sync.sync()).folders.map((r) => [r.mode, r.added])).toEqual([['first', 3], ['first', 3]]);
    await addFlags(dovecot, f.user, 'INBOX', [inboxUids[1]], ['refund']);
    await expunge(dovecot, f.user, 'INBOX', [inboxUids[2]]);
    const report = await sync.sync();
    expect(report.folders[0]).toMatchObject({ mode: 'full', pulled: 1, vanished: 1, added: 0 });
    expect((await services.conversations.list('tag:refund')).map((c) => c.subject)).toEqual(['Order 1001']);
    expect((await sync.sync()).folders[0]).toMatchObject({ mode: 'full', pulled: 0, vanished: 0 });
  });
});
