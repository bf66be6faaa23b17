import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ReplyCollisionError } from '../../../src/core/errors.js';
import { agent, fixture, fixedClock, input, rawMessage, servicesFor } from '../../helpers/store-fixture.js';
import { spawnCli } from '../../helpers/spawn-cli.js';
import { runCli } from '../../helpers/run-cli.js';

const shop = `${agent.name} <${agent.email}>`;

async function withQuestionIn() {
  const f = fixture();
  const s = await servicesFor(f, fixedClock('2026-11-10T12:00:00Z'));
  await s.importer.import([input(rawMessage({ from: 'Anna Virtanen <anna@ex.com>', to: shop, subject: 'Size', id: '<a1@ex.com>' }))]);
  const [c] = await s.conversations.list();
  return { f, s, replies: s.replies!, id: c.id };
}

async function withQuestion() {
  const s = await servicesFor(fixture(), fixedClock('2026-11-10T12:00:00Z'));
  await s.importer.import([input(rawMessage({ from: 'Anna Virtanen <anna@ex.com>', to: shop, subject: 'Size', id: '<a1@ex.com>' }))]);
  const [c] = await s.conversations.list();
  return { s, replies: s.replies!, id: c.id };
}

describe('ReplyService (no mail server: the outbox keeps everything)', () => {
  it('remembers a greeting the owner changed, for the next reply to that customer', async () => {
    const { replies, id } = await withQuestion();
    const first = await replies.draft(id);
    expect(first.text.startsWith('Hi Anna,\n')).toBe(true);
    await replies.queue(first, 'Hi Annie,\n\nthe size chart is attached.\n\nRiitta');
    expect((await replies.draft(id)).text.startsWith('Hi Annie,\n')).toBe(true);
  });

  it('refuses a reply with nothing of the owner in it: greeting, signature and quote only', async () => {
    const { replies, id } = await withQuestion();
    const draft = await replies.draft(id);
    for (const text of [draft.text, `${draft.text.trimEnd()}\n\n${draft.quote}\n`, 'Hello,\n\n\n\nRiitta Virtanen\n', '   \n']) {
      await expect(replies.queue(draft, text), JSON.stringify(text)).rejects.toThrow(/the reply is empty/);
    }
    expect(await replies.outbox()).toEqual([]);
    await expect(replies.queue(draft, `${draft.text.replace('\n\n\n', '\n\nok\n')}`)).resolves.toMatchObject({ status: 'queued' });
  });

  it('discards a reply that has not gone (h2h outbox --discard), keeping its words as the draft, never losing a text', async () => {
    const { f, replies, id } = await withQuestionIn();
    const entry = await replies.queue(await replies.draft(id), 'Hi Anna,\n\nthe size chart\n\nRiitta', { immediately: true });
    await replies.sendDue(); // no SMTP server: failed, kept
    const cli = await runCli(['outbox', '--discard', entry.id], { env: f.env });
    expect(cli.exitCode).toBe(0);
    expect(cli.stderr).toContain(`discarded ${entry.id}: its text is the draft of conversation ${id} again`);
    expect(await replies.outbox()).toEqual([]);
    expect((await replies.draft(id)).text).toBe('Hi Anna,\n\nthe size chart\n\nRiitta');
    expect((await runCli(['outbox', '--discard', entry.id], { env: f.env })).exitCode).toBe(3);
    // Queued again, then another draft written meanwhile: discarding would lose one text, so it is refused.
    const again = await replies.queue(await replies.draft(id), 'Hi Anna,\n\nsecond try\n\nRiitta');
    await replies.saveDraft(id, 'Hi Anna,\n\na third text', again.baseSeq);
    await expect(replies.discard(again.id)).rejects.toThrow(/has a draft already/);
    expect((await replies.outbox()).map((e) => e.id)).toEqual([again.id]);
    expect((await replies.draft(id)).text).toBe('Hi Anna,\n\na third text');
  });

  it('stops a reply when the customer wrote again after it was started, and keeps it queued nowhere', async () => {
    const { s, replies, id } = await withQuestion();
    const draft = await replies.draft(id);
    await s.importer.import([input(rawMessage({ from: 'Anna Virtanen <anna@ex.com>', to: shop, subject: 'Re: Size', id: '<a2@ex.com>', irt: '<a1@ex.com>', refs: '<a1@ex.com>', date: 'Tue, 03 Nov 2026 10:00:00 +0000' }))]);
    await expect(replies.queue(draft, 'Hi Anna,\n\nx')).rejects.toThrow(ReplyCollisionError);
    expect(await replies.outbox()).toEqual([]);
  });

  it("queueOrKeep: stopped by the customer's new message, the words become the draft, based on what came in (the next try goes)", async () => {
    const { s, replies, id } = await withQuestion();
    const draft = await replies.draft(id);
    await s.importer.import([input(rawMessage({ from: 'Anna Virtanen <anna@ex.com>', to: shop, subject: 'Re: Size', id: '<a2@ex.com>', irt: '<a1@ex.com>', refs: '<a1@ex.com>', date: 'Tue, 03 Nov 2026 10:00:00 +0000' }))]);
    const stopped = await replies.queueOrKeep(draft, 'Hi Anna,\n\nsize 39 fits\n\nRiitta');
    expect('kept' in stopped && stopped.kept).toBeInstanceOf(ReplyCollisionError);
    expect(await replies.outbox()).toEqual([]);
    const kept = await replies.draft(id);
    expect(kept.text).toBe('Hi Anna,\n\nsize 39 fits\n\nRiitta');
    expect(kept.baseSeq).toBeGreaterThan(draft.baseSeq);
    const again = await replies.queueOrKeep(kept, kept.text);
    expect('queued' in again && again.queued.text).toBe('Hi Anna,\n\nsize 39 fits\n\nRiitta');
  });

  it('opening a conversation marks it read once (the rule is the service\'s: the TUI and any other front end alike)', async () => {
    const { s, id } = await withQuestion();
    expect((await s.conversations.get(id)).isUnread).toBe(true);
    expect(await s.conversations.opened(id)).toBe(true);
    expect((await s.conversations.get(id)).isUnread).toBe(false);
    expect(await s.conversations.opened(id)).toBe(false);
  });

  it('does not stop a reply for old mail imported into the conversation after it was started', async () => {
    const { s, replies, id } = await withQuestion();
    const anna = 'Anna Virtanen <anna@ex.com>';
    await s.importer.import([input(rawMessage({ from: anna, to: shop, subject: 'Re: Size', id: '<a3@ex.com>', irt: '<a1@ex.com>', refs: '<a1@ex.com>', date: 'Wed, 04 Nov 2026 10:00:00 +0000' }))]);
    const draft = await replies.draft(id);
    // Her message of the day between, from an archive imported later: it arrives after the draft was started, dated before its newest message.
    await s.importer.import([input(rawMessage({ from: anna, to: shop, subject: 'Re: Size', id: '<a2@ex.com>', irt: '<a1@ex.com>', refs: '<a1@ex.com>', date: 'Tue, 03 Nov 2026 10:00:00 +0000' }))]);
    const seqs = (await s.conversations.get(id)).record.seqs;
    expect(seqs).toHaveLength(3);
    expect(Math.max(...seqs)).toBeGreaterThan(draft.baseSeq);
    await expect(replies.queue(draft, 'Hi Anna,\n\nx')).resolves.toMatchObject({ status: 'queued' });
  });

  it('keeps a reply without an SMTP server in the outbox, failed with the reason, and lets the owner take it back', async () => {
    const { s, replies, id } = await withQuestion();
    const entry = await replies.queue(await replies.draft(id), 'Hi Anna,\n\nok\n\nRiitta', { immediately: true });
    const [result] = await replies.sendDue();
    expect(result).toMatchObject({ outcome: 'retry', noSender: true, entry: { status: 'failed', lastError: 'no SMTP server configured' } });
    // is:failed finds it (through the compiled SQL and the JS matcher alike), until it is taken back.
    expect((await s.conversations.listItems('is:failed')).map((c) => c.id)).toEqual([id]);
    expect((await s.conversations.listItems('is:failed OR is:draft')).map((c) => c.id)).toEqual([id]);
    expect(await s.conversations.listItems('NOT is:failed')).toEqual([]);
    expect((await replies.troubles(id)).map((e) => e.id)).toEqual([entry.id]);
    const draft = await replies.unqueue(entry.id);
    expect(await s.conversations.listItems('is:failed')).toEqual([]);
    expect(draft.text).toBe('Hi Anna,\n\nok\n\nRiitta');
    expect(await replies.outbox()).toEqual([]);
    expect((await replies.draft(id)).isSaved).toBe(true);
  });

  it('marks a retry of a reply that had failed before as a repeat (again), the first failure not', async () => {
    const { replies, id } = await withQuestion();
    await replies.queue(await replies.draft(id), 'Hi Anna,\n\nok\n\nRiitta', { immediately: true });
    const [first] = await replies.sendDue();
    expect(first).toMatchObject({ outcome: 'retry', entry: { attempts: 1 } });
    expect(first.again).toBeUndefined();
    const [second] = await replies.sendDue({ force: true });
    expect(second).toMatchObject({ outcome: 'retry', again: true, entry: { attempts: 2, status: 'failed' } });
  });

  it('takes a reply back with the point it was started from, so sending it again is no collision', async () => {
    const { s, replies, id } = await withQuestion();
    // The shop already answered once (seq above the customer's message): the conversation's newest is ours.
    await s.importer.import([input(rawMessage({ from: shop, to: 'Anna Virtanen <anna@ex.com>', subject: 'Re: Size', id: '<r1@shop.example>', irt: '<a1@ex.com>', refs: '<a1@ex.com>', date: 'Tue, 03 Nov 2026 10:00:00 +0000' }))]);
    const entry = await replies.queue(await replies.draft(id), 'Hi Anna,\n\nmore\n\nRiitta');
    await replies.unqueue(entry.id);
    const again = await replies.draft(id);
    await expect(replies.queue(again, again.text)).resolves.toMatchObject({ status: 'queued' });
  });

  it('fills in snippets from text files in the config folder, from the TUI and from the CLI', async () => {
    const f = fixture();
    mkdirSync(join(f.root, 'snippets'));
    writeFileSync(join(f.root, 'snippets', 'shipping.txt'), 'Your order is on its way, {{customer.firstName | friend}}.\r\n{{agent.firstName}} from the shop\n');
    writeFileSync(join(f.root, 'snippets', 'not a name.txt'), 'x');
    const s = await servicesFor(f, fixedClock('2026-11-10T12:00:00Z'));
    await s.importer.import([input(rawMessage({ from: 'Anna Virtanen <anna@ex.com>', to: shop, subject: 'Size', id: '<a1@ex.com>' }))]);
    const [c] = await s.conversations.list();
    expect(await s.replies!.snippetNames()).toEqual(['shipping']);
    expect((await s.replies!.snippet('shipping', c.id)).text).toBe('Your order is on its way, Anna.\nRiitta from the shop');
    await expect(s.replies!.snippet('../config', c.id)).rejects.toThrow(/no snippet "..\/config"/);
    const cli = await spawnCli(['reply', c.id, '--snippet', 'shipping', '--json'], { env: f.env });
    expect(cli.code).toBe(0);
    expect((JSON.parse(cli.stdout) as { draft: { text: string } }).draft.text).toBe('Hi Anna,\n\nYour order is on its way, Anna.\nRiitta from the shop\n\nBest wishes,\nRiitta Virtanen\n');
  });
});

describe('ReplyService with an SMTP server', () => {
  const servers: SMTPServer[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await new Promise<void>((resolve) => server.close(() => resolve()));
    vi.unstubAllEnvs();
  });

  it('two h2h on one data folder sending the same outbox at once: the reply goes once', async () => {
    const delivered: string[] = [];
    const smtp = new SMTPServer({
      authOptional: true, allowInsecureAuth: true, disabledCommands: ['STARTTLS'], logger: false,
      onAuth: (auth, _session, callback) => callback(null, { user: auth.username }),
      onData(stream, session, callback) {
        stream.resume();
        stream.on('end', () => {
          delivered.push(session.envelope.rcptTo.map((r) => r.address).join(','));
          callback();
        });
      },
    });
    servers.push(smtp);
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const port = (smtp.server.address() as { port: number }).port;
    // IMAP is a closed port: the reply is sent and its filing waits, which does not matter here.
    vi.stubEnv('H2H_SMTP_PASSWORD', 'any');
    const f = fixture({ agent, account: { imap: { host: '127.0.0.1', port: 9, user: 'shop', tls: 'none' }, smtp: { host: '127.0.0.1', port, user: 'shop', tls: 'none' } } });
    const one = await servicesFor(f, fixedClock('2026-11-10T12:00:00Z'));
    await one.importer.import([input(rawMessage({ from: 'Anna Virtanen <anna@ex.com>', to: shop, subject: 'Size', id: '<a1@ex.com>' }))]);
    const [c] = await one.conversations.list();
    const entry = await one.replies!.queue(await one.replies!.draft(c.id), 'Hi Anna,\n\nonce\n\nRiitta', { immediately: true });
    const two = await servicesFor(f, fixedClock('2026-11-10T12:00:00Z'));

    const results = (await Promise.all([one.replies!.sendDue(), two.replies!.sendDue()])).flat();
    expect(delivered).toEqual(['anna@ex.com']);
    expect(results.filter((r) => r.entry.status === 'sent')).toHaveLength(1);
    expect((await two.replies!.outbox()).map((e) => [e.id, e.status])).toEqual([[entry.id, 'sent']]);
    // Again from either: nothing left to send.
    await one.replies!.sendDue();
    await two.replies!.sendDue();
    expect(delivered).toHaveLength(1);
  });
});
