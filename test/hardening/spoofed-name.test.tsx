/**
 * A display name that pretends to be an address, padded with blanks so the real one falls off the
 * line: `From: "Bob Customer <bob@example.test>" + 150 × U+2800 <attacker@evil.test>`. On the bytes
 * h2h writes (TUI list, conversation, reply review; CLI list, show, customers, on an 80- and a
 * 60-column terminal and piped; md and html exports), the real address must be there whole and the
 * name flagged.
 */
import chalk from 'chalk';
import { cleanup } from 'ink-testing-library';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Services } from '../../src/app/create-services.js';
import { keys, renderTui } from '../helpers/render-tui.js';
import { plain, runCli } from '../helpers/run-cli.js';
import { agent, fixture, input, servicesFor, type Fixture } from '../helpers/store-fixture.js';
import { suiteDir } from '../helpers/temp-dir.js';

type Case = { what: string; name: string; flagged: boolean; encoded?: boolean };

const fake = 'Bob Customer <bob@example.test>';
const pad = (ch: string) => ch.repeat(150);
const cases: Case[] = [
  ...['\u2800', '\u3164', '\u115F', '\u1160', '\uFFA0', '\u200B', '\u00AD'].map((ch) => ({ what: `padded with U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`, name: fake + pad(ch), flagged: true })),
  { what: 'padded with U+2800, in an encoded word', name: fake + pad('\u2800'), flagged: true, encoded: true },
  { what: 'padded with no-break and ideographic spaces', name: fake + '\u00A0\u3000'.repeat(80), flagged: true },
  { what: 'right-to-left override', name: '\u202Etset.elpmaxe@bob\u202C Customer', flagged: true },
  { what: 'quotes inside the name', name: 'Bob "Customer" <bob@example.test>', flagged: true },
  { what: 'fullwidth at sign', name: 'Bob Customer bob\uFF20example.test', flagged: true },
  { what: 'address after a long name', name: `${'Customer '.repeat(30)}bob@example.test`, flagged: true },
  { what: 'a long plain name', name: `Bob ${'Verylongfamilyname'.repeat(12)}`, flagged: false },
];

const attacker = (i: number) => `attacker${i}@evil.test`;
/** The address whole: bare or in <>, nothing cut off or glued on either side. */
const whole = (i: number) => new RegExp(`(^|[\\s<])${attacker(i).replace(/\./g, '\\.')}($|[\\s>])`);
const quoted = (name: string) => `"${name.replace(/(["\\])/g, '\\$1')}"`;
const encoded = (name: string) => `=?utf-8?B?${Buffer.from(name).toString('base64')}?=`;

function raw(c: Case, i: number): Buffer {
  const from = `${c.encoded ? encoded(c.name) : quoted(c.name)} <${attacker(i)}>`;
  return Buffer.from(
    [`From: ${from}`, 'To: Riitta Virtanen <riitta@shop.example>', `Subject: Order ${i}`, `Message-ID: <spoof${i}@evil.test>`, `Date: Mon, 02 Nov 2026 1${i % 10}:00:00 +0000`, 'Content-Type: text/plain; charset=utf-8', '', 'Please send the refund to my new account.', ''].join('\r\n'),
    'utf8',
  );
}

const closed = { host: '127.0.0.1', port: 9, user: 'shop', tls: 'none' };
let f: Fixture;
let s: Services;
const level = chalk.level;

beforeAll(async () => {
  chalk.level = 0;
  f = fixture({ agent, account: { imap: closed, smtp: closed } }, suiteDir());
  s = await servicesFor(f);
  await s.importer.import(cases.map((c, i) => input(raw(c, i), `spoof#${i}`)));
});
afterAll(() => {
  chalk.level = level;
  cleanup();
});

/** Each case's address is on one line of `text`, whole, with ⚠ on that line when the name is flagged. */
function expectEveryAddress(text: string, where: string) {
  const lines = plain(text).split('\n');
  cases.forEach((c, i) => {
    const line = lines.find((l) => whole(i).test(l));
    expect(line, `${where}: ${c.what}: ${attacker(i)} whole on a line`).toBeDefined();
    if (c.flagged) expect(line, `${where}: ${c.what}: flagged`).toContain('⚠');
    else expect(line, `${where}: ${c.what}: not flagged`).not.toContain('⚠');
  });
}

/** The frame with its wrapping undone: a warning wrapped on a narrow screen reads the same. */
const oneLine = (frame: string) => frame.replace(/\s+/g, ' ');

const cli = (args: string[], tty: boolean, columns = 80) => runCli(args, { env: f.env, tty, columns });

describe('a display name cannot hide or stand in for the real address', () => {
  it('imports one conversation per case', async () => {
    expect(await s.conversations.list()).toHaveLength(cases.length);
  });

  it('h2h list and customers: every address whole and flagged, at 80 and 60 columns', async () => {
    for (const columns of [80, 60]) {
      const list = await cli(['list'], true, columns);
      expect(list.exitCode).toBe(0);
      expectEveryAddress(list.stdout, `list at ${columns} columns`);
      const customers = await cli(['customers'], true, columns);
      expectEveryAddress(customers.stdout, `customers at ${columns} columns`);
    }
    // Piped, the address is a field of its own.
    const tsv = (await cli(['list'], false)).stdout;
    cases.forEach((_, i) => expect(tsv.split('\n').some((l) => l.split('\t').includes(attacker(i)))).toBe(true));
  });

  it('h2h show: the sender whole, flagged in words, on a terminal and piped', async () => {
    const rows = await s.conversations.list();
    for (const [tty, columns] of [[true, 80], [true, 60], [false, 80]] as const) {
      for (const row of rows) {
        const i = cases.findIndex((_, n) => row.customer === attacker(n));
        const out = plain((await cli(['show', row.id], tty, columns)).stdout);
        const fromLine = out.split('\n').find((l) => l.startsWith('← customer'));
        expect(fromLine, `show ${cases[i].what}`).toMatch(whole(i));
        if (tty && columns === 80) expect(fromLine!.length, `${cases[i].what}: fits ${columns} columns`).toBeLessThanOrEqual(columns);
        if (cases[i].flagged) {
          expect(fromLine).toContain('⚠');
          expect(out).toContain(`⚠ name contains an address: mail goes to ${attacker(i)}`);
        } else expect(out).not.toContain('⚠');
      }
    }
  });

  it('md and html exports: every address whole, the name flagged, no padding', async () => {
    for (const format of ['md', 'html'] as const) {
      const dir = join(f.root, `export-${format}`);
      const r = await cli(['export', '--format', format, '--out', dir], false);
      expect(r.exitCode, r.stderr).toBe(0);
      const text = readdirSync(dir).map((name) => readFileSync(join(dir, name), 'utf8')).join('\n');
      expect(text).not.toMatch(/[\u2800\u3164\u115F\u1160\uFFA0\u200B\u00AD]/);
      cases.forEach((c, i) => {
        // html escapes < and >, md backslash-escapes them: the address itself is in the text either way.
        const from = text.split('\n').find((l) => l.includes(attacker(i)) && /^## |<article/.test(l));
        expect(from, `${format}: ${c.what}`).toBeDefined();
        if (c.flagged) expect(from, `${format}: ${c.what}`).toContain('⚠ name contains an address');
      });
    }
  });

  it('the TUI: list, conversation header and the reply review show every address whole, flagged', async () => {
    for (const columns of [80, 60]) {
      const t = renderTui({ conversations: s.conversations, replies: s.replies, sync: null, clock: s.clock }, { columns, rows: 30 });
      await t.waitFor('conversations');
      expectEveryAddress(t.frame(), `TUI list at ${columns} columns`);
      for (let n = 0; n < cases.length; n++) {
        t.press(keys.enter);
        await vi.waitFor(() => expect(t.frame()).toMatch(/\d+(st|nd|rd|th) conversation/));
        const i = cases.findIndex((_, k) => t.frame().includes(`Order ${k}`) && t.frame().includes(attacker(k)));
        expect(i, `conversation ${n + 1} shows its sender's address`).toBeGreaterThanOrEqual(0);
        const lines = t.frame().split('\n');
        const from = lines.find((l) => l.includes('← '));
        expect(from, `TUI conversation: ${cases[i].what}`).toMatch(whole(i));
        if (cases[i].flagged) expect(oneLine(t.frame())).toContain(`⚠ name contains an address: mail goes to ${attacker(i)}`);
        t.press('r');
        await t.waitFor('Reply — writing');
        t.press(keys.escape);
        await t.waitFor('Reply — review');
        const to = t.frame().split('\n').find((l) => l.startsWith('To:'));
        expect(to, `review To: ${cases[i].what}`).toMatch(whole(i));
        if (cases[i].flagged) expect(oneLine(t.frame())).toContain(`⚠ name contains an address: mail goes to ${attacker(i)}`);
        t.press('d');
        t.press('y');
        await vi.waitFor(() => expect(t.frame()).not.toContain('Reply —'));
        t.press('q');
        await t.waitFor('conversations');
        t.press('j');
      }
      t.unmount();
    }
  }, 120_000);
});
