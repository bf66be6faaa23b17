/**
 * Attachment names are text from the sender: a line separator (U+2028) or a zero-width space in
 * "invoice.pdf" showed in --json, exports and saved file names. The same invisible-character rule
 * as names and subjects applies (core/domain/invisible-chars.ts), wherever a name is given out.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasHidden } from '../../src/core/domain/invisible-chars.js';
import { runCli } from '../helpers/run-cli.js';
import { agent, fixture, input, servicesFor, type Fixture } from '../helpers/store-fixture.js';
import { suiteDir } from '../helpers/temp-dir.js';

const sneaky = ['in\u2028voice.pdf', 'in\u2029voice2.pdf', 'inv\u200Boice3.pdf', 'inv\u2800oice4.pdf', 'inv\u3164oice5.pdf', 'inv\u202Efdp.exe', 'inv\uFEFFoice7.pdf', 'inv\u00ADoice8.pdf', 'inv\u2060oice9.pdf', 'inv\u180Eoice10.pdf'];
/** Nothing invisible, no line or paragraph separator: what every given-out name must be. */
const clean = (name: string) => !hasHidden(name) && !/[\u2028\u2029\r\n]/.test(name);

function message(): Buffer {
  const parts = sneaky.map((name) =>
    ['--b', `Content-Type: application/pdf; name="=?utf-8?B?${Buffer.from(name).toString('base64')}?="`, 'Content-Disposition: attachment', 'Content-Transfer-Encoding: base64', '', Buffer.from('%PDF').toString('base64')].join('\r\n'),
  );
  return Buffer.from(['From: Anna <anna@example.test>', 'To: riitta@shop.example', 'Subject: invoices', 'Message-ID: <inv@example.test>', 'Date: Mon, 02 Nov 2026 10:00:00 +0000', 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="b"', '', '--b', 'Content-Type: text/plain', '', 'see attached', ...parts, '--b--', ''].join('\r\n'));
}

let f: Fixture;
let id: string;
beforeAll(async () => {
  f = fixture({ agent }, suiteDir());
  const s = await servicesFor(f);
  await s.importer.import([input(message())]);
  id = (await s.conversations.list())[0].id;
});

describe('attachment names', () => {
  it('show --json and export --format jsonl give them without invisible characters or line breaks', async () => {
    const shown = JSON.parse((await runCli(['show', '--json', id], { env: f.env })).stdout) as { messages: { attachments: { name: string }[] }[] };
    const names = shown.messages[0].attachments.map((a) => a.name);
    expect(names).toHaveLength(sneaky.length);
    expect(names.filter((n) => !clean(n))).toEqual([]);
    expect(names).toContain('in voice.pdf');
    expect(names).toContain('invoice3.pdf');
    const lines = (await runCli(['export', '--format', 'jsonl'], { env: f.env })).stdout.trim().split('\n');
    const exported = lines.flatMap((l) => (JSON.parse(l) as { messages: { attachments: { name: string }[] }[] }).messages.flatMap((m) => m.attachments.map((a) => a.name)));
    expect(exported).toHaveLength(sneaky.length);
    expect(exported.filter((n) => !clean(n))).toEqual([]);
  });

  it('export --attachments saves them under clean names', async () => {
    const dir = join(f.root, 'files');
    const r = await runCli(['export', '--format', 'jsonl', '--out', join(f.root, 'out.jsonl'), '--attachments', dir], { env: f.env });
    expect(r.exitCode, r.stderr).toBe(0);
    const files = readdirSync(dir);
    expect(files).toHaveLength(sneaky.length);
    expect(files.filter((n) => !clean(n))).toEqual([]);
  });
});
