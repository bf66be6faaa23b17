/**
 * Forwarding from the TUI (f), against the test Dovecot and a real SMTP server: who to at a prompt,
 * the review saying which message goes and with which attachments, y sending it (its photo byte for
 * byte, filed in Sent), the forward then in the customer's conversation as mail to a third party.
 */
import { createHash } from 'node:crypto';
import PostalMime from 'postal-mime';
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { systemClock } from '../../src/core/ports/clock.js';
import { appendMessages, ensureFolder, fetchSources, withImap } from '../mail-harness/mailbox.js';
import { startSmtpSink, type SmtpSink } from '../mail-harness/smtp-sink.js';
import { keys, renderTui } from '../helpers/render-tui.js';
import { syncFixture, syncServicesFor } from '../helpers/sync-fixture.js';
import { rawMessageWithFile } from '../helpers/store-fixture.js';

const sinks: SmtpSink[] = [];
afterEach(async () => {
  cleanup();
  for (const s of sinks.splice(0)) await s.stop();
});

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const photo = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7 + 3) % 256));

describe('TUI forward', () => {
  it('f: to whom, the review says what goes, y sends it with the photo; it shows in her conversation as to a third party', async () => {
    const { dovecot } = inject('mail');
    const sink = await startSmtpSink({ lmtpPort: dovecot.lmtpPort });
    sinks.push(sink);
    const f = await syncFixture(dovecot, { smtp: { host: '127.0.0.1', port: sink.port, user: 'shop', tls: 'none' }, undoSendSeconds: 0 });
    await withImap(dovecot, f.user, (c) => ensureFolder(c, 'Sent'));
    await appendMessages(dovecot, f.user, 'INBOX', [rawMessageWithFile({ from: 'Anna Virtanen <anna@example.fi>', to: 'riitta@shop.example', subject: 'Broken parcel', id: '<broken@example.fi>', date: 'Mon, 02 Nov 2026 09:00:00 +0000', body: 'The vase is broken.', file: { name: 'kuva.jpg', type: 'image/jpeg', content: photo } })]);
    const services = await syncServicesFor(f, { H2H_SMTP_PASSWORD: 'any' });
    await services.sync.sync();
    const t = renderTui({ conversations: services.conversations, sync: null, replies: services.replies, forwards: services.forwards, attachments: services.attachments, clock: systemClock }, { columns: 100, rows: 30 });
    await t.waitFor('Broken parcel');
    t.press(keys.enter);
    await t.waitFor('1st conversation');
    t.press('n');
    t.press('f');
    await t.waitFor('forward to:');
    expect(t.frame()).toContain('forwards message #1');
    t.press('Courier Claims <claims@courier.example>');
    t.press(keys.enter);
    await t.waitFor('Forward — writing');
    expect(t.frame()).toContain('To:      Courier Claims <claims@courier.example>');
    expect(t.frame()).toContain('Subject: Fwd: Broken parcel');
    expect(t.frame()).toContain('Forwards: #1 from Anna Virtanen <anna@example.fi>, 2026-11-02 · below your text');
    expect(t.frame()).toMatch(/with kuva\.jpg {2}5 KB/);
    expect(t.frame()).toContain('Hello,');
    t.press('Please open a claim.');
    t.press(keys.escape);
    await t.waitFor('Forward — review');
    t.press('y');
    await t.waitFor('sending to claims@courier.example in 0 s');
    await vi.waitFor(async () => {
      await services.outbox!.run({ force: true });
      expect(sink.messages).toHaveLength(1);
    }, { timeout: 15_000 });
    const parsed = await PostalMime.parse(sink.messages[0].raw, { attachmentEncoding: 'arraybuffer' });
    expect(parsed.text).toContain('Please open a claim.');
    expect(parsed.text).toContain('---------- Forwarded message ----------');
    expect(parsed.attachments.map((a) => [a.filename, sha(new Uint8Array(a.content as ArrayBuffer))])).toEqual([['kuva.jpg', sha(photo)]]);
    await vi.waitFor(async () => expect([...(await fetchSources(dovecot, f.user, 'Sent')).values()].map((b) => b.equals(sink.messages[0].raw))).toEqual([true]));
    const [c] = await services.conversations.list('');
    const detail = await services.conversations.show(c.id);
    expect(detail.messages.map((m) => [m.meta.direction, m.thirdParty])).toEqual([['in', false], ['out', true]]);
    expect(c.status).toBe('open');
  }, 60_000);
});
