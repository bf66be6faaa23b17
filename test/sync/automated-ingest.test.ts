/**
 * People or machines at ingest: real header sets (the shared corpus's Amazon SES DSN and a mailing
 * list message; Postfix, Exim and Microsoft bounces, Gmail and Microsoft 365 out-of-office, a
 * Mailchimp-style newsletter, PayPal- and Shopify-style notifications written as those senders
 * write them) beside people's mail, synced from the test Dovecot: each message's `automated` and
 * `automatedBy` in `show --json`, the people left people.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { appendMessages } from '../mail-harness/mailbox.js';
import { corpus } from '../helpers/corpus.js';
import { spawnCli } from '../helpers/spawn-cli.js';
import { syncFixture } from '../helpers/sync-fixture.js';

const shop = 'Riitta Virtanen <riitta@shop.example>';
let n = 0;
/** A message with the given header lines above the usual ones. */
function mail(from: string, subject: string, extra: string[] = [], body = 'Hello.', contentType = 'text/plain; charset=utf-8'): Buffer {
  n++;
  return Buffer.from([...extra, `From: ${from}`, `To: ${shop}`, `Subject: ${subject}`, `Message-ID: <gen${n}@example.net>`, `Date: Mon, 0${1 + (n % 8)} Nov 2026 09:00:00 +0000`, 'MIME-Version: 1.0', `Content-Type: ${contentType}`, '', body, ''].join('\r\n'));
}

const kinds: [label: string, raw: Buffer, automated: string | null, by: string | null][] = [
  ['Amazon SES DSN (corpus)', readFileSync(corpus('mime', 'mailparser', 'delivery-status.eml')), 'bounce', 'Content-Type: multipart/report; report-type=delivery-status'],
  ['LTP list message (corpus)', readFileSync(corpus('mime', 'real-world-ltp-list', 'ltp-esc-00.eml')), 'list', 'List-Id'],
  ['Postfix bounce', mail('MAILER-DAEMON@mail.shop.example (Mail Delivery System)', 'Undelivered Mail Returned to Sender', ['Return-Path: <>', 'Auto-Submitted: auto-replied'], '--b\r\nContent-Type: text/plain\r\n\r\nI am sorry.\r\n--b--', 'multipart/report; report-type=delivery-status; boundary="b"'), 'bounce', 'Content-Type: multipart/report; report-type=delivery-status'],
  ['Exim bounce', mail('Mail Delivery System <Mailer-Daemon@exim.example>', 'Mail delivery failed: returning message to sender', ['Return-Path: <>', 'X-Failed-Recipients: old@example.fi', 'Auto-Submitted: auto-replied']), 'bounce', 'sender mailer-daemon@exim.example'],
  ['Gmail out-of-office', mail('Anna Virtanen <anna.v@gmail.com>', 'Out of Office: Your order', ['Auto-Submitted: auto-replied', 'Precedence: bulk']), 'auto-reply', 'Auto-Submitted: auto-replied'],
  ['Microsoft 365 automatic reply', mail('Jonas Weber <jonas@contoso.de>', 'Automatische Antwort: Ihre Bestellung', ['X-Auto-Response-Suppress: All', 'Auto-Submitted: auto-generated']), 'auto-reply', 'an out-of-office subject'],
  ['Mailchimp-style newsletter', mail('Brand News <news@brand.example>', 'Our spring collection', ['List-Unsubscribe: <https://brand.example/u>', 'X-Mailchimp-Campaign: 42', 'Precedence: bulk']), 'bulk', 'Precedence: bulk'],
  ['PayPal-style notification', mail('service@paypal.example', 'You received a payment', ['Auto-Submitted: auto-generated']), 'notification', 'Auto-Submitted: auto-generated'],
  ['Shopify-style notification', mail('Shopify <no-reply@shopify.example>', 'Order #1042 placed'), 'notification', 'sender no-reply@shopify.example'],
  ['a customer', mail('Päivi Järvinen <paivi@example.fi>', 'Absence of the parcel'), null, null],
  ['a customer on holiday', mail('Joëlle <joelle@example.nl>', 'On holiday, can I still order?'), null, null],
  ['a contact form naming the person', mail('Website <noreply@shop.example>', 'Contact form: boots', ['Reply-To: Lucía <lucia@example.es>']), null, null],
];

describe('people or machines, synced from Dovecot', () => {
  it('classifies every machine with the header or rule that decided, and leaves every person a person', async () => {
    const { dovecot } = inject('mail');
    const f = await syncFixture(dovecot);
    await appendMessages(dovecot, f.user, 'INBOX', kinds.map(([, raw]) => raw));
    expect((await spawnCli(['sync'], { env: f.env })).code).toBe(0);
    const listed = JSON.parse((await spawnCli(['list', '--json'], { env: f.env })).stdout) as { id: string }[];
    const seen = new Map<string, { automated: string | null; automatedBy: string | null }>();
    for (const { id } of listed) {
      const shown = JSON.parse((await spawnCli(['show', id, '--json'], { env: f.env })).stdout) as { messages: { messageId: string; automated: string | null; automatedBy: string | null }[] };
      for (const m of shown.messages) seen.set(m.messageId, m);
    }
    for (const [label, raw, automated, by] of kinds) {
      const id = /^Message-ID:\s*(<[^>]+>)/im.exec(raw.toString('latin1'))![1];
      expect([label, seen.get(id)?.automated, seen.get(id)?.automatedBy], label).toEqual([label, automated, by]);
    }
  });
});
