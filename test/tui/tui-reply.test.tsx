/**
 * Replying from the TUI against the test Dovecot and a real SMTP server on loopback: r, type,
 * review, send; U takes a reply back within the undo delay; the reply that goes is sent once,
 * filed in Sent, and shows in the conversation.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import PostalMime from 'postal-mime';
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { systemClock } from '../../src/core/ports/clock.js';
import { appendMessages, ensureFolder, fetchSources, withImap } from '../mail-harness/mailbox.js';
import { startSmtpSink, type SmtpSink } from '../mail-harness/smtp-sink.js';
import { keys, renderTui } from '../helpers/render-tui.js';
import { exchange, syncFixture, syncServicesFor } from '../helpers/sync-fixture.js';

const sinks: SmtpSink[] = [];
afterEach(async () => {
  cleanup();
  for (const s of sinks.splice(0)) await s.stop();
});

/** A shop on the test Dovecot with one question from Anna, an SMTP sink, and the TUI open on them. */
async function openShop(undoSendSeconds: number) {
  const { dovecot } = inject('mail');
  const sink = await startSmtpSink({ lmtpPort: dovecot.lmtpPort });
  sinks.push(sink);
  const f = await syncFixture(dovecot, { smtp: { host: '127.0.0.1', port: sink.port, user: 'shop', tls: 'none' }, undoSendSeconds });
  await withImap(dovecot, f.user, (c) => ensureFolder(c, 'Sent'));
  const { question, questionId } = exchange(0, false);
  await appendMessages(dovecot, f.user, 'INBOX', [question]);
  const services = await syncServicesFor(f, { H2H_SMTP_PASSWORD: 'any' });
  const t = renderTui({ conversations: services.conversations, sync: services.sync, replies: services.replies, clock: systemClock }, { columns: 100, rows: 30 });
  return { dovecot, sink, f, services, t, questionId };
}

describe('TUI replies', () => {
  it('r, write, review, send; U takes it back in time; sent once, in Sent, in the conversation', async () => {
    const { dovecot, sink, f, services, t } = await openShop(1);
    await t.waitFor('Order 1000');
    t.press(keys.enter);
    await t.waitFor('1st conversation');
    t.press('r');
    await t.waitFor('Reply — writing');
    expect(t.frame()).toContain('To:      Anna Korhonen <anna@example.com>');
    expect(t.frame()).toContain('Subject: Re: Order 1000');
    expect(t.frame()).toContain('Hi Anna,');
    t.press('It left today.');
    t.press(keys.escape);
    await t.waitFor('Reply — review');
    t.press('y');
    await t.waitFor('U takes it back');
    t.press('U');
    await t.waitFor('taken back: your reply is a draft again');
    expect(t.frame()).toContain('It left today.');
    await t.writeReply(' Tracking follows.', '');
    t.press('y');
    await t.waitFor('sent to anna@example.com');
    expect(sink.messages).toHaveLength(1);
    const raw = sink.messages[0].raw.toString('utf8');
    expect(raw).toContain('\r\n\r\nHi Anna,\r\n\r\nIt left today. Tracking follows.\r\n\r\nBest wishes,\r\nRiitta Virtanen\r\n');
    await vi.waitFor(async () => expect((await fetchSources(dovecot, f.user, 'Sent')).size).toBe(1));
    const [c] = await services.conversations.list('');
    expect(c).toMatchObject({ status: 'waiting', messageCount: 2 });
  });

  it('stops a reply when the customer writes again meanwhile, shows the new message, and keeps the words', async () => {
    const { dovecot, sink, f, services, t, questionId } = await openShop(0);
    await t.waitFor('● live');
    t.press(keys.enter);
    await t.waitFor('1st conversation');
    t.press('r');
    await t.waitFor('Reply — writing');
    t.press('It left today.');
    // Anna writes again while the reply is open; the live sync brings it in.
    const again = Buffer.from(`From: Anna Korhonen <anna@example.com>\r\nTo: Riitta Virtanen <riitta@shop.example>\r\nSubject: Re: Order 1000\r\nMessage-ID: <again@example.com>\r\nIn-Reply-To: ${questionId}\r\nReferences: ${questionId}\r\nDate: ${new Date().toUTCString()}\r\n\r\nNever mind, it arrived!\r\n`);
    await appendMessages(dovecot, f.user, 'INBOX', [again]);
    await vi.waitFor(async () => expect((await services.conversations.list(''))[0].messageCount).toBe(2), { timeout: 10_000 });
    t.press(keys.escape);
    await t.waitFor('Reply — review');
    t.press('y');
    await t.waitFor('not sent: 1 new message');
    await t.waitFor('Never mind, it arrived!');
    expect(sink.messages).toHaveLength(0);
    // r brings the words back, and now the reply may go.
    t.press('r');
    await t.waitFor('It left today.');
  });
  it('a attaches a file in the review, kept with the draft across a restart, D removes one; y sends its exact bytes, filed in Sent', async () => {
    const { dovecot, sink, f, services, t } = await openShop(0);
    const label = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 13 + 1) % 256));
    writeFileSync(join(f.root, 'Palautuslappu ä.pdf'), label);
    writeFileSync(join(f.root, 'wrong.txt'), 'not this one');
    await t.waitFor('Order 1000');
    t.press(keys.enter);
    await t.waitFor('1st conversation');
    t.press('r');
    await t.waitFor('Reply — writing');
    t.press('The label is attached.');
    t.press(keys.escape);
    await t.waitFor('Reply — review');
    // Nothing attached yet, and the text says so: y asks first.
    t.press('y');
    await t.waitFor('The reply says "attached" but has no attachment (a adds one): send it as it is?');
    t.press('n');
    for (const name of ['wrong.txt', 'Palautuslappu ä.pdf']) {
      t.press('a');
      await t.waitFor('attach file:');
      t.press(join(f.root, name));
      t.press(keys.enter);
      await t.waitFor(`attached ${name}`);
    }
    expect(t.frame()).toMatch(/Attach: {2}1 wrong\.txt {2}12 B/);
    expect(t.frame()).toMatch(/ {9}2 Palautuslappu ä\.pdf {2}68 KB/);
    t.press('D');
    await t.waitFor('remove attachment:');
    t.press('1');
    t.press(keys.enter);
    await t.waitFor('removed wrong.txt');
    t.press('s');
    await t.waitFor('draft saved');
    t.unmount();

    // Another TUI (a restart): the draft comes back with its file.
    const again = renderTui({ conversations: services.conversations, sync: null, replies: services.replies, clock: systemClock }, { columns: 100, rows: 30 });
    await again.waitFor('Order 1000');
    again.press(keys.enter);
    await again.waitFor('1st conversation');
    again.press('r');
    await again.waitFor('your saved draft');
    again.press(keys.escape);
    await again.waitFor('Reply — review');
    expect(again.frame()).toMatch(/Attach: {2}1 Palautuslappu ä\.pdf {2}68 KB/);
    expect(again.frame()).not.toContain('wrong.txt');
    again.press('y');
    await again.waitFor('sending to anna@example.com');
    const [entry] = services.store.outbox();
    expect(entry.attachments?.map((a) => [a.name, a.size])).toEqual([['Palautuslappu ä.pdf', label.length]]);
    // Sent by whichever worker claims it first (the first TUI's live sync sends the outbox too); never twice.
    await vi.waitFor(async () => {
      await services.outbox!.run({ ids: [entry.id], force: true });
      expect(sink.messages).toHaveLength(1);
    }, { timeout: 15_000 });
    const parsed = await PostalMime.parse(sink.messages[0].raw, { attachmentEncoding: 'arraybuffer' });
    expect(parsed.attachments.map((a) => [a.filename, Buffer.from(a.content as ArrayBuffer).equals(label)])).toEqual([['Palautuslappu ä.pdf', true]]);
    // What went is the outbox entry's bytes, and the copy in Sent is the same.
    expect(Buffer.from(await services.store.readRaw(entry.hash)).equals(sink.messages[0].raw)).toBe(true);
    await vi.waitFor(async () => expect([...(await fetchSources(dovecot, f.user, 'Sent')).values()].map((b) => b.equals(sink.messages[0].raw))).toEqual([true]));
  }, 60_000);
});
