/**
 * The outbox worker against a real SMTP server on loopback: a reply goes when it is due with nobody
 * asking (the TUI, `sync --watch`), runs asked for at once send once, a failed send is reported and
 * retried at its time by itself.
 */
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { OutboxWorker, pendingOf } from '../../../src/core/services/outbox-worker.js';
import type { SendResult } from '../../../src/core/services/reply-service.js';
import { systemClock } from '../../../src/core/ports/clock.js';
import { freePort } from '../../mail-harness/dovecot.js';
import { startSmtpSink, type SmtpSink } from '../../mail-harness/smtp-sink.js';
import { agent, fixture, input, rawMessage, servicesFor } from '../../helpers/store-fixture.js';

const sinks: SmtpSink[] = [];
afterEach(async () => {
  for (const sink of sinks.splice(0)) await sink.stop();
  vi.unstubAllEnvs();
});

/** The test SMTP sink (takes every message); `delivered` lists each one's recipients. */
async function smtpServer(port?: number) {
  const sink = await startSmtpSink({ lmtpPort: inject('mail').dovecot.lmtpPort, port });
  sinks.push(sink);
  return { port: sink.port, get delivered() { return sink.messages.map((m) => m.to.join(',')); } };
}

/** A shop with a question from Anna; SMTP on `port`. IMAP is a closed port: a sent reply's filing in Sent waits (outcome 'filing-failed', status 'sent'), which does not matter here. */
async function shop(port: number, undoSendSeconds = 0, clock = systemClock) {
  vi.stubEnv('H2H_SMTP_PASSWORD', 'any');
  const f = fixture({ agent, account: { imap: { host: '127.0.0.1', port: 9, user: 'shop', tls: 'none' }, smtp: { host: '127.0.0.1', port, user: 'shop', tls: 'none' }, undoSendSeconds, saveSentCopy: false } });
  const s = await servicesFor(f, clock);
  await s.importer.import([input(rawMessage({ from: 'Anna Virtanen <anna@ex.com>', to: `${agent.name} <${agent.email}>`, subject: 'Size', id: '<a1@ex.com>' }))]);
  const [c] = await s.conversations.list();
  const replies = s.replies!;
  return { s, replies, queue: async (text: string) => replies.queue(await replies.draft(c.id), `Hi Anna,\n\n${text}\n\nRiitta`) };
}

/** Collects what a started worker reports; `next()` resolves with the next report. */
function listener() {
  const reports: SendResult[][] = [];
  const waiting: Array<(r: SendResult[]) => void> = [];
  return {
    reports,
    onResults: (results: SendResult[]) => {
      reports.push(results);
      waiting.shift()?.(results);
    },
    next: () => new Promise<SendResult[]>((resolve) => waiting.push(resolve)),
  };
}

describe('OutboxWorker', () => {
  it('sends a reply once its undo delay is over, with nobody asking, and reports it', async () => {
    const smtp = await smtpServer();
    const { replies, queue } = await shop(smtp.port, 1);
    const worker = new OutboxWorker(replies, systemClock);
    const l = listener();
    const stop = new AbortController();
    worker.start(l, stop.signal);
    const entry = await queue('It left today.');
    worker.wake();
    const queuedAt = Date.now();
    const [result] = await l.next();
    stop.abort();
    expect(result).toMatchObject({ entry: { id: entry.id, status: 'sent' } });
    // Not before the undo delay: the owner could still have taken it back.
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(entry.notBefore));
    expect(Date.parse(entry.notBefore) - queuedAt).toBeGreaterThan(500);
    expect(smtp.delivered).toEqual(['anna@ex.com']);
    expect(pendingOf(await replies.outbox())).toBe(0);
  });

  it('runs asked for together (the TUI and outbox --retry in one process) send a reply once', async () => {
    const smtp = await smtpServer();
    const { replies, queue } = await shop(smtp.port);
    const worker = new OutboxWorker(replies, systemClock);
    await queue('Once.');
    await Promise.all([worker.run({ force: true }), worker.run({ force: true }), worker.run()]);
    expect(smtp.delivered).toEqual(['anna@ex.com']);
    expect((await replies.outbox()).map((e) => [e.status, e.attempts])).toEqual([['sent', 1]]);
  });

  it('reports a failed send and sends it again when its retry time comes, by itself', async () => {
    // The SMTP server is down at first: its port refuses connections.
    const down = { port: await freePort() };
    // A clock the test can move past the retry wait (minutes) instead of waiting for it.
    let skew = 0;
    const clock = { now: () => Date.now() + skew };
    const { replies, queue } = await shop(down.port, 0, clock);
    const worker = new OutboxWorker(replies, clock, { pollMs: 50 });
    const l = listener();
    const stop = new AbortController();
    worker.start(l, stop.signal);
    await queue('Refused first.');
    worker.wake();
    const [failed] = await l.next();
    expect(failed).toMatchObject({ outcome: 'retry', entry: { status: 'failed', attempts: 1 } });
    expect(Date.parse(failed.entry.notBefore)).toBeGreaterThan(clock.now());
    // The server is back, and the retry time comes.
    const up = await smtpServer(down.port);
    const again = l.next();
    skew = Date.parse(failed.entry.notBefore) - Date.now() + 1000;
    const [sent] = await again;
    stop.abort();
    expect(sent).toMatchObject({ entry: { status: 'sent', attempts: 2 } });
    expect(up.delivered).toEqual(['anna@ex.com']);
  });
});
