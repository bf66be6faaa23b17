/**
 * Away on two machines (docs/two-machines.md), against the test Dovecot and the SMTP sink: said on
 * the laptop, the desktop knows it at its next sync; the notices go from the machine told alone,
 * so with both running each person is greeted once; told again on the desktop, the same absence
 * goes on from there (the laptop's notice, back with the Sent folder, counts as given); back on
 * either machine is back on both.
 */
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { appendMessages } from '../mail-harness/mailbox.js';
import { startSmtpSink, type SmtpSink } from '../mail-harness/smtp-sink.js';
import { syncFixture, syncServicesFor } from '../helpers/sync-fixture.js';
import { agent, rawMessage } from '../helpers/store-fixture.js';
import { tempDir } from '../helpers/temp-dir.js';
import { runCli } from '../helpers/run-cli.js';

const sinks: SmtpSink[] = [];
afterEach(async () => {
  for (const s of sinks.splice(0)) await s.stop();
});

const shop = `${agent.name} <${agent.email}>`;
const day = 86_400_000;

/** The laptop and the desktop on one account, with an SMTP sink, on one clock the test moves (`time.now`). */
async function twoMachines() {
  const { dovecot } = inject('mail');
  const sink = await startSmtpSink({ lmtpPort: dovecot.lmtpPort });
  sinks.push(sink);
  const f = await syncFixture(dovecot, { smtp: { host: '127.0.0.1', port: sink.port, user: 'shop', tls: 'none' } });
  const time = { now: Date.now() };
  const clock = { now: () => time.now };
  const env = { H2H_SMTP_PASSWORD: 'any' };
  const desktopData = join(tempDir(), 'data');
  const laptop = await syncServicesFor(f, env, clock);
  const desktop = await syncServicesFor({ ...f, dataDir: desktopData }, env, clock);
  await laptop.sync.sync();
  await desktop.sync.sync();
  return { dovecot, sink, f, time, clock, laptop, desktop, desktopData };
}

describe('away on two machines', () => {
  it('is known on both; the notices go from the machine told, once per person; told again elsewhere, from there', async () => {
    const { dovecot, sink, f, time, clock, laptop, desktop, desktopData } = await twoMachines();
    const both = async () => {
      await laptop.sync.sync();
      await desktop.sync.sync();
    };
    const at = (minutes: number) => new Date(time.now + minutes * 60_000).toUTCString();

    await laptop.away.start(time.now + 3 * day);
    await both();
    const told = laptop.away.report();
    const learnt = desktop.away.report();
    expect([told.away, told.sendsHere]).toEqual([true, true]);
    expect([learnt.away, learnt.sendsHere, learnt.state?.from, learnt.state?.until]).toEqual([true, false, told.state?.from, told.state?.until]);
    // The desktop says where the notices go, and when it steps in.
    const said = await runCli(['away', '--json'], { env: { ...f.env, H2H_DATA_DIR: desktopData, H2H_IMAP_PASSWORD: f.user.password }, clock });
    expect(JSON.parse(said.stdout)).toMatchObject({ away: true, noticesFrom: hostname() });
    const words = await runCli(['away'], { env: { ...f.env, H2H_DATA_DIR: desktopData, H2H_IMAP_PASSWORD: f.user.password }, clock });
    expect(words.stderr).toContain(`: your notices go from ${hostname()}; this machine sends one when a person has waited an hour without it`);
    // The desktop's waiting clocks pause over it too.
    expect(desktop.conversations.pausePeriods()).toEqual([{ from: told.state!.from, until: told.state!.until }]);

    // Päivi writes; both machines have her mail and run their outboxes: only the laptop greets her.
    await appendMessages(dovecot, f.user, 'INBOX', [rawMessage({ from: 'Päivi Virtanen <paivi@example.fi>', to: shop, subject: 'Kengät', id: '<p1@example.fi>', date: at(1), body: 'Hei! Tilasin viime viikolla nilkkurit, mutta ne eivät ole vielä tulleet. Missä ne ovat?' })]);
    time.now += 10 * 60_000;
    await both();
    expect(await desktop.outbox!.run()).toEqual([]);
    expect((await laptop.outbox!.run()).map((r) => r.outcome)).toEqual(['sent']);

    // Told again on the desktop, which stays on at the shop: the same absence, its notices from there.
    await both();
    await desktop.away.start(time.now + 4 * day);
    await desktop.sync.sync();
    await laptop.sync.sync();
    expect(desktop.away.report().state?.from).toBe(told.state!.from);
    expect([laptop.away.report().sendsHere, desktop.away.report().sendsHere]).toEqual([false, true]);
    await appendMessages(dovecot, f.user, 'INBOX', [
      rawMessage({ from: 'Päivi Virtanen <paivi@example.fi>', to: shop, subject: 'Re: Kengät', id: '<p2@example.fi>', irt: '<p1@example.fi>', date: at(20), body: 'Kiitos, odotan vastaustasi.' }),
      rawMessage({ from: 'Ben Smith <ben@example.com>', to: shop, subject: 'Boots', id: '<b1@example.com>', date: at(21), body: 'Hello, do you still have the Aalto boots in size 44? I would like to order a pair.' }),
    ]);
    time.now += 30 * 60_000;
    await both();
    expect(await laptop.outbox!.run()).toEqual([]);
    expect((await desktop.outbox!.run()).map((r) => r.outcome)).toEqual(['sent']);
    expect(sink.messages.map((m) => m.to)).toEqual([['paivi@example.fi'], ['ben@example.com']]);

    // Back on the laptop is back on both: a newcomer gets no notice from either.
    await laptop.away.back();
    await both();
    expect([laptop.away.report().away, desktop.away.report().away]).toEqual([false, false]);
    await appendMessages(dovecot, f.user, 'INBOX', [rawMessage({ from: 'Lotte de Vries <lotte@example.nl>', to: shop, subject: 'Laarzen', id: '<l1@example.nl>', date: at(40), body: 'Hallo, hebben jullie de laarzen nog in maat 38?' })]);
    time.now += 40 * 60_000;
    await both();
    expect([...(await laptop.outbox!.run()), ...(await desktop.outbox!.run())]).toEqual([]);
    expect(sink.messages).toHaveLength(2);
  });

  it('is sent by another machine when the one told has not sent it within the hour (it is off), and then by no one else', async () => {
    const { dovecot, sink, f, time, laptop, desktop } = await twoMachines();
    // Said on the laptop, which greets Lotte and then closes for the holiday; the desktop at the shop runs on.
    await laptop.away.start(time.now + 7 * day);
    await appendMessages(dovecot, f.user, 'INBOX', [rawMessage({ from: 'Lotte de Vries <lotte@example.nl>', to: shop, subject: 'Laarzen', id: '<l1@example.nl>', date: new Date(time.now + 60_000).toUTCString(), body: 'Hallo, hebben jullie de laarzen nog in maat 38?' })]);
    time.now += 2 * 60_000;
    await laptop.sync.sync();
    expect((await laptop.outbox!.run()).map((r) => r.outcome)).toEqual(['sent']);
    await laptop.sync.sync();
    time.now += 3 * 60 * 60_000;
    // Lotte writes again about something else: a conversation of its own, but she has had her notice.
    await appendMessages(dovecot, f.user, 'INBOX', [rawMessage({ from: 'Lotte de Vries <lotte@example.nl>', to: shop, subject: 'Retour', id: '<l2@example.nl>', date: new Date(time.now).toUTCString(), body: 'Hoe kan ik schoenen retourneren?' })]);
    // Ben's mail says it is two hours old (his clock is behind): the hour counts from when the desktop saw him wait.
    await appendMessages(dovecot, f.user, 'INBOX', [rawMessage({ from: 'Ben Smith <ben@example.com>', to: shop, subject: 'Boots', id: '<b1@example.com>', date: new Date(time.now - 2 * 60 * 60_000).toUTCString(), body: 'Hello, do you still have the Aalto boots in size 44? I would like to order a pair.' })]);
    await appendMessages(dovecot, f.user, 'INBOX', [rawMessage({ from: 'Päivi Virtanen <paivi@example.fi>', to: shop, subject: 'Kengät', id: '<p1@example.fi>', date: new Date(time.now + 60_000).toUTCString(), body: 'Hei! Tilasin viime viikolla nilkkurit, mutta ne eivät ole vielä tulleet. Missä ne ovat?' })]);
    time.now += 2 * 60_000;
    await desktop.sync.sync();
    expect(await desktop.outbox!.run()).toEqual([]);
    time.now += 59 * 60_000;
    await desktop.sync.sync();
    expect(await desktop.outbox!.run()).toEqual([]);
    // An hour after it first saw them wait, with no notice from the laptop in Sent: the desktop sends them.
    time.now += 2 * 60_000;
    await desktop.sync.sync();
    expect((await desktop.outbox!.run()).map((r) => r.outcome)).toEqual(['sent', 'sent']);
    // The laptop opens again: it finds them in Sent with the mail and sends nothing.
    time.now += 60_000;
    await laptop.sync.sync();
    expect(await laptop.outbox!.run()).toEqual([]);
    expect(sink.messages.map((m) => m.to).sort()).toEqual([['ben@example.com'], ['lotte@example.nl'], ['paivi@example.fi']]);
  });
});
