/**
 * New mail from the TUI (m), against the test Dovecot and a real SMTP server: who to and the
 * subject at prompts, the greeting by the name h2h knows, the customer's earlier conversations shown
 * while writing, S changing the subject, y sending it (once, filed in Sent) into a new conversation
 * waiting on the customer; an unsent draft recalled by the next m, as mutt recalls a postponed one.
 */
import PostalMime from 'postal-mime';
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { systemClock } from '../../src/core/ports/clock.js';
import { appendMessages, ensureFolder, fetchSources, withImap } from '../mail-harness/mailbox.js';
import { startSmtpSink, type SmtpSink } from '../mail-harness/smtp-sink.js';
import { keys, renderTui } from '../helpers/render-tui.js';
import { exchange, syncFixture, syncServicesFor } from '../helpers/sync-fixture.js';
import { freePort } from '../mail-harness/dovecot.js';

const sinks: SmtpSink[] = [];
afterEach(async () => {
  cleanup();
  for (const s of sinks.splice(0)) await s.stop();
});

async function openShop() {
  const { dovecot } = inject('mail');
  const sink = await startSmtpSink({ lmtpPort: dovecot.lmtpPort });
  sinks.push(sink);
  const f = await syncFixture(dovecot, { smtp: { host: '127.0.0.1', port: sink.port, user: 'shop', tls: 'none' }, undoSendSeconds: 0 });
  await withImap(dovecot, f.user, (c) => ensureFolder(c, 'Sent'));
  await appendMessages(dovecot, f.user, 'INBOX', [exchange(0, false).question]);
  const services = await syncServicesFor(f, { H2H_SMTP_PASSWORD: 'any' });
  await services.sync.sync();
  const t = renderTui({ conversations: services.conversations, sync: null, replies: services.replies, newMail: services.newMail, clock: systemClock }, { columns: 100, rows: 30 });
  await t.waitFor('Order 1000');
  return { dovecot, sink, f, services, t };
}

describe('TUI new mail', () => {
  it('m: to and subject, greeting and history shown, S changes the subject, y sends it into a new conversation', async () => {
    const { dovecot, sink, f, services, t } = await openShop();
    t.press('m');
    await t.waitFor('new mail to:');
    t.press('anna@example.com');
    t.press(keys.enter);
    await t.waitFor('subject:');
    t.press('Your boots');
    t.press(keys.enter);
    await t.waitFor('New mail — writing');
    expect(t.frame()).toContain('To:      anna@example.com');
    expect(t.frame()).toContain('Subject: Your boots');
    // Known to the shop: greeted by her name, her earlier conversation shown below.
    expect(t.frame()).toContain('Hi Anna,');
    expect(t.frame()).toContain('Anna Korhonen <anna@example.com>: 1 earlier conversation, since 2026-11-01');
    expect(t.frame()).toMatch(/ {2}Order 1000 {2}open · 2026-11-01/);
    t.press('They came back in your size.');
    t.press(keys.escape);
    await t.waitFor('New mail — review');
    t.press('S');
    await t.waitFor('Subject: Your boots');
    t.press(keys.ctrlU);
    t.press('Your boots are back');
    t.press(keys.enter);
    await t.waitFor('Subject: Your boots are back');
    t.press('y');
    await t.waitFor('sending to anna@example.com in 0 s');
    await vi.waitFor(async () => {
      await services.outbox!.run({ force: true });
      expect(sink.messages).toHaveLength(1);
    }, { timeout: 15_000 });
    const parsed = await PostalMime.parse(sink.messages[0].raw);
    expect([parsed.subject, parsed.text?.replace(/\r\n/g, '\n').trimEnd()]).toEqual(['Your boots are back', 'Hi Anna,\n\nThey came back in your size.\n\nBest wishes,\nRiitta Virtanen']);
    await vi.waitFor(async () => expect([...(await fetchSources(dovecot, f.user, 'Sent')).values()].map((b) => b.equals(sink.messages[0].raw))).toEqual([true]));
    const mine = (await services.conversations.list('')).filter((c) => c.customer === 'anna@example.com');
    expect(mine.map((c) => [c.subject, c.status]).sort()).toEqual([['Order 1000', 'open'], ['Your boots are back', 'waiting']]);
  }, 60_000);

  it('an unsent new mail is offered again by the next m; n starts another', async () => {
    const { sink, t } = await openShop();
    t.press('m');
    await t.waitFor('new mail to:');
    t.press('Ben Ek <ben@example.com>');
    t.press(keys.enter);
    await t.waitFor('subject:');
    t.press('Your order');
    t.press(keys.enter);
    await t.waitFor('New mail — writing');
    expect(t.frame()).toContain('Hi Ben,');
    expect(t.frame()).not.toContain('earlier conversation');
    t.press('It left today.');
    t.press(keys.escape);
    await t.waitFor('New mail — review');
    t.press('q');
    await t.waitFor('draft saved');
    t.press('m');
    await t.waitFor('Go on with your unsent mail to Ben Ek <ben@example.com>, "Your order"? n: new mail');
    t.press('n');
    await t.waitFor('new mail to:');
    t.press(keys.escape);
    // Esc and m at once would read as Alt-m.
    await vi.waitFor(() => expect(t.frame()).not.toContain('new mail to:'));
    t.press('m');
    await t.waitFor('Go on with your unsent mail');
    t.press('y');
    await t.waitFor('your saved draft');
    expect(t.frame()).toContain('It left today.');
    expect(sink.messages).toHaveLength(0);
  }, 60_000);

  it('new mail that did not go is offered back by m: y takes it out of the outbox to edit, nothing lost', async () => {
    const { dovecot } = inject('mail');
    // Nothing listens on this port: every send fails and the mail waits in the outbox.
    const f = await syncFixture(dovecot, { smtp: { host: '127.0.0.1', port: await freePort(), user: 'shop', tls: 'none' }, undoSendSeconds: 0 });
    const services = await syncServicesFor(f, { H2H_SMTP_PASSWORD: 'any' });
    const t = renderTui({ conversations: services.conversations, sync: null, replies: services.replies, newMail: services.newMail, clock: systemClock }, { columns: 100, rows: 30 });
    await t.waitFor('0 conversations');
    t.press('m');
    await t.waitFor('new mail to:');
    t.press('ben@example.com');
    t.press(keys.enter);
    await t.waitFor('subject:');
    t.press('Your order');
    t.press(keys.enter);
    await t.waitFor('New mail — writing');
    t.press('It left today.');
    t.press(keys.escape);
    await t.waitFor('New mail — review');
    t.press('y');
    // The worker tries it at once (no undo delay) and fails: it waits in the outbox.
    await vi.waitFor(async () => expect((await services.replies!.troubles()).map((e) => e.status)).toEqual(['failed']), { timeout: 15_000 });
    t.press('m');
    await t.waitFor(/Your mail to ben@example\.com, "Your order", did not go \(SMTP 127\.0\.0\.1:\d+: connection refused/);
    t.press('y');
    await t.waitFor('taken back: your mail is the draft again (m opens it)');
    expect(services.store.outbox()).toEqual([]);
    t.press('m');
    await t.waitFor('Go on with your unsent mail to ben@example.com, "Your order"? n: new mail');
    t.press('y');
    await t.waitFor('your saved draft');
    expect(t.frame()).toContain('It left today.');
  }, 60_000);
});

