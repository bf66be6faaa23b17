/**
 * Reply-all and the review's To/Cc/Bcc in the TUI, against the test Dovecot and a real SMTP server:
 * R keeps the customer's other recipients in Cc (not the shop's own addresses), c and B change Cc
 * and Bcc at a prompt holding the list as it stands, and what SMTP gets matches what was shown.
 */
import PostalMime from 'postal-mime';
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { systemClock } from '../../src/core/ports/clock.js';
import { appendMessages, ensureFolder, fetchSources, withImap } from '../mail-harness/mailbox.js';
import { startSmtpSink, type SmtpSink } from '../mail-harness/smtp-sink.js';
import { keys, renderTui } from '../helpers/render-tui.js';
import { syncFixture, syncServicesFor } from '../helpers/sync-fixture.js';
import { rawMessage } from '../helpers/store-fixture.js';

const sinks: SmtpSink[] = [];
afterEach(async () => {
  cleanup();
  for (const s of sinks.splice(0)) await s.stop();
});

const question = rawMessage({
  from: 'Anna Virtanen <anna@example.fi>',
  to: 'Riitta Virtanen <riitta@shop.example>, "Virtanen, Mikko" <mikko@example.fi>',
  cc: 'Liisa <liisa@example.fi>, hello@shop.example',
  subject: 'Wrong size',
  id: '<wrong-size@example.fi>',
  date: 'Mon, 02 Nov 2026 09:00:00 +0000',
  body: 'The shoes are too small.',
});

describe('TUI reply-all', () => {
  it('R: the others in Cc; c and B edit Cc and Bcc; y sends to exactly those, Bcc unseen', async () => {
    const { dovecot } = inject('mail');
    const sink = await startSmtpSink({ lmtpPort: dovecot.lmtpPort });
    sinks.push(sink);
    const f = await syncFixture(dovecot, { smtp: { host: '127.0.0.1', port: sink.port, user: 'shop', tls: 'none' }, undoSendSeconds: 0 });
    await withImap(dovecot, f.user, (c) => ensureFolder(c, 'Sent'));
    await appendMessages(dovecot, f.user, 'INBOX', [question]);
    const services = await syncServicesFor(f, { H2H_SMTP_PASSWORD: 'any' });
    await services.sync.sync();
    const t = renderTui({ conversations: services.conversations, sync: null, replies: services.replies, clock: systemClock }, { columns: 100, rows: 30 });
    await t.waitFor('Wrong size');
    t.press(keys.enter);
    await t.waitFor('1st conversation');
    t.press('R');
    await t.waitFor('Reply — writing');
    expect(t.frame()).toContain('To:      Anna Virtanen <anna@example.fi>');
    expect(t.frame()).toContain('Cc:      "Virtanen, Mikko" <mikko@example.fi>, Liisa <liisa@example.fi>');
    expect(t.frame()).not.toContain('hello@shop.example');
    t.press('Size 40 is on its way.');
    t.press(keys.escape);
    await t.waitFor('Reply — review');

    t.press('c');
    await t.waitFor('Cc: "Virtanen, Mikko" <mikko@example.fi>, Liisa <liisa@example.fi>');
    t.press(keys.ctrlU);
    t.press('Liisa <liisa@example.fi>, not an address');
    t.press(keys.enter);
    await t.waitFor('"not an address" is not an email address');
    expect(t.frame()).toContain('Cc:      "Virtanen, Mikko" <mikko@example.fi>, Liisa <liisa@example.fi>');
    t.press('c');
    await t.waitFor('Cc: "Virtanen');
    t.press(keys.ctrlU);
    t.press('Liisa <liisa@example.fi>');
    t.press(keys.enter);
    await t.waitFor('Cc: Liisa <liisa@example.fi>');
    t.press('B');
    await t.waitFor('nobody sees Bcc');
    t.press('boss@shop-owner.example');
    t.press(keys.enter);
    await t.waitFor('Bcc:     boss@shop-owner.example');
    expect(t.frame()).not.toContain('mikko@');

    t.press('y');
    await t.waitFor('sending to anna@example.fi, cc liisa@example.fi, bcc boss@shop-owner.example');
    await vi.waitFor(async () => {
      await services.outbox!.run({ force: true });
      expect(sink.messages).toHaveLength(1);
    }, { timeout: 15_000 });
    const [sent] = sink.messages;
    expect([...sent.to].sort()).toEqual(['anna@example.fi', 'boss@shop-owner.example', 'liisa@example.fi']);
    const parsed = await PostalMime.parse(sent.raw);
    expect([parsed.to?.map((a) => a.address), parsed.cc?.map((a) => a.address)]).toEqual([['anna@example.fi'], ['liisa@example.fi']]);
    expect(sent.raw.toString('latin1')).not.toContain('boss@');
    await vi.waitFor(async () => expect([...(await fetchSources(dovecot, f.user, 'Sent')).values()].map((b) => b.equals(sent.raw))).toEqual([true]));
  }, 60_000);
});
