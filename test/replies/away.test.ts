/**
 * Away (issue 19), end to end against the test Dovecot and the SMTP sink: one notice per person,
 * in their language, by the name they are greeted by, signed by the owner, threaded and marked
 * Auto-Submitted; never to machines (a newsletter, a notification, an auto-reply), never twice to
 * one person; the conversation still waits on the owner; none once back; "while you were away".
 */
import PostalMime from 'postal-mime';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { appendMessages } from '../mail-harness/mailbox.js';
import { startSmtpSink, type SmtpSink } from '../mail-harness/smtp-sink.js';
import { syncFixture, syncServicesFor } from '../helpers/sync-fixture.js';
import { agent, rawMessage } from '../helpers/store-fixture.js';
import { runCli } from '../helpers/run-cli.js';

const sinks: SmtpSink[] = [];
afterEach(async () => {
  for (const s of sinks.splice(0)) await s.stop();
});

const shop = `${agent.name} <${agent.email}>`;
const header = (raw: string, name: string) => new RegExp(`^${name}: (.*)$`, 'mi').exec(raw)?.[1].trim();
const textOf = async (raw: string) => ((await PostalMime.parse(raw)).text ?? '').replace(/\r\n/g, '\n');

describe('away', () => {
  it('sends one notice to each person who writes, in their language, never to machines or twice; the conversation still waits', async () => {
    const { dovecot } = inject('mail');
    const sink = await startSmtpSink({ lmtpPort: dovecot.lmtpPort });
    sinks.push(sink);
    const f = await syncFixture(dovecot, { smtp: { host: '127.0.0.1', port: sink.port, user: 'shop', tls: 'none' } });
    let now = Date.now();
    const clock = { now: () => now };
    const s = await syncServicesFor(f, { H2H_SMTP_PASSWORD: 'any' }, clock);
    await s.sync.sync();
    await s.away.start(now + 3 * 86_400_000);
    const at = (minutes: number) => new Date(now + minutes * 60_000).toUTCString();
    await appendMessages(dovecot, f.user, 'INBOX', [
      rawMessage({ from: 'Päivi Virtanen <paivi@example.fi>', to: shop, subject: 'Kengät', id: '<p1@example.fi>', date: at(1), body: 'Hei! Tilasin viime viikolla nilkkurit, mutta ne eivät ole vielä tulleet. Missä ne ovat?' }),
      rawMessage({ from: 'Ben Smith <ben@example.com>', to: shop, subject: 'Boots', id: '<b1@example.com>', date: at(2), body: 'Hello, do you still have the Aalto boots in size 44? I would like to order a pair.' }),
      rawMessage({ from: 'Shoe News <news@brand.example>', to: shop, subject: 'Spring collection', id: '<n1@brand.example>', date: at(3), headers: 'List-Unsubscribe: <mailto:unsub@brand.example>\r\nPrecedence: bulk', body: 'See what is new this spring.' }),
      rawMessage({ from: 'Parcel Updates <noreply@courier.example>', to: shop, subject: 'Delivered', id: '<c1@courier.example>', date: at(4), headers: 'Auto-Submitted: auto-generated', body: 'Your parcel was delivered.' }),
      rawMessage({ from: 'Mark Thompson <mark@example.co.uk>', to: shop, subject: 'Out of office', id: '<o1@example.co.uk>', date: at(5), headers: 'Auto-Submitted: auto-replied', body: 'I am out of the office until Monday.' }),
    ]);
    now += 10 * 60_000;
    await s.sync.sync();
    const results = await s.outbox!.run();
    expect(results.map((r) => r.outcome)).toEqual(['sent', 'sent']);
    const sent = sink.messages.map((m) => m.raw.toString('utf8'));
    expect(sink.messages.map((m) => m.to).sort()).toEqual([['ben@example.com'], ['paivi@example.fi']]);
    const fi = sent.find((r) => /paivi@example\.fi/.test(header(r, 'To') ?? ''))!;
    expect(await textOf(fi)).toMatch(/^Hei Päivi,\n\nKiitos viestistäsi\. Olen poissa .+ asti ja vastaan sinulle itse heti palattuani\.\n\nTerveisin,\nRiitta Virtanen\n*$/);
    expect([header(fi, 'Auto-Submitted'), header(fi, 'In-Reply-To'), (await PostalMime.parse(fi)).subject]).toEqual(['auto-replied', '<p1@example.fi>', 'Re: Kengät']);
    const en = sent.find((r) => /ben@example\.com/.test(header(r, 'To') ?? ''))!;
    expect(await textOf(en)).toMatch(/^Hi Ben,\n\nThank you for your message\. I am away until \w+day \d{1,2} \w+ and will answer you myself as soon as I am back\.\n\nBest wishes,\nRiitta Virtanen\n*$/);

    // Päivi still waits for the owner: the notice is no answer.
    const päivi = (await s.conversations.list('')).find((c) => c.customer === 'paivi@example.fi')!;
    expect([päivi.status, päivi.waitingSince !== null, päivi.messageCount]).toEqual(['open', true, 2]);
    // Nor is it a reply in the owner's figures.
    expect(s.stats.stats({ since: now - 86_400_000 }).everyResponse).toBeNull();
    // She writes again: no second notice; nor any more run.
    await appendMessages(dovecot, f.user, 'INBOX', [rawMessage({ from: 'Päivi Virtanen <paivi@example.fi>', to: shop, subject: 'Re: Kengät', id: '<p2@example.fi>', irt: '<p1@example.fi>', date: at(20), body: 'Kiitos, odotan.' })]);
    now += 20 * 60_000;
    await s.sync.sync();
    expect(await s.outbox!.run()).toEqual([]);
    expect(sink.messages).toHaveLength(2);

    // Back: a newcomer gets no notice, and the owner sees who wrote meanwhile.
    await s.away.back();
    await appendMessages(dovecot, f.user, 'INBOX', [rawMessage({ from: 'Lotte de Vries <lotte@example.nl>', to: shop, subject: 'Laarzen', id: '<l1@example.nl>', date: at(40), body: 'Hallo, hebben jullie de laarzen nog in maat 38?' })]);
    now += 40 * 60_000;
    await s.sync.sync();
    expect(await s.outbox!.run()).toEqual([]);
    const report = await runCli(['away', '--json'], { env: { ...f.env, H2H_IMAP_PASSWORD: f.user.password }, clock });
    const json = JSON.parse(report.stdout) as { away: boolean; noticed: string[]; whileAway: { customer: string }[] };
    expect([json.away, [...json.noticed].sort(), json.whileAway.map((c) => c.customer).sort()]).toEqual([false, ['ben@example.com', 'paivi@example.fi'], ['ben@example.com', 'paivi@example.fi']]);
    // The while-away view: the people who wrote meanwhile (not the machines, not Lotte who wrote after).
    const view = await runCli(['list', '@while-away', '--json'], { env: { ...f.env, H2H_IMAP_PASSWORD: f.user.password }, clock });
    expect((JSON.parse(view.stdout) as { customer: { email: string } }[]).map((c) => c.customer.email).sort()).toEqual(['ben@example.com', 'paivi@example.fi']);
  });
});
