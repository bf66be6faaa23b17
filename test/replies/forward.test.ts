/**
 * `h2h forward`, end to end against the test Dovecot and a real SMTP server on loopback: the bytes
 * SMTP gets (the owner's words, the customer's message below with its photo, or attached whole as
 * message/rfc822), the copy in Sent, $Forwarded on the customer's message; the forward and the
 * courier's answer in the customer's conversation, shown as a third party's, the customer's waiting
 * clock and reply untouched, and no new customer.
 */
import { createHash } from 'node:crypto';
import PostalMime from 'postal-mime';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { appendMessages, fetchFlags, fetchSources } from '../mail-harness/mailbox.js';
import { startSmtpSink, type SmtpSink } from '../mail-harness/smtp-sink.js';
import { spawnCli } from '../helpers/spawn-cli.js';
import { shopWithQuestion } from '../helpers/reply-shop.js';
import { rawMessage, rawMessageWithFile } from '../helpers/store-fixture.js';

const sinks: SmtpSink[] = [];
afterEach(async () => {
  for (const s of sinks.splice(0)) await s.stop();
});

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const photo = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7 + 3) % 256));
const claim = rawMessageWithFile({
  from: 'Anna Virtanen <anna@example.fi>',
  to: 'Riitta Virtanen <riitta@shop.example>',
  subject: 'Re: [Order 1042] Broken parcel',
  id: '<broken@example.fi>',
  date: 'Mon, 02 Nov 2026 09:00:00 +0000',
  body: 'The box was crushed, the vase is broken.',
  file: { name: 'kuva.jpg', type: 'image/jpeg', content: photo },
});

async function shop() {
  const { dovecot } = inject('mail');
  const sink = await startSmtpSink({ lmtpPort: dovecot.lmtpPort });
  sinks.push(sink);
  return { sink, ...(await shopWithQuestion(sink.port, {}, claim)) };
}

type Shown = { status: string; waitingSince: string | null; messages: { direction: string; thirdParty: boolean; from: { email: string }; subject: string }[] };
const show = async (env: Record<string, string>, id: string) => JSON.parse((await spawnCli(['show', id, '--json'], { env })).stdout) as Shown;

describe('h2h forward', () => {
  it("sends the customer's message below the owner's words, with its photo; it stays in her conversation, and so does the answer", async () => {
    const s = await shop();
    const before = await show(s.env, s.id);
    const sent = await spawnCli(['forward', s.id, '--to', 'Courier Claims <claims@courier.example>', '--body-file', '-', '--send', '--json'], { env: s.env, stdin: 'Please open a claim for this parcel.\n' });
    expect([sent.code, sent.stderr]).toEqual([0, '']);
    const entry = JSON.parse(sent.stdout) as { kind: string; conversationId: string; messageId: string; to: string[] };
    expect(entry).toMatchObject({ kind: 'forward', conversationId: s.id, to: ['claims@courier.example'] });

    expect(s.sink.messages).toHaveLength(1);
    const { raw, to } = s.sink.messages[0];
    expect(to).toEqual(['claims@courier.example']);
    const parsed = await PostalMime.parse(raw, { attachmentEncoding: 'arraybuffer' });
    expect(parsed.subject).toBe('Fwd: [Order 1042] Broken parcel');
    const text = parsed.text?.replace(/\r\n/g, '\n') ?? '';
    expect(text).toMatch(/^Hello,\n\nPlease open a claim for this parcel\.\n\nBest wishes,\nRiitta Virtanen\n\n---------- Forwarded message ----------\nFrom: Anna Virtanen <anna@example\.fi>\nDate: 2 Nov 2026, \d\d:00\nSubject: Re: \[Order 1042\] Broken parcel\nTo: Riitta Virtanen <riitta@shop\.example>\n\nThe box was crushed, the vase is broken\./);
    expect(parsed.attachments.map((a) => [a.filename, a.mimeType, sha(new Uint8Array(a.content as ArrayBuffer))])).toEqual([['kuva.jpg', 'image/jpeg', sha(photo)]]);
    expect(parsed.headers.find((h) => h.key === 'x-forwarded-message-id')?.value).toBe('<broken@example.fi>');
    expect(parsed.references).toBe('<broken@example.fi>');
    expect(parsed.inReplyTo).toBeUndefined();
    expect([...(await fetchSources(s.dovecot, s.f.user, 'Sent')).values()].map(sha)).toEqual([sha(raw)]);
    expect([...(await fetchFlags(s.dovecot, s.f.user, 'INBOX')).get(s.questionUid)!]).toContain('$Forwarded');

    // In Anna's conversation, as the shop's mail to a third party: she is still waiting, as before.
    const after = await show(s.env, s.id);
    expect(after.messages.map((m) => [m.direction, m.thirdParty])).toEqual([['inbound', false], ['outbound', true]]);
    expect([after.status, after.waitingSince]).toEqual([before.status, before.waitingSince]);

    // The courier answers the forward: it joins Anna's conversation as theirs; no new customer, no new conversation.
    await appendMessages(s.dovecot, s.f.user, 'INBOX', [rawMessage({ from: 'Courier Claims <claims@courier.example>', to: 'riitta@shop.example', subject: 'Re: Fwd: Broken parcel', id: '<claim-77@courier.example>', irt: entry.messageId, refs: `<broken@example.fi> ${entry.messageId}`, date: new Date(Date.now() + 60_000).toUTCString(), body: 'Claim 77 opened, refund in 5 days.' })]);
    expect((await spawnCli(['sync'], { env: s.env })).code).toBe(0);
    const list = JSON.parse((await spawnCli(['list', '--json'], { env: s.env })).stdout) as { id: string }[];
    expect(list.map((c) => c.id)).toEqual([s.id]);
    const withAnswer = await show(s.env, s.id);
    expect(withAnswer.messages.map((m) => [m.direction, m.thirdParty, m.from.email])).toEqual([['inbound', false, 'anna@example.fi'], ['outbound', true, 'riitta@shop.example'], ['inbound', true, 'claims@courier.example']]);
    expect(withAnswer.waitingSince).toBe(before.waitingSince);
    const customers = JSON.parse((await spawnCli(['customers', '--json'], { env: s.env })).stdout) as { email: string }[];
    expect(customers.map((c) => c.email)).toEqual(['anna@example.fi']);
    const text2 = (await spawnCli(['show', s.id], { env: { ...s.env, NO_COLOR: '1' } })).stdout;
    expect(text2).toMatch(/^← third party {2}Courier Claims <claims@courier\.example>/m);
    expect(text2).toMatch(/^→ shop to a third party {2}Riitta Virtanen/m);

    // r still answers Anna, not the courier.
    expect((await spawnCli(['reply', s.id, '--body-file', '-', '--send'], { env: s.env, stdin: 'The courier refunds you in 5 days.\n' })).code).toBe(0);
    expect(s.sink.messages[1].to).toEqual(['anna@example.fi']);
  });

  it('--as attachment sends the message whole, byte for byte, as message/rfc822', async () => {
    const s = await shop();
    const sent = await spawnCli(['forward', s.id, '--message', '#1', '--as', 'attachment', '--to', 'orders@supplier.example', '--send'], { env: s.env });
    expect([sent.code, sent.stderr]).toEqual([0, 'sent to orders@supplier.example: "Fwd: [Order 1042] Broken parcel"\n']);
    const parsed = await PostalMime.parse(s.sink.messages[0].raw, { attachmentEncoding: 'arraybuffer', forceRfc822Attachments: true });
    const [attached] = parsed.attachments;
    expect([attached.mimeType, attached.filename]).toEqual(['message/rfc822', 'Re [Order 1042] Broken parcel.eml']);
    // The customer's message as the server has it, unchanged inside the forward (no transfer encoding over it).
    const original = [...(await fetchSources(s.dovecot, s.f.user, 'INBOX')).values()][0];
    expect(s.sink.messages[0].raw.includes(original)).toBe(true);
    expect(s.sink.messages[0].raw.toString('latin1')).toMatch(/Content-Type: message\/rfc822; name="?Re \[Order 1042\] Broken parcel\.eml"?\r\nContent-Transfer-Encoding: (7bit|8bit)\r\nContent-Disposition: attachment;/);
  });

  it('refuses a forward without a recipient or of a message the conversation does not have, and sends nothing', async () => {
    const s = await shop();
    const none = await spawnCli(['forward', s.id, '--send'], { env: s.env });
    expect([none.code, none.stderr]).toEqual([2, 'h2h: who is the forward to? give --to ADDRESS\n']);
    const wrong = await spawnCli(['forward', s.id, '--message', '9', '--to', 'orders@supplier.example', '--send'], { env: s.env });
    expect([wrong.code, wrong.stderr]).toEqual([2, `h2h: conversation ${s.id} has no message 9 (it has 1: #1–#1, in the order the conversation shows them)\n`]);
    expect(s.sink.messages).toHaveLength(0);
  });

  it('a forward saved as a draft marks its conversation (is:draft), keeps its message and recipient, and sends later', async () => {
    const s = await shop();
    const saved = await spawnCli(['forward', s.id, '--to', 'claims@courier.example', '--body-file', '-', '--json'], { env: s.env, stdin: 'A claim, please.\n' });
    expect(saved.code).toBe(0);
    expect(JSON.parse(saved.stdout)).toMatchObject({ draft: { key: `fwd-${s.id}`, conversationId: s.id, message: 1, as: 'inline' } });
    const drafts = JSON.parse((await spawnCli(['list', 'is:draft', '--json'], { env: s.env })).stdout) as { id: string }[];
    expect(drafts.map((c) => c.id)).toEqual([s.id]);
    // The customer's own reply draft is another: both are kept.
    expect((await spawnCli(['reply', s.id, '--body-file', '-'], { env: s.env, stdin: 'Looking into it.\n' })).code).toBe(0);
    const sent = await spawnCli(['forward', s.id, '--send'], { env: s.env });
    expect([sent.code, sent.stderr]).toEqual([0, 'sent to claims@courier.example: "Fwd: [Order 1042] Broken parcel"\n']);
    expect(s.sink.messages[0].raw.toString('utf8')).toContain('A claim, please.');
    const still = JSON.parse((await spawnCli(['list', 'is:draft', '--json'], { env: s.env })).stdout) as { id: string }[];
    expect(still.map((c) => c.id)).toEqual([s.id]);
  });

  it('forwards a message whose Message-ID no header line can hold without naming it: every line within RFC 5322', async () => {
    const { dovecot } = inject('mail');
    const sink = await startSmtpSink({ lmtpPort: dovecot.lmtpPort });
    sinks.push(sink);
    const longId = `<${'x'.repeat(3000)}@example.fi>`;
    const s = await shopWithQuestion(sink.port, {}, rawMessage({ from: 'Anna Virtanen <anna@example.fi>', to: 'riitta@shop.example', subject: 'Broken', id: longId, date: 'Mon, 02 Nov 2026 09:00:00 +0000', body: 'Broken.' }));
    const sent = await spawnCli(['forward', s.id, '--to', 'claims@courier.example', '--send'], { env: s.env });
    expect(sent.code).toBe(0);
    const head = sink.messages[0].raw.toString('latin1').split('\r\n\r\n')[0];
    for (const line of head.split('\r\n')) expect(line.length).toBeLessThanOrEqual(998);
    expect(head).not.toMatch(/^(References|X-Forwarded-Message-Id):/im);
  });
});

