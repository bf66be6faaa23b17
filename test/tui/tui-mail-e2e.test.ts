/**
 * Everyday mail in the real `h2h`, in a real pseudo-terminal (tmux), against the test Dovecot and a
 * real SMTP server: reply to all with a file attached and another From chosen (F), new mail (m) and
 * a forward (f), each typed as the owner would, each checked in the bytes the SMTP server received.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import PostalMime from 'postal-mime';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { h2hBin } from '../helpers/spawn-cli.js';
import { TmuxSession } from '../helpers/tmux.js';
import { shopWithQuestion } from '../helpers/reply-shop.js';
import { rawMessageWithFile } from '../helpers/store-fixture.js';
import { startSmtpSink, type SmtpSink } from '../mail-harness/smtp-sink.js';

const open: TmuxSession[] = [];
const sinks: SmtpSink[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) s.kill();
  for (const s of sinks.splice(0)) await s.stop();
});

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const photo = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 11 + 5) % 256));

/** Anna wrote to orders@ (an alias of its own), her husband in Cc, a photo attached; the real h2h open on it. */
async function openShop() {
  const { dovecot } = inject('mail');
  const sink = await startSmtpSink({ lmtpPort: dovecot.lmtpPort });
  sinks.push(sink);
  const question = rawMessageWithFile({ from: 'Anna Virtanen <anna@example.fi>', to: 'orders@shop.example', cc: 'Mikko Virtanen <mikko@example.fi>', subject: 'Broken vase', id: '<vase@example.fi>', date: 'Mon, 02 Nov 2026 09:00:00 +0000', body: 'It arrived broken.', file: { name: 'kuva.jpg', type: 'image/jpeg', content: photo } });
  const s = await shopWithQuestion(sink.port, { undoSendSeconds: 0 }, question);
  const config = JSON.parse(readFileSync(s.f.configFile, 'utf8')) as { agent: Record<string, unknown> };
  config.agent.aliases = ['hello@shop.example', { email: 'orders@shop.example', name: 'Nordic Feet orders', signature: 'The orders team' }];
  writeFileSync(s.f.configFile, JSON.stringify(config), { mode: 0o600 });
  const tty = TmuxSession.start([process.execPath, h2hBin], { columns: 100, rows: 30, env: { HOME: s.f.root, ...s.env } });
  open.push(tty);
  await tty.waitFor('Broken vase');
  return { sink, tty, ...s };
}

async function received(sink: SmtpSink, count: number) {
  await vi.waitFor(() => expect(sink.messages).toHaveLength(count), { timeout: 20_000, interval: 50 });
  const { raw, to, from } = sink.messages[count - 1];
  return { envelope: { from, to: [...to].sort() }, parsed: await PostalMime.parse(raw, { attachmentEncoding: 'arraybuffer' }) };
}

describe('everyday mail in a terminal', () => {
  it('R replies to all, a attaches a file, F picks another From; what goes is what the review showed', async () => {
    const { sink, tty, f } = await openShop();
    const label = Buffer.from('return label bytes');
    writeFileSync(join(f.root, 'label.pdf'), label);
    tty.press('Enter');
    await tty.waitFor('conversation, customer since');
    tty.type('R');
    await tty.waitFor('Reply — writing');
    expect(tty.screen()).toContain('From:    Nordic Feet orders <orders@shop.example>');
    expect(tty.screen()).toContain('Cc:      Mikko Virtanen <mikko@example.fi>');
    tty.type('The label is attached.');
    tty.press('Escape');
    await tty.waitFor('Reply — review');
    tty.type('a');
    await tty.waitFor('attach file:');
    tty.type(join(f.root, 'label.pdf'));
    tty.press('Enter');
    await tty.waitFor('attached label.pdf');
    tty.type('F');
    await tty.waitFor('From:    Riitta Virtanen <riitta@shop.example>');
    tty.type('y');
    const { envelope, parsed } = await received(sink, 1);
    expect(envelope).toEqual({ from: 'riitta@shop.example', to: ['anna@example.fi', 'mikko@example.fi'] });
    expect([parsed.from?.address, parsed.cc?.map((a) => a.address), parsed.subject]).toEqual(['riitta@shop.example', ['mikko@example.fi'], 'Re: Broken vase']);
    expect(parsed.text).toContain('The label is attached.');
    expect(parsed.attachments.map((a) => [a.filename, sha(new Uint8Array(a.content as ArrayBuffer))])).toEqual([['label.pdf', sha(label)]]);
    tty.type('q');
  });

  it('m writes new mail and f forwards the photo to the courier', async () => {
    const { sink, tty } = await openShop();
    tty.type('m');
    await tty.waitFor('new mail to:');
    tty.type('Ben Ek <ben@example.com>');
    tty.press('Enter');
    await tty.waitFor('subject:');
    tty.type('Back in stock');
    tty.press('Enter');
    await tty.waitFor('New mail — writing');
    tty.type('Your boots are back.');
    tty.press('Escape');
    await tty.waitFor('New mail — review');
    tty.type('y');
    const mail = await received(sink, 1);
    expect([mail.envelope.to, mail.parsed.subject, mail.parsed.text?.replace(/\r\n/g, '\n').trimEnd()]).toEqual([['ben@example.com'], 'Back in stock', 'Hi Ben,\n\nYour boots are back.\n\nBest wishes,\nRiitta Virtanen']);

    await tty.waitFor('Broken vase');
    tty.press('Enter');
    await tty.waitFor('conversation, customer since');
    tty.type('f');
    await tty.waitFor('forward to:');
    tty.type('claims@courier.example');
    tty.press('Enter');
    await tty.waitFor('Forward — writing');
    tty.type('Please open a claim.');
    tty.press('Escape');
    await tty.waitFor('Forward — review');
    tty.type('y');
    const forward = await received(sink, 2);
    expect([forward.envelope.to, forward.parsed.subject]).toEqual([['claims@courier.example'], 'Fwd: Broken vase']);
    expect(forward.parsed.text).toContain('---------- Forwarded message ----------');
    expect(forward.parsed.attachments.map((a) => [a.filename, sha(new Uint8Array(a.content as ArrayBuffer))])).toEqual([['kuva.jpg', sha(photo)]]);
  });
});
