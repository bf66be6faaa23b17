/**
 * The right From, end to end against the test Dovecot and a real SMTP server: a reply goes from the
 * address the customer wrote to, with that address's name and signature (an alias written as an
 * object in the config); --from chooses another of the owner's addresses, never a stranger's; F in
 * the TUI's review cycles them, the signature following.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import PostalMime from 'postal-mime';
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { systemClock } from '../../src/core/ports/clock.js';
import { startSmtpSink, type SmtpSink } from '../mail-harness/smtp-sink.js';
import { keys, renderTui } from '../helpers/render-tui.js';
import { spawnCli } from '../helpers/spawn-cli.js';
import { shopWithQuestion } from '../helpers/reply-shop.js';
import { rawMessage } from '../helpers/store-fixture.js';
import { syncServicesFor } from '../helpers/sync-fixture.js';

const sinks: SmtpSink[] = [];
afterEach(async () => {
  cleanup();
  for (const s of sinks.splice(0)) await s.stop();
});

/** Anna wrote to orders@, an alias with a name and signature of its own. */
async function shop() {
  const { dovecot } = inject('mail');
  const sink = await startSmtpSink({ lmtpPort: dovecot.lmtpPort });
  sinks.push(sink);
  const question = rawMessage({ from: 'Anna Virtanen <anna@example.fi>', to: 'Nordic Feet orders <orders@shop.example>', subject: 'Order 1042', id: '<o1042@example.fi>', date: 'Mon, 02 Nov 2026 09:00:00 +0000', body: 'Where is my order?' });
  const s = await shopWithQuestion(sink.port, { undoSendSeconds: 0 }, question);
  const config = JSON.parse(readFileSync(s.f.configFile, 'utf8')) as { agent: Record<string, unknown> };
  config.agent.signature = 'Riitta\nNordic Feet';
  config.agent.aliases = ['hello@shop.example', { email: 'orders@shop.example', name: 'Nordic Feet orders', signature: 'The orders team\nNordic Feet' }];
  writeFileSync(s.f.configFile, JSON.stringify(config), { mode: 0o600 });
  return { sink, ...s };
}

describe('the right From', () => {
  it('answers from the address the customer wrote to, as it signs; --from picks another of yours, not a stranger', async () => {
    const s = await shop();
    const sent = await spawnCli(['reply', s.id, '--body-file', '-', '--send'], { env: s.env, stdin: 'It left today.\n' });
    expect([sent.code, sent.stderr]).toEqual([0, 'sent to anna@example.fi: "Re: Order 1042"\n']);
    const first = await PostalMime.parse(s.sink.messages[0].raw);
    expect([s.sink.messages[0].from, first.from?.name, first.from?.address]).toEqual(['orders@shop.example', 'Nordic Feet orders', 'orders@shop.example']);
    expect(first.text?.replace(/\r\n/g, '\n').trimEnd()).toBe('Hi Anna,\n\nIt left today.\n\nBest wishes,\nThe orders team\nNordic Feet');

    expect((await spawnCli(['reply', s.id, '--from', 'RIITTA@shop.example', '--body-file', '-', '--send'], { env: s.env, stdin: 'Tracking follows.\n' })).code).toBe(0);
    const second = await PostalMime.parse(s.sink.messages[1].raw);
    expect([s.sink.messages[1].from, second.from?.name]).toEqual(['riitta@shop.example', 'Riitta Virtanen']);
    expect(second.text?.replace(/\r\n/g, '\n').trimEnd()).toMatch(/\n\nBest wishes,\nRiitta\nNordic Feet$/);

    const stranger = await spawnCli(['reply', s.id, '--from', 'ceo@elsewhere.example', '--body-file', '-', '--send'], { env: s.env, stdin: 'x\n' });
    expect([stranger.code, stranger.stderr]).toEqual([2, 'h2h: ceo@elsewhere.example is not one of your addresses (riitta@shop.example, hello@shop.example, orders@shop.example): add it to agent.aliases in the config\n']);
    expect(s.sink.messages).toHaveLength(2);
  });

  it('F in the review cycles your addresses, the signature following; y sends from the one shown', async () => {
    const s = await shop();
    const services = await syncServicesFor(s.f, { H2H_SMTP_PASSWORD: 'any' });
    const t = renderTui({ conversations: services.conversations, sync: null, replies: services.replies, clock: systemClock }, { columns: 100, rows: 30 });
    await t.waitFor('Order 1042');
    t.press('r');
    await t.waitFor('Reply — writing');
    expect(t.frame()).toContain('From:    Nordic Feet orders <orders@shop.example>');
    expect(t.frame()).toContain('The orders team');
    t.press('On its way.');
    t.press(keys.escape);
    await t.waitFor('Reply — review');
    t.press('F');
    await t.waitFor('From:    Riitta Virtanen <riitta@shop.example>');
    expect(t.frame()).not.toContain('The orders team');
    t.press('F');
    await t.waitFor('From:    Riitta Virtanen <hello@shop.example>');
    t.press('y');
    await t.waitFor('sending to anna@example.fi');
    await vi.waitFor(async () => {
      await services.outbox!.run({ force: true });
      expect(s.sink.messages).toHaveLength(1);
    }, { timeout: 15_000 });
    const parsed = await PostalMime.parse(s.sink.messages[0].raw);
    expect([s.sink.messages[0].from, parsed.from?.address]).toEqual(['hello@shop.example', 'hello@shop.example']);
    expect(parsed.text?.replace(/\r\n/g, '\n').trimEnd()).toBe('Hi Anna,\n\nOn its way.\n\nBest wishes,\nRiitta\nNordic Feet');
  }, 60_000);

  it('finds the alias in Delivered-To and X-Original-To when the customer wrote to it unseen (Bcc, a forwarding alias)', async () => {
    const { dovecot } = inject('mail');
    const sink = await startSmtpSink({ lmtpPort: dovecot.lmtpPort });
    sinks.push(sink);
    const hidden = Buffer.from([
      'Delivered-To: riitta@shop.example',
      'X-Original-To: orders@shop.example',
      'Delivered-To: orders@shop.example',
      'From: Anna Virtanen <anna@example.fi>',
      'To: undisclosed-recipients:;',
      'Subject: Order 1043',
      'Message-ID: <o1043@example.fi>',
      'Date: Mon, 02 Nov 2026 09:00:00 +0000',
      '',
      'Where is my other order?',
      '',
    ].join('\r\n'));
    const s = await shopWithQuestion(sink.port, { undoSendSeconds: 0 }, hidden);
    const config = JSON.parse(readFileSync(s.f.configFile, 'utf8')) as { agent: Record<string, unknown> };
    config.agent.aliases = ['hello@shop.example', { email: 'orders@shop.example', name: 'Nordic Feet orders', signature: 'The orders team' }];
    writeFileSync(s.f.configFile, JSON.stringify(config), { mode: 0o600 });
    expect((await spawnCli(['reply', s.id, '--body-file', '-', '--send'], { env: s.env, stdin: 'Tomorrow.\n' })).code).toBe(0);
    expect(sink.messages[0].from).toBe('orders@shop.example');
  });

  it('undo send keeps the From the owner chose', async () => {
    const s = await shop();
    const services = await syncServicesFor(s.f, { H2H_SMTP_PASSWORD: 'any' });
    const draft = await services.replies!.draft(s.id, 'Soon.', { from: 'hello@shop.example' });
    const entry = await services.replies!.queue(draft, draft.text);
    await services.replies!.unqueue(entry.id);
    expect((await services.replies!.draft(s.id)).from).toEqual({ name: 'Riitta Virtanen', email: 'hello@shop.example' });
  });
});

