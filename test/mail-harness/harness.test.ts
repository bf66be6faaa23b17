// The mail test harness itself: the shared servers from globalSetup, the mailbox helpers, and a
// private Dovecot for restarts.
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { changeUidValidity, imapSession, masterPid, startDovecot, type Dovecot } from './dovecot.js';
import { addFlags, appendMessages, expunge, fetchFlags, fetchSources, folderStatus, removeFlags, setFlags, uniqueUser, withImap } from './mailbox.js';

const mail = inject('mail');
const message = (i: number) => `From: Anna <anna@example.com>\r\nTo: riitta@shop.example\r\nSubject: Order ${i}\r\nMessage-ID: <harness-${i}@example.com>\r\nDate: Mon, 1 Jan 2024 10:0${i}:00 +0000\r\n\r\nHello ${i}\r\n`;

describe('shared Dovecot', () => {
  it('stores appended messages for a fresh user and gives them back', async () => {
    const user = await uniqueUser(mail.dovecot, 'harness');
    const uids = await appendMessages(mail.dovecot, user, 'INBOX', [1, 2, 3].map(message), ['\\Seen']);
    expect(uids).toEqual([1, 2, 3]);
    const sources = await fetchSources(mail.dovecot, user, 'INBOX');
    expect([...sources.keys()]).toEqual(uids);
    expect(sources.get(2)!.toString()).toBe(message(2));
    const sent = await appendMessages(mail.dovecot, user, 'Sent', [message(4)]);
    expect((await fetchSources(mail.dovecot, user, 'Sent')).get(sent[0])!.toString()).toBe(message(4));
  });

  it('sets, adds and removes flags and expunges single messages', async () => {
    const user = await uniqueUser(mail.dovecot, 'flags');
    const [a, b, c] = await appendMessages(mail.dovecot, user, 'INBOX', [1, 2, 3].map(message));
    await addFlags(mail.dovecot, user, 'INBOX', [a, b], ['$refund', '\\Flagged']);
    await removeFlags(mail.dovecot, user, 'INBOX', [b], ['\\Flagged']);
    await setFlags(mail.dovecot, user, 'INBOX', [c], ['\\Seen']);
    await expunge(mail.dovecot, user, 'INBOX', [a]);
    const flags = await fetchFlags(mail.dovecot, user, 'INBOX');
    expect([...flags.keys()]).toEqual([b, c]);
    expect([...flags.get(b)!]).toEqual(['$refund']);
    expect([...flags.get(c)!]).toEqual(['\\Seen']);
  });

  it('offers STARTTLS and upgrades with the harness certificate', async () => {
    const greeting = await imapSession(mail.dovecot.port, []);
    expect(greeting).toMatch(/STARTTLS/);
    const user = await uniqueUser(mail.dovecot, 'tls');
    await withImap(mail.dovecot, user, async (client) => expect(client.secureConnection).toBe(true));
  });

  it('changes UIDVALIDITY and keeps the messages', async () => {
    const user = await uniqueUser(mail.dovecot, 'uidvalidity');
    await appendMessages(mail.dovecot, user, 'INBOX', [1, 2, 3].map(message));
    const before = await folderStatus(mail.dovecot, user, 'INBOX');
    const changed = await changeUidValidity(mail.dovecot, user.address, 'INBOX');
    const after = await folderStatus(mail.dovecot, user, 'INBOX');
    expect(after.uidValidity).toBe(changed);
    expect(after.uidValidity).not.toBe(before.uidValidity);
    expect(after.messages).toBe(3);
    expect([...(await fetchSources(mail.dovecot, user, 'INBOX')).values()].map(String)).toEqual([1, 2, 3].map(message));
  });

  it('delivers what the SMTP sink accepts into the recipient’s INBOX', async () => {
    const user = await uniqueUser(mail.dovecot, 'smtp');
    const transport = nodemailer.createTransport({ host: mail.smtp.host, port: mail.smtp.port, secure: false, auth: { user: 'riitta@shop.example', pass: 'anything' } });
    try {
      await transport.sendMail({ from: 'riitta@shop.example', to: user.address, subject: 'Your refund', text: 'Done today.' });
    } finally {
      transport.close();
    }
    const [raw] = (await fetchSources(mail.dovecot, user, 'INBOX')).values();
    expect(raw.toString()).toMatch(/Subject: Your refund/);
  });
});

describe('Dovecot without TLS', () => {
  it('advertises neither STARTTLS nor an IMAPS port', async () => {
    expect(mail.noTls.tlsPort).toBeNull();
    const transcript = await imapSession(mail.noTls.port, ['CAPABILITY']);
    expect(transcript).toMatch(/^\* CAPABILITY IMAP4rev1/m);
    expect(transcript).not.toMatch(/STARTTLS/);
  });

  it('still serves mail in plain text', async () => {
    const user = await uniqueUser(mail.noTls, 'plain');
    await appendMessages(mail.noTls, user, 'INBOX', [message(1)]);
    await withImap(mail.noTls, user, async (client) => expect(client.secureConnection).toBe(false));
    expect((await folderStatus(mail.noTls, user, 'INBOX')).messages).toBe(1);
  });
});

describe('a private Dovecot', () => {
  let dovecot: Dovecot;
  beforeAll(async () => {
    dovecot = await startDovecot();
  });
  afterAll(async () => {
    await dovecot?.stop();
  });

  it('restarts on the same ports with the same mail and a new master', async () => {
    const user = await uniqueUser(dovecot, 'restart');
    await appendMessages(dovecot, user, 'INBOX', [1, 2].map(message));
    const { port, tlsPort, lmtpPort, pid } = dovecot;
    await dovecot.restart();
    expect({ port: dovecot.port, tlsPort: dovecot.tlsPort, lmtpPort: dovecot.lmtpPort }).toEqual({ port, tlsPort, lmtpPort });
    expect(dovecot.pid).not.toBe(pid);
    expect(masterPid(dovecot)).toBe(dovecot.pid);
    const status = await folderStatus(dovecot, user, 'INBOX');
    expect(status.messages).toBe(2);
    // A user added after the restart can log in too (SIGHUP goes to the new master).
    const later = await uniqueUser(dovecot, 'after-restart');
    expect((await folderStatus(dovecot, later, 'INBOX')).messages).toBe(0);
  });
});
