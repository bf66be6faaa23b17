/**
 * Send later (issue 19: L in the review, `h2h reply --at`), end to end against the test Dovecot and
 * the SMTP sink, with a clock the test moves: the reply waits in the outbox (not even `--retry`'s
 * force sends it early), goes at its time dated then, and is not sent but becomes the draft again
 * when the customer writes first.
 */
import { afterEach, describe, expect, inject, it } from 'vitest';
import { appendMessages } from '../mail-harness/mailbox.js';
import { startSmtpSink, type SmtpSink } from '../mail-harness/smtp-sink.js';
import { shopWithQuestion } from '../helpers/reply-shop.js';
import { syncServicesFor } from '../helpers/sync-fixture.js';
import { spawnCli } from '../helpers/spawn-cli.js';
import { rawMessage } from '../helpers/store-fixture.js';

const sinks: SmtpSink[] = [];
afterEach(async () => {
  for (const s of sinks.splice(0)) await s.stop();
});

async function scheduledShop() {
  const { dovecot } = inject('mail');
  const sink = await startSmtpSink({ lmtpPort: dovecot.lmtpPort });
  sinks.push(sink);
  const shop = await shopWithQuestion(sink.port);
  let now = Date.now();
  const clock = { now: () => now };
  const s = await syncServicesFor(shop.f, { H2H_SMTP_PASSWORD: 'any' }, clock);
  return { ...shop, sink, s, clock, move: (ms: number) => void (now += ms) };
}

const day = 86_400_000;

describe('send later', () => {
  it('waits in the outbox until its time, even past a forced retry, then goes once, dated then', async () => {
    const { sink, s, id, clock, move } = await scheduledShop();
    const at = clock.now() + 2 * day;
    const draft = await s.replies!.draft(id);
    const entry = await s.replies!.queue(draft, draft.text.replace('\n\n\n', '\n\nThe boots are back in your size; I will send them on Friday.\n'), { at });
    expect(entry).toMatchObject({ status: 'queued', sendAt: new Date(at).toISOString() });
    expect(await s.replies!.sendDue()).toEqual([]);
    expect(await s.replies!.sendDue({ force: true })).toEqual([]);
    move(day);
    expect(await s.replies!.sendDue()).toEqual([]);
    expect(sink.messages).toHaveLength(0);

    move(day);
    const [result] = await s.replies!.sendDue();
    expect(result.outcome).toBe('sent');
    expect(sink.messages).toHaveLength(1);
    const raw = sink.messages[0].raw.toString('utf8');
    expect(raw).toContain('The boots are back in your size');
    expect(new Date(/^Date: (.*)$/m.exec(raw)![1]).getTime()).toBe(Math.floor(at / 1000) * 1000);
    expect(await s.replies!.sendDue()).toEqual([]);
    expect(sink.messages).toHaveLength(1);
  });

  it('is not sent when the customer writes first: the words are the draft again, and the next send goes', async () => {
    const { sink, s, id, f, dovecot, clock, move } = await scheduledShop();
    const draft = await s.replies!.draft(id);
    const words = draft.text.replace('\n\n\n', '\n\nI will check with the courier tomorrow.\n');
    await s.replies!.queue(draft, words, { at: clock.now() + day });
    // Anna writes again before then; the sync brings it in.
    await appendMessages(dovecot, f.user, 'INBOX', [rawMessage({ from: 'Anna Korhonen <anna@example.com>', to: 'riitta@shop.example', subject: 'Re: Order 1000', id: '<anna-again@example.com>', irt: '<q0@example.com>', date: new Date(clock.now() + 60_000).toUTCString(), body: 'Never mind, it came today!' })]);
    await s.sync.sync();
    move(day);
    const [result] = await s.replies!.sendDue();
    expect(result.outcome).toBe('cancelled');
    expect(result.message).toMatch(/^not sent at .* UTC: 1 new message in the conversation since you wrote it; your words are the draft again$/);
    expect(sink.messages).toHaveLength(0);
    expect(await s.replies!.outbox()).toEqual([]);
    const again = await s.replies!.draft(id);
    expect(again.text).toBe(words);
    // Based on what came in: sending it now is no collision.
    await s.replies!.queue(again, 'Hi Anna,\n\nGlad it arrived!\n\nBest wishes,\nRiitta Virtanen\n', { immediately: true });
    expect((await s.replies!.sendDue()).map((r) => r.outcome)).toEqual(['sent']);
    expect(sink.messages).toHaveLength(1);
  });

  it('h2h reply --at schedules it and h2h outbox shows when; a time past or beside --send is refused', async () => {
    const { env, id } = await scheduledShop();
    const scheduled = await spawnCli(['reply', id, '--body-file', '-', '--at', '2d', '--json'], { env, stdin: 'Friday it is.\n' });
    expect(scheduled.code).toBe(0);
    const entry = JSON.parse(scheduled.stdout) as { id: string; status: string; sendAt: string };
    expect(entry.status).toBe('queued');
    expect(Date.parse(entry.sendAt) - Date.now()).toBeGreaterThan(1.9 * day);
    expect(scheduled.stderr).toBe(`scheduled ${entry.id}: goes ${entry.sendAt.slice(0, 16).replace('T', ' ')} UTC unless the conversation gets mail first (h2h outbox --discard ${entry.id} takes it back)\n`);
    const listed = await spawnCli(['outbox'], { env });
    expect(listed.stdout).toContain(`send later ${entry.sendAt.slice(0, 16).replace('T', ' ')} UTC`);
    const retried = await spawnCli(['outbox', '--retry', '--json'], { env });
    expect((JSON.parse(retried.stdout) as { status: string }[]).map((e) => e.status)).toEqual(['queued']);
    for (const args of [['--at', 'yesterday'], ['--at', '2d', '--send']]) {
      const r = await spawnCli(['reply', id, '--body-file', '-', ...args], { env, stdin: 'x\n' });
      expect([r.code, r.stderr.split('\n').length]).toEqual([2, 2]);
    }
  });
});
