/**
 * A bounce of a reply, synced from Dovecot: the reply is in Sent, the Postfix bounce arrives in
 * INBOX; the bounce joins the reply's conversation, reopens it (it was waiting on the customer)
 * with the reason in `show`, `is:bounced` finds it, and the bounce is nobody's customer.
 */
import { describe, expect, inject, it } from 'vitest';
import { appendMessages } from '../mail-harness/mailbox.js';
import { postfixBounce } from '../helpers/bounce-samples.js';
import { spawnCli } from '../helpers/spawn-cli.js';
import { syncFixture } from '../helpers/sync-fixture.js';

const shop = 'Riitta Virtanen <riitta@shop.example>';
const anna = 'Anna Virtanen <anna@example.fi>';

describe('a bounce synced from the server', () => {
  it('reopens the conversation of the bounced reply, with the reason', async () => {
    const { dovecot } = inject('mail');
    const f = await syncFixture(dovecot);
    const question = ['From: ' + anna, 'To: ' + shop, 'Subject: Wrong size', 'Message-ID: <q1@example.fi>', 'Date: Wed, 02 Dec 2026 09:00:00 +0000', '', 'Too small.', ''].join('\r\n');
    const reply = { messageId: '<r1@shop.example>', from: shop, to: anna, subject: 'Re: Wrong size', date: 'Thu, 03 Dec 2026 10:00:00 +0000' };
    const replyRaw = ['From: ' + shop, 'To: ' + anna, 'Subject: Re: Wrong size', 'Message-ID: <r1@shop.example>', 'In-Reply-To: <q1@example.fi>', 'References: <q1@example.fi>', `Date: ${reply.date}`, '', 'Hi Anna, a bigger pair is on its way.', ''].join('\r\n');
    await appendMessages(dovecot, f.user, 'INBOX', [question]);
    await appendMessages(dovecot, f.user, 'Sent', [replyRaw], ['\\Seen']);
    expect((await spawnCli(['sync'], { env: f.env })).code).toBe(0);
    const [c] = JSON.parse((await spawnCli(['list', '--json'], { env: f.env })).stdout) as { id: string }[];
    expect((await spawnCli(['wait', c.id], { env: f.env })).code).toBe(0);

    await appendMessages(dovecot, f.user, 'INBOX', [postfixBounce(reply, 'Thu, 03 Dec 2026 10:05:00 +0000')]);
    expect((await spawnCli(['sync'], { env: f.env })).code).toBe(0);
    const bounced = JSON.parse((await spawnCli(['list', '--json', 'is:bounced'], { env: f.env })).stdout) as { id: string; status: string; waitingSince: string; bouncedAt: string }[];
    expect(bounced.map((b) => [b.id, b.status, b.waitingSince, b.bouncedAt])).toEqual([[c.id, 'open', '2026-12-02T09:00:00.000Z', '2026-12-03T10:05:00.000Z']]);
    const shown = JSON.parse((await spawnCli(['show', c.id, '--json'], { env: f.env })).stdout) as { messages: { automated: string | null; bounce: unknown }[] };
    expect(shown.messages.map((m) => m.automated)).toEqual([null, null, 'bounce']);
    expect(shown.messages[2].bounce).toEqual({ messageId: '<r1@shop.example>', recipients: ['anna@example.fi'], reason: 'mailbox full: 552 5.2.2 <anna@example.fi>: Recipient address rejected: Mailbox full', failed: true });
    const text = (await spawnCli(['show', c.id], { env: { ...f.env, NO_COLOR: '1' } })).stdout;
    expect(text).toContain('⚠ your reply of 3 Dec to anna@example.fi bounced: mailbox full');
    const customers = JSON.parse((await spawnCli(['customers', '--json'], { env: f.env })).stdout) as { email: string }[];
    expect(customers.map((x) => x.email)).toEqual(['anna@example.fi']);
  });
});
