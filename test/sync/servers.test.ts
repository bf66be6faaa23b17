/**
 * The sync, watch and reply-filing paths against other IMAP servers than the stock Dovecot: Cyrus 3.6
 * (Debian's layout and the altnamespace one, no idled), Courier-IMAP 5.0 (no UIDNEXT in SELECT, no
 * CONDSTORE) and Dovecot itself, each started by test/global-setup.ts on loopback.
 */
import { afterAll, describe, expect, inject, it } from 'vitest';
import { addFlags, appendMessages, crlf, expunge, fetchFlags, fetchSources } from '../mail-harness/mailbox.js';
import { startSmtpSink, type SmtpSink } from '../mail-harness/smtp-sink.js';
import { spawnCli } from '../helpers/spawn-cli.js';
import { ImapMailServer } from '../../src/adapters/imap/imap-session.js';
import type { TestServerEnv } from '../mail-harness/test-server.js';
import { exchange, syncFixture, syncServicesFor, watchLatency } from '../helpers/sync-fixture.js';

const mail = inject('mail');
const servers: [string, TestServerEnv][] = [
  ['Dovecot', { ...mail.dovecot, kind: 'dovecot', sentFolder: 'Sent', separator: '/' }],
  ['Cyrus (Debian layout)', mail.others.cyrus],
  ['Cyrus (altnamespace)', mail.others.cyrusAlt],
  ['Courier', mail.others.courier],
];

let sink: SmtpSink | undefined;
afterAll(async () => sink?.stop());

async function seeded(server: TestServerEnv, count: number) {
  const f = await syncFixture(server);
  const talks = Array.from({ length: count }, (_, i) => exchange(i));
  const inboxUids = await appendMessages(server, f.user, 'INBOX', talks.map((t) => crlf(t.question)));
  const sentUids = await appendMessages(server, f.user, server.sentFolder, talks.map((t) => crlf(t.reply!)), ['\\Seen']);
  return { f, talks, inboxUids, sentUids, services: await syncServicesFor(f) };
}

describe.each(servers)('sync against %s', (_name, server) => {
  it('stores INBOX and Sent once, in their conversations, and a resync adds nothing', async () => {
    const { services } = await seeded(server, 3);
    const first = await services.sync.sync();
    expect(first.folders.map((f) => [f.folder, f.role, f.added])).toEqual([
      ['INBOX', 'inbox', 3],
      [server.sentFolder, 'sent', 3],
    ]);
    const conversations = await services.conversations.list('');
    expect(conversations.map((c) => c.messageCount)).toEqual([2, 2, 2]);
    const again = await services.sync.sync();
    expect(again.added).toBe(0);
  });

  it('puts the status on the conversation\'s messages as a keyword other clients can search, and takes it off again', async () => {
    const { f, services, inboxUids, sentUids } = await seeded(server, 2);
    await services.sync.sync();
    const [c0] = await services.conversations.list('subject:"Order 1000"');
    await services.conversations.setStatus([c0.id], 'closed');
    await services.sync.sync();
    const lower = (flags: Set<string> | undefined) => [...(flags ?? [])].map((x) => x.toLowerCase());
    expect(lower((await fetchFlags(server, f.user, 'INBOX')).get(inboxUids[0]))).toContain('$h2h-closed');
    expect(lower((await fetchFlags(server, f.user, server.sentFolder)).get(sentUids[0]))).toContain('$h2h-closed');
    expect(lower((await fetchFlags(server, f.user, 'INBOX')).get(inboxUids[1]))).not.toContain('$h2h-closed');
    // Never a tag here.
    expect((await services.conversations.get(c0.id)).tags).toEqual([]);
    await services.conversations.setStatus([c0.id], 'open');
    await services.sync.sync();
    expect(lower((await fetchFlags(server, f.user, 'INBOX')).get(inboxUids[0]))).not.toContain('$h2h-closed');
  });

  it('pulls keywords and read marks set elsewhere, and pushes a tag set here', async () => {
    const { f, services, inboxUids } = await seeded(server, 2);
    await services.sync.sync();
    await addFlags(server, f.user, 'INBOX', [inboxUids[0]], ['refund', '\\Seen']);
    const [c0] = await services.conversations.list('subject:"Order 1000"');
    const [c1] = await services.conversations.list('subject:"Order 1001"');
    await services.conversations.tag([c1.id], ['vip'], []);
    await services.sync.sync();
    expect((await services.conversations.get(c0.id)).tags).toEqual(['refund']);
    expect((await services.conversations.get(c0.id)).isUnread).toBe(false);
    expect([...(await fetchFlags(server, f.user, 'INBOX')).get(inboxUids[1])!]).toContain('vip');
  });

  it('sees a deletion made elsewhere and sends a read mark made here', async () => {
    const { f, services, inboxUids } = await seeded(server, 3);
    await services.sync.sync();
    await expunge(server, f.user, 'INBOX', [inboxUids[2]]);
    const [c1] = await services.conversations.list('subject:"Order 1001"');
    await services.conversations.markRead([c1.id], true);
    const report = await services.sync.sync();
    expect(report.folders[0].vanished).toBe(1);
    expect([...(await fetchFlags(server, f.user, 'INBOX')).get(inboxUids[1])!]).toContain('\\Seen');
    const positions = ['INBOX', server.sentFolder].map((path) => services.store.folder(path)?.uidNext);
    expect(positions.every((n) => Number.isInteger(n) && n! > 1)).toBe(true);
  });

  it('--watch stores new mail within 10 s (IDLE that only polls, or none: a NOOP every pollSeconds)', async () => {
    const { f, services } = await seeded(server, 1);
    const latency = await watchLatency(services, () => appendMessages(server, f.user, 'INBOX', [crlf(exchange(7, false).question)]));
    process.stderr.write(`watch latency on ${server.kind}: ${latency} ms\n`);
    expect(latency).toBeGreaterThanOrEqual(0);
    expect(latency).toBeLessThan(10_000);
  });

  it('files a multi-line reply in Sent as the exact CRLF bytes sent, and sets \\Answered', async () => {
    sink ??= await startSmtpSink({ lmtpPort: mail.dovecot.lmtpPort });
    const f = await syncFixture(server, { smtp: { host: '127.0.0.1', port: sink.port, user: 'shop', tls: 'none' } });
    const [questionUid] = await appendMessages(server, f.user, 'INBOX', [crlf(exchange(0, false).question)]);
    const env = { ...f.env, H2H_SMTP_PASSWORD: 'any' };
    expect((await spawnCli(['sync'], { env })).code).toBe(0);
    const [conversation] = JSON.parse((await spawnCli(['list', '--json'], { env })).stdout) as { id: string }[];
    const before = sink.messages.length;
    const text = 'Thank you.\nYour order left today.\n\n> Where is it?\nHyvää päivää\n';
    const sent = await spawnCli(['reply', conversation.id, '--body-file', '-', '--send'], { env, stdin: text });
    expect(sent.stderr).not.toMatch(/not in the Sent folder|warning/);
    expect(sent.code).toBe(0);
    const onWire = sink.messages.slice(before).find((m) => m.raw.includes('Your order left today'))!.raw;
    const inSent = [...(await fetchSources(server, f.user, server.sentFolder)).values()];
    expect(inSent).toHaveLength(1);
    expect(inSent[0].equals(onWire)).toBe(true);
    expect(/(?<!\r)\n|\r(?!\n)/.test(inSent[0].toString('latin1'))).toBe(false);
    expect([...(await fetchFlags(server, f.user, 'INBOX')).get(questionUid)!]).toContain('\\Answered');
  });

  it('moves spam to the Junk folder (made beside Sent) with $Junk, and unspam brings it back to INBOX', async () => {
    const { f, talks, services } = await seeded(server, 2);
    await services.sync.sync();
    const [c] = await services.conversations.list('subject:"Order 1000"');
    const report = await services.spam.spam([c.id]);
    const junk = server.sentFolder.replace(/Sent$/, 'Junk');
    expect(report.server).toEqual({ moved: { folder: junk, moved: 1, problems: [] } });
    const id = (raw: Buffer) => /^Message-ID:\s*(<[^>]+>)/im.exec(raw.toString('latin1'))![1];
    const inJunk = [...(await fetchSources(server, f.user, junk)).values()].map(id);
    expect(inJunk).toEqual([id(talks[0].question)]);
    expect([...(await fetchFlags(server, f.user, junk)).values()].map((flags) => flags.has('$Junk'))).toEqual([true]);
    expect((await fetchSources(server, f.user, 'INBOX')).size).toBe(1);
    const back = await services.spam.unspam([c.id]);
    expect(back.server).toEqual({ moved: { folder: junk, moved: 1, problems: [] } });
    expect((await fetchSources(server, f.user, 'INBOX')).size).toBe(2);
    expect((await fetchSources(server, f.user, junk)).size).toBe(0);
    await services.sync.sync();
    expect((await services.conversations.list('')).length).toBe(2);
  });
});

describe('a server error', () => {
  it("carries the server's own words, not imapflow's \"Command failed\"", async () => {
    const server = mail.others.cyrus;
    const f = await syncFixture(server);
    const services = await syncServicesFor(f);
    const session = await new ImapMailServer(services.config.account!.imap, async () => ({ user: f.user.address, pass: f.user.password })).connect();
    try {
      // Cyrus refuses bare LF in APPEND.
      await expect(session.append(server.sentFolder, Buffer.from('Subject: x\r\n\r\na\nb\r\n'), [])).rejects.toThrow(/refused APPEND: Message contains bare newlines/);
    } finally {
      await session.close();
    }
  });
});
