/**
 * Reply-all, Cc and Bcc (`h2h reply --all/--to/--cc/--bcc`), end to end against the test Dovecot
 * and a real SMTP server on loopback: the headers SMTP receives against its envelope (Bcc in the
 * envelope only), the shop's own addresses never in Cc, the copy in Sent, the outbox JSON, the
 * draft keeping the recipients, and addresses typed wrong refused before anything goes.
 */
import PostalMime from 'postal-mime';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { fetchSources } from '../mail-harness/mailbox.js';
import { startSmtpSink, type SmtpSink } from '../mail-harness/smtp-sink.js';
import { spawnCli } from '../helpers/spawn-cli.js';
import { shopWithQuestion } from '../helpers/reply-shop.js';
import { rawMessage } from '../helpers/store-fixture.js';
import { syncServicesFor } from '../helpers/sync-fixture.js';

const sinks: SmtpSink[] = [];
afterEach(async () => {
  for (const s of sinks.splice(0)) await s.stop();
});

/** Anna writes to the shop and its alias, her husband in To, a colleague and the shop again in Cc. */
const question = rawMessage({
  from: 'Anna Virtanen <anna@example.fi>',
  to: 'Riitta Virtanen <riitta@shop.example>, "Virtanen, Mikko" <mikko@example.fi>, hello@SHOP.example',
  cc: 'Liisa <liisa@example.fi>, RIITTA@shop.example, Anna Virtanen <anna@example.fi>',
  subject: 'Wrong size',
  id: '<wrong-size@example.fi>',
  date: 'Mon, 02 Nov 2026 09:00:00 +0000',
  body: 'The shoes are too small.',
});

async function shop() {
  const { dovecot } = inject('mail');
  const sink = await startSmtpSink({ lmtpPort: dovecot.lmtpPort });
  sinks.push(sink);
  return { sink, ...(await shopWithQuestion(sink.port, {}, question)) };
}

const addresses = (list: { address?: string }[] | undefined) => (list ?? []).map((a) => a.address);

describe('h2h reply --all, --cc, --bcc', () => {
  it("keeps the other recipients in Cc, never the shop's own addresses; Bcc only in the envelope", async () => {
    const s = await shop();
    const sent = await spawnCli(['reply', s.id, '--all', '--bcc', 'Boss <boss@shop-owner.example>', '--cc', 'courier@example.com', '--body-file', '-', '--send', '--json'], { env: s.env, stdin: 'A bigger pair is on its way.\n' });
    expect([sent.code, sent.stderr]).toEqual([0, '']);
    const entry = JSON.parse(sent.stdout) as { to: string[]; cc: string[]; bcc: string[]; status: string };
    expect(entry).toMatchObject({ to: ['anna@example.fi'], cc: ['mikko@example.fi', 'liisa@example.fi', 'courier@example.com'], bcc: ['boss@shop-owner.example'], status: 'sent' });

    expect(s.sink.messages).toHaveLength(1);
    const [message] = s.sink.messages;
    expect([...message.to].sort()).toEqual(['anna@example.fi', 'boss@shop-owner.example', 'courier@example.com', 'liisa@example.fi', 'mikko@example.fi']);
    const parsed = await PostalMime.parse(message.raw);
    expect(addresses(parsed.to)).toEqual(['anna@example.fi']);
    expect(addresses(parsed.cc)).toEqual(['mikko@example.fi', 'liisa@example.fi', 'courier@example.com']);
    // The name with a comma stays one address.
    expect(parsed.cc?.[0].name).toBe('Virtanen, Mikko');
    expect(parsed.bcc ?? []).toEqual([]);
    expect(message.raw.toString('latin1')).not.toMatch(/boss@/i);
    const inSent = [...(await fetchSources(s.dovecot, s.f.user, 'Sent')).values()];
    expect(inSent.map((b) => Buffer.from(b).toString('latin1'))).toEqual([message.raw.toString('latin1')]);

    // The conversation shows the reply with its Cc.
    const shown = JSON.parse((await spawnCli(['show', s.id, '--json'], { env: s.env })).stdout) as { messages: { direction: string; cc: { email: string }[] }[] };
    expect(shown.messages.find((m) => m.direction === 'outbound')?.cc.map((a) => a.email)).toEqual(['mikko@example.fi', 'liisa@example.fi', 'courier@example.com']);
  });

  it('a plain reply goes to the sender alone; --to replaces the recipient', async () => {
    const s = await shop();
    expect((await spawnCli(['reply', s.id, '--body-file', '-', '--send'], { env: s.env, stdin: 'Noted.\n' })).code).toBe(0);
    expect(s.sink.messages[0].to).toEqual(['anna@example.fi']);
    const other = await spawnCli(['reply', s.id, '--to', 'Mikko <mikko@example.fi>', '--body-file', '-', '--send'], { env: s.env, stdin: 'For you, Mikko.\n' });
    expect([other.code, other.stderr]).toEqual([0, 'sent to mikko@example.fi: "Re: Wrong size"\n']);
    expect(s.sink.messages[1].to).toEqual(['mikko@example.fi']);
  });

  it('a draft keeps its recipients: the send later goes to them', async () => {
    const s = await shop();
    const saved = await spawnCli(['reply', s.id, '--all', '--bcc', 'boss@shop-owner.example', '--body-file', '-', '--json'], { env: s.env, stdin: 'Checking the stock.\n' });
    expect(saved.code).toBe(0);
    expect((JSON.parse(saved.stdout) as { draft: { cc: { email: string }[] } }).draft.cc.map((a) => a.email)).toEqual(['mikko@example.fi', 'liisa@example.fi']);
    // The TUI's reply opens that draft; its recipients come with it (the service the TUI calls).
    const services = await syncServicesFor(s.f, { H2H_SMTP_PASSWORD: 'any' });
    const draft = await services.replies!.draft(s.id);
    expect([draft.to, draft.cc, draft.bcc].map((l) => l.map((a) => a.email))).toEqual([['anna@example.fi'], ['mikko@example.fi', 'liisa@example.fi'], ['boss@shop-owner.example']]);
    await services.replies!.queue(draft, draft.text, { immediately: true });
    await services.outbox!.run({ force: true });
    expect([...s.sink.messages[0].to].sort()).toEqual(['anna@example.fi', 'boss@shop-owner.example', 'liisa@example.fi', 'mikko@example.fi']);
  });

  it('addresses typed wrong, or too many, are refused with one line and nothing goes', async () => {
    const s = await shop();
    for (const [args, error] of [
      [['--cc', 'mikko at example.fi'], 'h2h: "mikko at example.fi" is not an email address\n'],
      [['--bcc', 'Boss <boss>'], 'h2h: "boss" is not an email address\n'],
      [['--cc', Array.from({ length: 60 }, (_, i) => `p${i}@example.com`).join(', ')], 'h2h: 61 recipients: h2h sends personal mail to at most 50 (use your mail program for a mailing)\n'],
    ] as const) {
      const refused = await spawnCli(['reply', s.id, ...args, '--body-file', '-', '--send'], { env: s.env, stdin: 'Hello.\n' });
      expect([refused.code, refused.stderr]).toEqual([2, error]);
    }
    expect(s.sink.messages).toHaveLength(0);
    expect(JSON.parse((await spawnCli(['outbox', '--json'], { env: s.env })).stdout)).toEqual([]);
  });
});
