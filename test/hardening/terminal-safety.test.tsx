/**
 * The terminal-safety proof: every message of the MIME corpus and every hostile case, rendered in
 * the TUI (list, conversation with its customer header, the reply review) and in every CLI text
 * output (list, customers, show, outbox, export, in TTY and piped modes), with colour off so that
 * h2h itself writes no escape sequence: then no byte written may be ESC, a C1 control or any other
 * control character but newline and tab, nor a bidi override or invisible character from mail.
 */
import chalk from 'chalk';
import { cleanup } from 'ink-testing-library';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Services } from '../../src/app/create-services.js';
import { corpusMessages } from '../helpers/corpus.js';
import { keys, renderTui } from '../helpers/render-tui.js';
import { runCli } from '../helpers/run-cli.js';
import { agent, fixture, input, servicesFor, type Fixture } from '../helpers/store-fixture.js';
import { suiteDir } from '../helpers/temp-dir.js';
import { hostileCases, unsafeForTerminal } from './hostile-cases.js';

// An account whose servers are closed ports on loopback: replies can be written and queued, nothing leaves.
const closed = { host: '127.0.0.1', port: 9, user: 'shop', tls: 'none' };
let f: Fixture;
let s: Services;
let ids: string[];
const level = chalk.level;

beforeAll(async () => {
  chalk.level = 0; // h2h's own styling off: any escape left came from mail
  f = fixture({ agent, account: { imap: closed, smtp: closed } }, suiteDir());
  s = await servicesFor(f);
  const mail = [...(await corpusMessages()).map((m) => m.raw), ...hostileCases.map((c) => c.raw())];
  await s.importer.import(mail.map((raw, i) => input(raw, `safety#${i}`)));
  ids = (await s.conversations.list()).map((c) => c.id);
}, 120_000);
afterAll(() => {
  chalk.level = level;
  cleanup();
});

function expectSafe(bytes: string, where: string) {
  expect(bytes, where).not.toContain('\u001b');
  const bad = unsafeForTerminal.exec(bytes);
  expect(bad && `U+${bad[0].codePointAt(0)!.toString(16).padStart(4, '0')} at ${bad.index} of ${where}: …${bytes.slice(Math.max(0, bad.index - 40), bad.index + 10)}`).toBeNull();
}

/** `exits`: the exit codes this command may end with (a reply is kept in the outbox: 4). */
async function cliOutput(args: string[], tty: boolean, exits = [0]): Promise<string> {
  const r = await runCli(args, { env: { ...f.env, NO_COLOR: '1', H2H_SMTP_PASSWORD: 'x' }, tty, columns: 100 });
  expect(exits, `h2h ${args.join(' ')}: ${r.stderr}`).toContain(r.exitCode);
  // The progress line's own redraw (ProgressLine: CR, erase line) is h2h's, and carries no mail.
  const bytes = r.stdout + r.stderr.replace(/\r\u001b\[2K/g, '');
  expectSafe(bytes, `h2h ${args.join(' ')} (${tty ? 'TTY' : 'piped'}, exit ${r.exitCode})`);
  return bytes;
}

describe('terminal safety: nothing from mail reaches the terminal as a control', () => {
  it('imports the whole corpus and every hostile case', () => {
    expect(ids.length).toBeGreaterThan(150);
  });

  it('in every CLI text output, on a terminal and piped', async () => {
    for (const tty of [true, false]) {
      await cliOutput(['list'], tty);
      await cliOutput(['list', '--json'], tty);
      await cliOutput(['list', '--format', '{id}\\t{subject}\\t{customer.name}\\t{customer.email}\\t{tags}'], tty);
      await cliOutput(['customers'], tty);
      await cliOutput(['customers', '--json'], tty);
      await cliOutput(['export', '--format', 'jsonl'], tty);
      for (const id of ids) {
        await cliOutput(['show', id], tty);
        if (tty) await cliOutput(['show', '--quotes', id], tty);
        else await cliOutput(['show', '--json', id], tty);
      }
    }
    // CSV and mbox carry mail as it is: refused on a terminal, in one safe line.
    expect(await cliOutput(['export', '--format', 'csv'], true, [2])).toMatch(/^h2h: a CSV on the terminal/);
    // Piped, the CSV is data for a program, exactly as the mail has it.
    expect((await runCli(['export', '--format', 'csv'], { env: f.env })).exitCode).toBe(0);
  }, 300_000);

  it('in replies queued to every customer and the outbox that lists them', async () => {
    const body = join(f.root, 'body.txt');
    writeFileSync(body, 'Thank you for writing.\n');
    // Exit 4: kept in the outbox (the SMTP port is closed); 2: a message with no address to answer.
    for (const id of ids) await cliOutput(['reply', id, '--body-file', body, '--send'], true, [4, 2]);
    const outbox = await cliOutput(['outbox'], true);
    expect(outbox.split('\n').length).toBeGreaterThan(ids.length / 2);
    await cliOutput(['outbox', '--json'], true);
    await cliOutput(['outbox'], false);
  }, 300_000);

  it('in the TUI: the list, each conversation top and bottom with its customer, and the reply review', async () => {
    const t = renderTui({ conversations: s.conversations, replies: s.replies, sync: null, clock: s.clock }, { columns: 100, rows: 30 });
    await t.waitFor('conversations');
    t.press('5');
    await t.waitFor(/5 All/);
    expectSafe(t.raw(), 'the list');
    for (let i = 0; i < ids.length; i++) {
      t.press(keys.enter);
      // Opened where the reading starts (its first unread or newest message), then at its top: the customer.
      await vi.waitFor(() => expect(t.frame().split('\n')[0]).toMatch(/ (open|waiting|closed|snoozed) {2}(end|↓ \d+ more lines)$/), { timeout: 60_000 });
      expectSafe(t.raw(), `conversation ${i + 1}, as opened`);
      t.press('g');
      await vi.waitFor(() => expect(t.frame()).toMatch(/\d+(st|nd|rd|th) conversation/), { timeout: 60_000 });
      expectSafe(t.raw(), `conversation ${i + 1}, top`);
      t.press('G');
      // Checked once the bottom is drawn: the title says "end" there (it never gives way to the subject).
      await vi.waitFor(() => expect(t.frame().split('\n')[0]).toMatch(/ end$/), { timeout: 10_000 });
      expectSafe(t.raw(), `conversation ${i + 1}, bottom`);
      t.press('r');
      await t.waitFor(/Reply — writing|no address to reply to/);
      if (t.frame().includes('Reply — writing')) {
        expectSafe(t.raw(), `reply ${i + 1}`);
        t.press(keys.escape);
        await t.waitFor('Reply — review');
        expectSafe(t.raw(), `reply review ${i + 1}`);
        t.press('d');
        t.press('y');
        await vi.waitFor(() => expect(t.frame()).not.toContain('Reply —'), { timeout: 10_000 });
      }
      t.press('q');
      await t.waitFor(/5 All/);
      t.press('j');
      expectSafe(t.raw(), `the list at ${i + 2}`);
    }
  }, 300_000);
});
