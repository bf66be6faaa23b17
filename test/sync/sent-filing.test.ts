/**
 * Sent-reply filing on its own (SentFilingService), against the test Dovecot: the copy goes to the
 * configured Sent folder as CRLF bytes (or nowhere with saveSentCopy: false), and \Answered goes on
 * the customer's message in every folder the sync saw it in.
 */
import { describe, expect, inject, it } from 'vitest';
import { ImapMailServer } from '../../src/adapters/imap/imap-session.js';
import { SentFilingService } from '../../src/core/services/sent-filing-service.js';
import { appendMessages, crlf, ensureFolder, fetchFlags, fetchSources, withImap } from '../mail-harness/mailbox.js';
import { exchange, syncFixture, syncServicesFor, type SyncFixture } from '../helpers/sync-fixture.js';

const { dovecot } = inject('mail');
/** A synced account whose customer question sits in INBOX and in Archive; the filing service for it. */
async function answeredSetup(settings: { saveSentCopy?: boolean }) {
  const f: SyncFixture = await syncFixture(dovecot, { folders: ['Archive'], sentFolder: 'Outgoing' });
  await withImap(dovecot, f.user, (c) => ensureFolder(c, 'Outgoing'));
  const { question, reply } = exchange(0);
  const [inInbox] = await appendMessages(dovecot, f.user, 'INBOX', [crlf(question)]);
  const [inArchive] = await appendMessages(dovecot, f.user, 'Archive', [crlf(question)]);
  const services = await syncServicesFor(f);
  await services.sync.sync();
  const [{ seq }] = services.store.uidRecords('INBOX', [inInbox]);
  const server = new ImapMailServer(services.config.account!.imap, async () => ({ user: f.user.address, pass: f.user.password }));
  const filing = new SentFilingService(services.store, server, { sentFolder: 'Outgoing', ...settings });
  return { f, filing, seq, reply: reply!, inInbox, inArchive };
}

describe('SentFilingService', () => {
  it('appends the reply to the configured Sent folder as CRLF and sets \\Answered wherever the question is', async () => {
    const { f, filing, seq, reply, inInbox, inArchive } = await answeredSetup({});
    expect(await filing.fileSent(reply, { seq, flag: '\\Answered' })).toEqual({ marked: true });
    const filed = [...(await fetchSources(dovecot, f.user, 'Outgoing')).values()];
    expect(filed.map((b) => b.toString('latin1'))).toEqual([crlf(reply).toString('latin1')]);
    expect([...(await fetchFlags(dovecot, f.user, 'Outgoing')).values()].map((s) => s.has('\\Seen'))).toEqual([true]);
    expect([...(await fetchFlags(dovecot, f.user, 'INBOX')).get(inInbox)!]).toContain('\\Answered');
    expect([...(await fetchFlags(dovecot, f.user, 'Archive')).get(inArchive)!]).toContain('\\Answered');
  });

  it('with saveSentCopy: false files no copy, and still sets \\Answered', async () => {
    const { f, filing, seq, reply, inInbox } = await answeredSetup({ saveSentCopy: false });
    expect(await filing.fileSent(reply, { seq, flag: '\\Answered' })).toEqual({ marked: true });
    expect((await fetchSources(dovecot, f.user, 'Outgoing')).size).toBe(0);
    expect([...(await fetchFlags(dovecot, f.user, 'INBOX')).get(inInbox)!]).toContain('\\Answered');
  });

  it('a message the sync never saw on the server: filed, not answered, no note', async () => {
    const { f, filing, seq, reply } = await answeredSetup({});
    expect(await filing.fileSent(reply, { seq: seq + 1000, flag: '\\Answered' })).toEqual({ marked: false });
    expect((await fetchSources(dovecot, f.user, 'Outgoing')).size).toBe(1);
    expect([...(await fetchFlags(dovecot, f.user, 'INBOX')).values()].some((s) => s.has('\\Answered'))).toBe(false);
  });

  it('filed again after a try that was not recorded (h2h killed after the APPEND): the copy in Sent is not doubled', async () => {
    const { f, filing, seq, reply } = await answeredSetup({});
    const messageId = /^Message-ID: (.*)$/im.exec(reply.toString('latin1'))![1].trim();
    expect(await filing.fileSent(reply, { seq, flag: '\\Answered' })).toEqual({ marked: true });
    // The retry of a filing whose record was lost finds the copy and appends nothing.
    expect(await filing.fileSent(reply, { seq, flag: '\\Answered' }, { messageId })).toEqual({ marked: true });
    expect((await fetchSources(dovecot, f.user, 'Outgoing')).size).toBe(1);
    // A retry when the first APPEND never happened still files it.
    const other = await answeredSetup({});
    expect(await other.filing.fileSent(other.reply, { seq: other.seq, flag: '\\Answered' }, { messageId })).toEqual({ marked: true });
    expect((await fetchSources(dovecot, other.f.user, 'Outgoing')).size).toBe(1);
  });
});
