/**
 * `h2h reply` and `h2h outbox` end to end, against the test Dovecot and a real SMTP server
 * (smtp-server) on loopback: the bytes the SMTP server receives, the copy in Sent, \Answered, and
 * a reply that waits in the outbox while SMTP is down and goes exactly once when it is back.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { freePort } from '../mail-harness/dovecot.js';
import { appendMessages, ensureFolder, fetchFlags, fetchSources, withImap } from '../mail-harness/mailbox.js';
import { startSmtpSink, type SmtpSink } from '../mail-harness/smtp-sink.js';
import { spawnCli } from '../helpers/spawn-cli.js';
import { exchange, syncFixture } from '../helpers/sync-fixture.js';
import { agent, fixture, rawMessage } from '../helpers/store-fixture.js';
import { shopWithQuestion } from '../helpers/reply-shop.js';

const sinks: SmtpSink[] = [];
afterEach(async () => {
  for (const s of sinks.splice(0)) await s.stop();
});

const header = (raw: string, name: string) => new RegExp(`^${name}: (.*(?:\\r\\n[ \\t].*)*)`, 'mi').exec(raw)?.[1].replace(/\r\n[ \t]+/g, ' ');

describe('h2h reply', () => {
  it('without an SMTP server, keeps the reply; the CLI says how to set one up, the outbox keeps the fact', async () => {
    const f = fixture();
    const question = join(f.root, 'question.eml');
    writeFileSync(question, rawMessage({ from: 'anna@example.com', to: agent.email, subject: 'Where is my parcel?', id: '<q-no-smtp@example.com>' }));
    expect((await spawnCli(['import', question], { env: f.env })).code).toBe(0);
    const [conversation] = JSON.parse((await spawnCli(['list', '--json'], { env: f.env })).stdout) as { id: string }[];
    const sent = await spawnCli(['reply', conversation.id, '--body-file', '-', '--send'], { env: f.env, stdin: 'It is on its way.\n' });
    expect(sent.code).toBe(4);
    expect(sent.stderr).toMatch(/^h2h: not sent, kept in the outbox as \S+: no SMTP server configured \(h2h init sets one up\); h2h outbox --retry sends it\n$/);
    const retried = await spawnCli(['outbox', '--retry'], { env: f.env });
    expect(retried.stderr).toMatch(/^not sent \S+: no SMTP server configured \(h2h init sets one up\)\n/);
    const [entry] = JSON.parse((await spawnCli(['outbox', '--json'], { env: f.env })).stdout) as { status: string; lastError: string }[];
    expect(entry).toMatchObject({ status: 'failed', lastError: 'no SMTP server configured' });
  });

  it('sends one personal, threaded reply; files it in Sent; sets \\Answered; the conversation waits', async () => {
    const { dovecot } = inject('mail');
    const sink = await startSmtpSink({ lmtpPort: dovecot.lmtpPort });
    sinks.push(sink);
    const shop = await shopWithQuestion(sink.port);
    const sent = await spawnCli(['reply', shop.id, '--body-file', '-', '--send'], { env: shop.env, stdin: 'Your order left our warehouse today.\n' });
    expect(sent.stderr).toContain('sent to anna@example.com');
    expect(sent.code).toBe(0);

    expect(sink.messages).toHaveLength(1);
    const raw = sink.messages[0].raw.toString('utf8');
    expect(sink.messages[0].to).toEqual(['anna@example.com']);
    expect(header(raw, 'From')).toBe('Riitta Virtanen <riitta@shop.example>');
    expect(header(raw, 'To')).toBe('Anna Korhonen <anna@example.com>');
    expect(header(raw, 'Subject')).toBe('Re: Order 1000');
    expect(header(raw, 'In-Reply-To')).toBe('<q0@example.com>');
    expect(header(raw, 'References')).toBe('<q0@example.com>');
    expect(header(raw, 'Message-ID')).toMatch(/^<[^@]+@shop\.example>$/);
    expect(header(raw, 'X-Mailer')).toBeUndefined();
    const body = raw.split('\r\n\r\n').slice(1).join('\r\n\r\n');
    expect(body.startsWith('Hi Anna,\r\n\r\nYour order left our warehouse today.\r\n\r\nBest wishes,\r\nRiitta Virtanen')).toBe(true);

    // The exact bytes in Sent; \Answered on the question.
    const inSent = [...(await fetchSources(dovecot, shop.f.user, 'Sent')).values()];
    expect(inSent.map((b) => b.toString('utf8'))).toEqual([raw]);
    expect((await fetchFlags(dovecot, shop.f.user, 'INBOX')).get(shop.questionUid)).toContain('\\Answered');

    // In the conversation at once, which now waits on the customer; a sync later adds nothing twice.
    const show = JSON.parse((await spawnCli(['show', shop.id, '--json'], { env: shop.env })).stdout) as { status: string; messages: { direction: string; text: string }[] };
    expect(show.status).toBe('waiting');
    expect(show.messages.map((m) => m.direction)).toEqual(['inbound', 'outbound']);
    expect((await spawnCli(['sync'], { env: shop.env })).code).toBe(0);
    const after = JSON.parse((await spawnCli(['show', shop.id, '--json'], { env: shop.env })).stdout) as { messages: unknown[] };
    expect(after.messages).toHaveLength(2);
    const outbox = JSON.parse((await spawnCli(['outbox', '--json'], { env: shop.env })).stdout) as { status: string; filedInSent: boolean }[];
    expect(outbox).toMatchObject([{ status: 'sent', filedInSent: true }]);

    // A draft from a body keeps the greeting h2h writes; the next draft is saved for the TUI.
    const drafted = await spawnCli(['reply', shop.id, '--body-file', '-', '--json'], { env: shop.env, stdin: 'One more thing.' });
    expect(drafted.code).toBe(0);
    expect((JSON.parse(drafted.stdout) as { draft: { text: string } }).draft.text).toBe('Hi Anna,\n\nOne more thing.\n\nBest wishes,\nRiitta Virtanen\n');
  });

  it('keeps the reply in the outbox while SMTP is down, and sends it exactly once when it is back', async () => {
    const { dovecot } = inject('mail');
    const port = await freePort();
    const shop = await shopWithQuestion(port);
    const failed = await spawnCli(['reply', shop.id, '--body-file', '-', '--send'], { env: shop.env, stdin: 'Coming tomorrow.\n' });
    expect(failed.code).toBe(4);
    expect(failed.stderr).toMatch(/^h2h: not sent, kept in the outbox as \S+: .*connection refused.*; h2h outbox --retry sends it\n$/);
    const waiting = JSON.parse((await spawnCli(['outbox', '--json'], { env: shop.env })).stdout) as { status: string; lastError: string }[];
    expect(waiting).toMatchObject([{ status: 'failed' }]);

    const sink = await startSmtpSink({ lmtpPort: dovecot.lmtpPort, port });
    sinks.push(sink);
    const retried = await spawnCli(['outbox', '--retry', '--json'], { env: shop.env });
    expect(retried.code).toBe(0);
    expect(JSON.parse(retried.stdout)).toMatchObject([{ status: 'sent', filedInSent: true }]);
    // Again: nothing left to send.
    expect((await spawnCli(['outbox', '--retry'], { env: shop.env })).code).toBe(0);
    expect(sink.messages).toHaveLength(1);
    expect(header(sink.messages[0].raw.toString('utf8'), 'Subject')).toBe('Re: Order 1000');
    expect((await fetchSources(dovecot, shop.f.user, 'Sent')).size).toBe(1);
  });

  it('removes CR, LF and control characters from header values taken from mail (checked on the bytes SMTP receives)', async () => {
    const { dovecot } = inject('mail');
    const sink = await startSmtpSink({ lmtpPort: dovecot.lmtpPort });
    sinks.push(sink);
    const f = await syncFixture(dovecot, { smtp: { host: '127.0.0.1', port: sink.port, user: 'shop', tls: 'none' } });
    await withImap(dovecot, f.user, (c) => ensureFolder(c, 'Sent'));
    const hostile = [
      'From: =?utf-8?Q?Anna=0D=0ABcc:_evil@evil.example?= <anna@example.com>',
      'To: Riitta Virtanen <riitta@shop.example>',
      'Subject: =?utf-8?Q?Order=0D=0ABcc:_evil2@evil.example=1B[2J?=',
      'Message-ID: <hostile@example.com>',
      'Date: Mon, 02 Nov 2026 09:00:00 +0000',
      '',
      'Hello',
      '',
    ].join('\r\n');
    await appendMessages(dovecot, f.user, 'INBOX', [hostile]);
    const env = { ...f.env, H2H_SMTP_PASSWORD: 'any' };
    expect((await spawnCli(['sync'], { env })).code).toBe(0);
    const [c] = JSON.parse((await spawnCli(['list', '--json'], { env })).stdout) as { id: string }[];
    expect((await spawnCli(['reply', c.id, '--body-file', '-', '--send'], { env, stdin: 'Thanks.' })).code).toBe(0);
    const [message] = sink.messages;
    expect(message.to).toEqual(['anna@example.com']);
    const head = message.raw.toString('utf8').split('\r\n\r\n')[0];
    expect(head).not.toMatch(/^bcc:/im);
    expect(head).not.toMatch(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/);
    // Still one To and one Subject header, each holding the cleaned text.
    expect(head.match(/^To:/gm)).toHaveLength(1);
    expect(head.match(/^Subject:/gm)).toHaveLength(1);
    expect(header(message.raw.toString('utf8'), 'Subject')).toContain('Order');
  });

  it('never sends twice a reply whose send ended in the dark: it waits for the owner\'s decision', async () => {
    // An SMTP server that takes the message and drops the connection instead of answering, the first time only.
    let received = 0;
    const server: SMTPServer = new SMTPServer({
      secure: false, authOptional: true, allowInsecureAuth: true, disabledCommands: ['STARTTLS'], logger: false,
      onAuth: (auth, _session, callback) => callback(null, { user: auth.username }),
      onData(stream, _session, callback) {
        stream.resume();
        stream.on('end', () => {
          received++;
          if (received === 1) for (const c of (server as unknown as { connections: Set<{ _socket: { destroy(): void } }> }).connections) c._socket.destroy();
          else callback();
        });
      },
    });
    server.on('error', () => {});
    const port = await freePort();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
    sinks.push({ host: '127.0.0.1', port, messages: [], stop: () => new Promise<void>((resolve) => server.close(() => resolve())) });
    const shop = await shopWithQuestion(port);

    const first = await spawnCli(['reply', shop.id, '--body-file', '-', '--send'], { env: shop.env, stdin: 'Maybe twice?' });
    expect(first.code).toBe(1);
    expect(first.stderr).toContain('may have been delivered');
    const [entry] = JSON.parse((await spawnCli(['outbox', '--json'], { env: shop.env })).stdout) as { id: string; status: string }[];
    expect(entry.status).toBe('unknown');
    // --retry leaves it alone; only the owner's --resend sends it again.
    expect((await spawnCli(['outbox', '--retry'], { env: shop.env })).code).toBe(0);
    expect(received).toBe(1);
    expect((await spawnCli(['outbox', '--resend', entry.id], { env: shop.env })).code).toBe(0);
    expect(received).toBe(2);
    expect(JSON.parse((await spawnCli(['outbox', '--json'], { env: shop.env })).stdout)).toMatchObject([{ status: 'sent' }]);
  });
});
