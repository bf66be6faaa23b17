/**
 * Reply-To sends the answer somewhere else than the sender: a spoofed customer address with the
 * attacker's Reply-To, or a list of 31 recipients. It must be shown (show, the TUI conversation and
 * review), a send to another domain than the sender's needs --yes (or a yes on the terminal), and
 * more than 5 addresses are refused. Sent through a real SMTP server on loopback.
 */
import chalk from 'chalk';
import { Readable } from 'node:stream';
import { cleanup } from 'ink-testing-library';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/main.js';
import type { Services } from '../../src/app/create-services.js';
import { keys, renderTui } from '../helpers/render-tui.js';
import { plain, runCli } from '../helpers/run-cli.js';
import { agent, fixture, input, rawMessage, servicesFor, type Fixture } from '../helpers/store-fixture.js';
import { suiteDir } from '../helpers/temp-dir.js';

/** What the SMTP server was asked to deliver: the envelope recipients of each message. */
const delivered: string[][] = [];
let smtp: SMTPServer;
let port = 0;
let f: Fixture;
let s: Services;
const level = chalk.level;
const ids: Record<string, string> = {};

const messages = {
  spoofed: { from: 'Bob Customer <bob@example.test>', headers: 'Reply-To: Bob <bob@evil.test>' },
  sameDomain: { from: 'Carol <carol@example.test>', headers: 'Reply-To: Orders <orders@example.test>' },
  same: { from: 'Dan <dan@example.test>', headers: 'Reply-To: Dan <dan@example.test>' },
  five: { from: 'Eve <eve@example.test>', headers: `Reply-To: ${[1, 2, 3, 4, 5].map((n) => `p${n}@other.test`).join(', ')}` },
  six: { from: 'Fay <fay@example.test>', headers: `Reply-To: ${[1, 2, 3, 4, 5, 6].map((n) => `q${n}@other.test`).join(', ')}` },
  thirtyOne: { from: 'Gus <gus@example.test>', headers: `Reply-To: ${Array.from({ length: 31 }, (_, n) => `r${n}@example.test`).join(', ')}` },
};
type Key = keyof typeof messages;

beforeAll(async () => {
  chalk.level = 0;
  smtp = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    onAuth: (_auth, _session, callback) => callback(null, { user: 'shop' }),
    onData(stream, session, callback) {
      stream.resume();
      stream.on('end', () => {
        delivered.push(session.envelope.rcptTo.map((r) => r.address));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  port = (smtp.server.address() as { port: number }).port;
  // IMAP is a closed port: the reply is sent, filing it in Sent waits (exit 5).
  f = fixture({ agent, account: { imap: { host: '127.0.0.1', port: 9, user: 'shop', tls: 'none' }, smtp: { host: '127.0.0.1', port, user: 'shop', tls: 'none' } } }, suiteDir());
  s = await servicesFor(f);
  const keysInOrder = Object.keys(messages) as Key[];
  await s.importer.import(keysInOrder.map((k, i) => input(rawMessage({ ...messages[k], to: 'riitta@shop.example', subject: `Case ${k}`, id: `<${k}@example.test>`, date: `Mon, 02 Nov 2026 1${i}:00:00 +0000` }))));
  for (const c of await s.conversations.list()) ids[c.subject.replace('Case ', '')] = c.id;
});
afterAll(async () => {
  chalk.level = level;
  cleanup();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});
beforeEach(() => {
  delivered.length = 0;
});

const env = () => ({ ...f.env, H2H_SMTP_PASSWORD: 'x' });
const reply = (key: Key, ...extra: string[]) => runCli(['reply', ids[key], '--body-file', '-', '--send', ...extra], { env: env(), stdin: 'We will look into it.\n' });

/** h2h on a terminal (stdin and stderr TTYs) with `answer` typed at its question. */
async function replyOnTerminal(key: Key, answer: string) {
  let stderr = '';
  const bodyFile = `${f.root}/body.txt`;
  (await import('node:fs')).writeFileSync(bodyFile, 'We will look into it.\n');
  const code = await main(['reply', ids[key], '--body-file', bodyFile, '--send'], {
    stdout: { write: () => true },
    stderr: { write: (t: string) => (stderr += t) },
    stdin: Readable.from([answer]),
    isStdoutTTY: true,
    isStderrTTY: true,
    isStdinTTY: true,
    columns: 80,
    env: { HOME: '/nonexistent', ...env() },
  });
  return { code, stderr };
}

describe('Reply-To', () => {
  it('h2h show shows it when it differs from the sender, marked when on another domain', async () => {
    const show = async (key: Key) => plain((await runCli(['show', ids[key]], { env: f.env, tty: true, columns: 100 })).stdout);
    expect(await show('spoofed')).toMatch(/Reply-To: Bob <bob@evil\.test>  ⚠ not the sender's domain/);
    expect(await show('sameDomain')).toMatch(/Reply-To: Orders <orders@example\.test>\n/);
    expect(await show('same')).not.toContain('Reply-To');
    const json = JSON.parse((await runCli(['show', '--json', ids.spoofed], { env: f.env })).stdout) as { messages: { replyTo: unknown }[] };
    expect(json.messages[0].replyTo).toEqual([{ name: 'Bob', email: 'bob@evil.test' }]);
  });

  it('h2h reply --send to another domain: exit 2, one line, nothing sent; --yes sends it', async () => {
    const refused = await reply('spoofed');
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toBe("h2h: not sent: the reply would go to Bob <bob@evil.test> (the message's Reply-To), not on the sender's domain (Bob Customer <bob@example.test>); add --yes to send it there\n");
    expect(delivered).toEqual([]);
    expect(await s.replies!.outbox()).toEqual([]);
    const sent = await reply('spoofed', '--yes');
    expect([0, 5], sent.stderr).toContain(sent.exitCode);
    expect(delivered).toEqual([['bob@evil.test']]);
  });

  it('on a terminal, asks first: no sends nothing, yes sends', async () => {
    const no = await replyOnTerminal('spoofed', 'n\n');
    expect(no.code).toBe(2);
    expect(no.stderr).toContain('To: Bob <bob@evil.test>');
    expect(no.stderr).toContain('Send it? (y/N)');
    expect(delivered).toEqual([]);
    const yes = await replyOnTerminal('spoofed', 'y\n');
    expect([0, 5], yes.stderr).toContain(yes.code);
    expect(delivered).toEqual([['bob@evil.test']]);
  });

  it('the same domain, or the sender itself, needs no yes', async () => {
    for (const key of ['sameDomain', 'same'] as const) {
      const r = await reply(key);
      expect([0, 5], r.stderr).toContain(r.exitCode);
    }
    expect(delivered).toEqual([['orders@example.test'], ['dan@example.test']]);
  });

  it('at most 5 Reply-To addresses: 6 or 31 are refused with the reason, 5 go (with --yes)', async () => {
    for (const [key, count] of [['six', 6], ['thirtyOne', 31]] as const) {
      const r = await reply(key, '--yes');
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toBe(`h2h: the message to answer asks for replies to ${count} addresses (Reply-To); h2h answers at most 5: reply from your mail program if that is meant\n`);
    }
    expect(delivered).toEqual([]);
    const five = await reply('five', '--yes');
    expect([0, 5], five.stderr).toContain(five.exitCode);
    expect(delivered).toEqual([[1, 2, 3, 4, 5].map((n) => `p${n}@other.test`)]);
  });

  it('the TUI shows it in the conversation and marks it in the reply review', async () => {
    const t = renderTui({ conversations: s.conversations, replies: s.replies, sync: null, clock: s.clock }, { columns: 80, rows: 30 });
    await t.waitFor('conversations');
    t.press('5');
    // Replies sent above left some conversations waiting: they show in All.
    await t.waitFor('Case spoofed');
    const rows = t.frame().split('\n').filter((l) => /Case /.test(l));
    const at = rows.findIndex((l) => l.includes('Case spoofed'));
    t.press('g');
    await vi.waitFor(() => expect(t.frame().split('\n')[1]).toMatch(/^›/));
    for (let n = 0; n < at; n++) t.press('j');
    t.press(keys.enter);
    await t.waitFor('Case spoofed');
    await vi.waitFor(() => expect(t.frame()).toContain("Reply-To: Bob <bob@evil.test>  ⚠ not the sender's domain"));
    t.press('r');
    await t.waitFor('Reply — writing');
    t.press(keys.escape);
    await t.waitFor('Reply — review');
    const review = t.frame();
    expect(review).toMatch(/To: +Bob <bob@evil\.test>/);
    expect(review).toMatch(/↳ the message's Reply-To; the sender is Bob Cust\S* <bob@example\.test>/);
    expect(review).toContain("⚠ not the sender's domain");
    t.unmount();
  });
});
