/**
 * New mail (`h2h compose`), end to end against the test Dovecot and a real SMTP server on loopback:
 * the bytes SMTP gets (greeting, signature, attachment, no threading headers), the same message in
 * Sent, the conversation it starts (with that customer, waiting), the customer's answer joining it;
 * drafts kept and sent later, taken back from the outbox, and input refused with one line.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import PostalMime from 'postal-mime';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { appendMessages, fetchSources } from '../mail-harness/mailbox.js';
import { freePort } from '../mail-harness/dovecot.js';
import { startSmtpSink, type SmtpSink } from '../mail-harness/smtp-sink.js';
import { spawnCli } from '../helpers/spawn-cli.js';
import { shopWithQuestion } from '../helpers/reply-shop.js';
import { rawMessage } from '../helpers/store-fixture.js';

const sinks: SmtpSink[] = [];
afterEach(async () => {
  for (const s of sinks.splice(0)) await s.stop();
});

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function shop(port?: number) {
  const { dovecot } = inject('mail');
  const sink = await startSmtpSink({ lmtpPort: dovecot.lmtpPort, port });
  sinks.push(sink);
  return { sink, ...(await shopWithQuestion(sink.port)) };
}

type Listed = { id: string; status: string; customer: { email: string }; messageCount: number; subject: string };
const list = async (env: Record<string, string>) => JSON.parse((await spawnCli(['list', '--json'], { env })).stdout) as Listed[];

describe('h2h compose', () => {
  it('sends new mail greeting by first name with the signature; it starts a conversation, waiting; the answer joins it', async () => {
    const s = await shop();
    const sheet = Buffer.from('size chart bytes \u0000\u00ff');
    const path = join(s.f.root, 'Kokotaulukko.pdf');
    writeFileSync(path, sheet);
    const sent = await spawnCli(['compose', '--to', 'Päivi Järvinen <paivi@example.fi>', '--subject', 'Back in stock', '--body-file', '-', '--attach', path, '--send', '--json'], { env: s.env, stdin: 'The boots you asked about are back, size chart attached.\n' });
    expect([sent.code, sent.stderr]).toEqual([0, '']);
    const entry = JSON.parse(sent.stdout) as { kind: string; conversationId: string; messageId: string; to: string[]; status: string; filedInSent: boolean };
    expect(entry).toMatchObject({ kind: 'new', to: ['paivi@example.fi'], status: 'sent', filedInSent: true });

    expect(s.sink.messages).toHaveLength(1);
    const { raw, from, to } = s.sink.messages[0];
    expect([from, to]).toEqual(['riitta@shop.example', ['paivi@example.fi']]);
    const parsed = await PostalMime.parse(raw, { attachmentEncoding: 'arraybuffer' });
    expect(parsed.subject).toBe('Back in stock');
    expect(parsed.from).toMatchObject({ name: 'Riitta Virtanen', address: 'riitta@shop.example' });
    expect(parsed.text?.replace(/\r\n/g, '\n').trimEnd()).toBe('Hi Päivi,\n\nThe boots you asked about are back, size chart attached.\n\nBest wishes,\nRiitta Virtanen');
    expect(parsed.inReplyTo).toBeUndefined();
    expect(parsed.attachments.map((a) => [a.filename, sha(new Uint8Array(a.content as ArrayBuffer))])).toEqual([['Kokotaulukko.pdf', sha(sheet)]]);
    expect([...(await fetchSources(s.dovecot, s.f.user, 'Sent')).values()].map(sha)).toEqual([sha(raw)]);

    // The conversation is there at once, with Päivi, waiting on her; the entry names it.
    const started = (await list(s.env)).find((c) => c.customer.email === 'paivi@example.fi');
    expect(started).toMatchObject({ id: entry.conversationId, status: 'waiting', messageCount: 1, subject: 'Back in stock' });

    // Her answer (threaded by In-Reply-To) joins it and puts it back in front of the owner.
    await appendMessages(s.dovecot, s.f.user, 'INBOX', [rawMessage({ from: 'Päivi Järvinen <paivi@example.fi>', to: 'riitta@shop.example', subject: 'Re: Back in stock', id: '<answer@example.fi>', irt: entry.messageId, refs: entry.messageId, date: new Date(Date.now() + 60_000).toUTCString(), body: 'Great, I take size 39!' })]);
    expect((await spawnCli(['sync'], { env: s.env })).code).toBe(0);
    const after = (await list(s.env)).filter((c) => c.customer.email === 'paivi@example.fi');
    expect(after).toMatchObject([{ id: entry.conversationId, status: 'open', messageCount: 2 }]);
  });

  it('greets a known customer by the name h2h knows; a draft is kept, shown in the outbox as new mail once queued', async () => {
    const s = await shop();
    // Anna Korhonen (anna@example.com) wrote before: her record has her name.
    const saved = await spawnCli(['compose', '--to', 'anna@example.com', '--subject', 'Your order', '--body-file', '-', '--json'], { env: s.env, stdin: 'It is ready for pick-up.\n' });
    expect(saved.code).toBe(0);
    const { draft } = JSON.parse(saved.stdout) as { draft: { key: string; text: string } };
    expect(draft.key).toMatch(/^new-[0-9a-f]{8}$/);
    expect(draft.text).toBe('Hi Anna,\n\nIt is ready for pick-up.\n\nBest wishes,\nRiitta Virtanen\n');
    expect(s.sink.messages).toHaveLength(0);
    const sent = await spawnCli(['compose', '--draft', draft.key, '--send'], { env: s.env });
    expect([sent.code, sent.stderr]).toEqual([0, 'sent to anna@example.com: "Your order"\n']);
    expect(s.sink.messages[0].raw.toString('utf8')).toContain('It is ready for pick-up.');
    const again = await spawnCli(['compose', '--draft', draft.key, '--send'], { env: s.env });
    expect([again.code, again.stderr]).toEqual([3, `h2h: no new mail ${draft.key} among the drafts\n`]);
  });

  it('mail that could not go is taken back from the outbox as a draft, and goes later, once', async () => {
    const port = await freePort();
    const { dovecot } = inject('mail');
    // No SMTP server yet on that port: the send fails and the mail waits in the outbox.
    const s = { ...(await shopWithQuestion(port)) };
    const failed = await spawnCli(['compose', '--to', 'ben@example.com', '--subject', 'Hello', '--body-file', '-', '--send', '--json'], { env: s.env, stdin: 'Your parcel.\n' });
    expect(failed.code).toBe(4);
    const entry = JSON.parse(failed.stdout) as { id: string; kind: string; status: string; conversationId: string };
    expect(entry).toMatchObject({ kind: 'new', status: 'failed' });
    const discarded = await spawnCli(['outbox', '--discard', entry.id], { env: s.env });
    expect([discarded.code, discarded.stderr]).toEqual([0, `discarded ${entry.id}: its text is the draft of new mail ${entry.conversationId} (h2h compose --draft ${entry.conversationId}, or m in the TUI) again\nthe outbox is empty\n`]);
    const sink = await startSmtpSink({ lmtpPort: dovecot.lmtpPort, port });
    sinks.push(sink);
    expect((await spawnCli(['compose', '--draft', entry.conversationId, '--send'], { env: s.env })).code).toBe(0);
    expect(sink.messages.map((m) => m.to)).toEqual([['ben@example.com']]);
    expect(JSON.parse((await spawnCli(['outbox', '--json'], { env: s.env })).stdout)).toMatchObject([{ kind: 'new', status: 'sent' }]);
  });

  it('refuses with one line what cannot go, and sends nothing', async () => {
    const s = await shop();
    const cases: [string[], string, string][] = [
      [['--subject', 'x', '--body-file', '-', '--send'], 'Hello.\n', 'h2h: who is it to? give --to ADDRESS (or --draft KEY to go on with a saved one)\n'],
      [['--to', 'ben at example.com', '--subject', 'x', '--body-file', '-', '--send'], 'Hello.\n', 'h2h: "ben at example.com" is not an email address\n'],
      [['--to', 'ben@example.com', '--body-file', '-', '--send'], 'Hello.\n', 'h2h: the message has no subject: give it one with --subject\n'],
      [['--to', 'ben@example.com', '--subject', 'x', '--send'], '', 'h2h: give the text with --body-file FILE (or - for standard input); the TUI (m) has the editor\n'],
      [['--to', 'ben@example.com', '--subject', 'x', '--body-file', '-', '--send'], 'Invoice attached.\n', 'h2h: not sent: the message says "attached" but has no attachment; add --attach FILE, or --yes to send it as it is\n'],
    ];
    for (const [args, stdin, error] of cases) {
      const refused = await spawnCli(['compose', ...args], { env: s.env, stdin });
      expect([refused.code, refused.stderr]).toEqual([2, error]);
    }
    expect(s.sink.messages).toHaveLength(0);
  });
});
