/**
 * `h2h attachments <id> [N...] [--save DIR] [--json]`, on the built h2h: a conversation's
 * attachments numbered across its messages (a PDF with a non-ASCII name, an inline image, a
 * forwarded message, a file whose name attacks), saved byte for byte, privately, never over
 * another file; bad numbers and ids are one line and an exit code.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnCli } from '../helpers/spawn-cli.js';
import { agent, fixture, type Fixture } from '../helpers/store-fixture.js';
import { suiteDir, tempDir } from '../helpers/temp-dir.js';
import { localTime as localDate } from '../../src/cli/output/format-age.js';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64').replace(/.{76}/g, '$&\r\n');

// Bytes that differ by part, with every byte value in them, so a decoding slip shows.
const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7) % 256))]);
const png = Buffer.from(Array.from({ length: 700 }, (_, i) => (i * 13 + 5) % 256));
const forwarded = Buffer.from('From: Courier <track@courier.example>\r\nTo: zoe@ex.com\r\nSubject: Parcel 123 delayed\r\nMessage-ID: <c1@courier.example>\r\nDate: Sun, 01 Nov 2026 08:00:00 +0000\r\n\r\nYour parcel is delayed.\r\n');
const evil = Buffer.from('not really a script');
const pdfName = 'Lasku ääkköset.pdf';
const evilName = '../../\u001b]0;pwned\u0007evil.sh';

function first(): Buffer {
  return Buffer.from(
    [
      'From: =?utf-8?Q?Zo=C3=AB_=C3=85ngstr=C3=B6m?= <zoe@ex.com>',
      'To: Riitta Virtanen <riitta@shop.example>',
      'Subject: Broken parcel',
      'Message-ID: <a1@ex.com>',
      'Date: Mon, 02 Nov 2026 10:00:00 +0000',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="m"',
      '',
      '--m',
      'Content-Type: multipart/related; boundary="r"',
      '',
      '--r',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p>The box, see <img src="cid:box@ex.com"></p>',
      '--r',
      'Content-Type: image/png; name="box.png"',
      'Content-ID: <box@ex.com>',
      'Content-Disposition: inline; filename="box.png"',
      'Content-Transfer-Encoding: base64',
      '',
      b64(png),
      '--r--',
      '--m',
      "Content-Type: application/pdf; name*=utf-8''Lasku%20%C3%A4%C3%A4kk%C3%B6set.pdf",
      "Content-Disposition: attachment; filename*=utf-8''Lasku%20%C3%A4%C3%A4kk%C3%B6set.pdf",
      'Content-Transfer-Encoding: base64',
      '',
      b64(pdf),
      '--m--',
      '',
    ].join('\r\n'),
  );
}

function second(): Buffer {
  return Buffer.from(
    [
      'From: =?utf-8?Q?Zo=C3=AB_=C3=85ngstr=C3=B6m?= <zoe@ex.com>',
      'To: Riitta Virtanen <riitta@shop.example>',
      'Subject: Re: Broken parcel',
      'Message-ID: <a2@ex.com>',
      'In-Reply-To: <a1@ex.com>',
      'References: <a1@ex.com>',
      'Date: Mon, 02 Nov 2026 11:00:00 +0000',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="n"',
      '',
      '--n',
      'Content-Type: text/plain; charset=utf-8',
      '',
      "And the courier's mail.",
      '--n',
      'Content-Type: message/rfc822',
      'Content-Disposition: attachment; filename="courier.eml"',
      '',
      forwarded.toString('latin1'),
      '--n',
      `Content-Type: application/x-sh; name="=?utf-8?B?${Buffer.from(evilName).toString('base64')}?="`,
      `Content-Disposition: attachment; filename="=?utf-8?B?${Buffer.from(evilName).toString('base64')}?="`,
      'Content-Transfer-Encoding: base64',
      '',
      b64(evil),
      '--n--',
      '',
    ].join('\r\n'),
  );
}

type Listed = { number: number; name: string; type: string; size: number; message: { id: string; date: string; from: { name: string; email: string }; direction: string } };

let f: Fixture;
let id: string;
beforeAll(async () => {
  f = fixture({ agent }, suiteDir());
  const dir = suiteDir();
  // The reply first: the numbering follows the conversation, not the import order.
  writeFileSync(join(dir, 'b.eml'), second());
  writeFileSync(join(dir, 'a.eml'), first());
  expect((await spawnCli(['import', join(dir, 'b.eml'), join(dir, 'a.eml')], { env: f.env })).code).toBe(0);
  const list = JSON.parse((await spawnCli(['list', '--json'], { env: f.env })).stdout) as { id: string }[];
  expect(list).toHaveLength(1);
  id = list[0].id;
}, 60_000);

describe('h2h attachments', () => {
  it('lists every attachment of the conversation, numbered across its messages, with the message it came with', async () => {
    const r = await spawnCli(['attachments', id, '--json'], { env: f.env });
    expect(r.code).toBe(0);
    const listed = JSON.parse(r.stdout) as Listed[];
    expect(listed.map((a) => [a.number, a.type])).toEqual([
      [1, 'image/png'],
      [2, 'application/pdf'],
      [3, 'message/rfc822'],
      [4, 'application/x-sh'],
    ]);
    expect(listed.map((a) => a.size)).toEqual([png.length, pdf.length, expect.any(Number), evil.length]);
    expect(listed.slice(0, 3).map((a) => a.name)).toEqual(['box.png', pdfName, 'courier.eml']);
    expect(listed.map((a) => a.message.date)).toEqual(['2026-11-02T10:00:00.000Z', '2026-11-02T10:00:00.000Z', '2026-11-02T11:00:00.000Z', '2026-11-02T11:00:00.000Z']);
    expect(new Set(listed.map((a) => a.message.from.email))).toEqual(new Set(['zoe@ex.com']));
    // Chosen numbers only, in the order asked.
    const two = JSON.parse((await spawnCli(['attachments', id, '3', '1', '--json'], { env: f.env })).stdout) as Listed[];
    expect(two.map((a) => a.number)).toEqual([3, 1]);
  });

  it('reads at 80 columns with nothing from mail reaching the terminal as a control character', async () => {
    const r = await spawnCli(['attachments', id], { env: { ...f.env, NO_COLOR: '1' } });
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(8);
    for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(80);
    expect(r.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(lines[2]).toMatch(/^2 {2}Lasku ääkköset\.pdf +application\/pdf +3 KB$/);
    expect(lines[3]).toContain('← customer Zoë Ångström <zoe@ex.com>');
  });

  it('saves them byte for byte into a private folder, never over a file already there', async () => {
    const out = join(tempDir(), 'saved');
    const r = await spawnCli(['attachments', id, '--save', out, '--json'], { env: f.env });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`saved 4 attachments in ${out}\n`);
    const saved = JSON.parse(r.stdout) as { number: number; path: string; size: number }[];
    const bytes = saved.map((s) => readFileSync(s.path));
    expect([0, 1, 3].map((i) => sha(bytes[i]))).toEqual([png, pdf, evil].map(sha));
    // The attached message as postal-mime decodes a 7bit part (line ends as LF): the same message.
    expect(bytes[2].toString()).toContain('Subject: Parcel 123 delayed');
    expect(bytes[2].toString().replace(/\r?\n/g, '\n').trim()).toBe(forwarded.toString().replace(/\r\n/g, '\n').trim());
    // What the list says of each size is what was saved.
    const listed = JSON.parse((await spawnCli(['attachments', id, '--json'], { env: f.env })).stdout) as Listed[];
    expect(saved.map((s) => s.size)).toEqual(listed.map((a) => a.size));
    expect(bytes.map((b) => b.length)).toEqual(listed.map((a) => a.size));
    expect(saved.map((s) => s.path.slice(out.length + 1))).toEqual(['box.png', pdfName, 'courier.eml', ']0;pwnedevil.sh']);
    expect(statSync(out).mode & 0o777).toBe(0o700);
    for (const s of saved) expect(statSync(s.path).mode & 0o777).toBe(0o600);
    // Again, one of them: a new name beside the first, which keeps its bytes.
    writeFileSync(join(out, 'box.png'), 'the owner edited this');
    const again = await spawnCli(['attachments', id, '1', '--save', out], { env: f.env });
    expect([again.code, again.stdout]).toEqual([0, `${join(out, 'box-1.png')}\n`]);
    expect(readFileSync(join(out, 'box.png'), 'utf8')).toBe('the owner edited this');
    expect(sha(readFileSync(join(out, 'box-1.png')))).toBe(sha(png));
    expect(readdirSync(out).sort()).toEqual([']0;pwnedevil.sh', 'box-1.png', 'box.png', 'courier.eml', pdfName].sort());
  });

  it('refuses a number it does not have, a word that is not a number and an unknown conversation, in one line', async () => {
    const cases: [string[], number, string][] = [
      [['attachments', id, '5'], 2, `h2h: conversation ${id} has 4 attachments, not 5\n`],
      [['attachments', id, '0', '--save', tempDir()], 2, 'h2h: attachment numbers start at 1: 0\n'],
      [['attachments', id, 'two'], 2, `h2h: not an attachment number: "two" (numbers as \`h2h attachments ${id}\` lists them)\n`],
      [['attachments', 'zzzzzzzz'], 3, 'h2h: no conversation "zzzzzzzz"\n'],
    ];
    for (const [args, code, stderr] of cases) {
      const r = await spawnCli(args, { env: f.env });
      expect([r.code, r.stderr, r.stdout]).toEqual([code, stderr, '']);
    }
  });
  it('--show reads an attached message (a forwarded mail) as a message, and refuses a file that is not one', async () => {
    const text = await spawnCli(['attachments', id, '3', '--show'], { env: { ...f.env, NO_COLOR: '1' } });
    expect(text.code).toBe(0);
    expect(text.stdout).toBe(
      ['attachment 3 (courier.eml), a message:', 'From: Courier <track@courier.example>', 'To: zoe@ex.com', `Date: ${localDate('2026-11-01T08:00:00Z')}`, 'Subject: Parcel 123 delayed', '', 'Your parcel is delayed.', ''].join('\n'),
    );
    const json = JSON.parse((await spawnCli(['attachments', id, '3', '--show', '--json'], { env: f.env })).stdout) as Record<string, unknown>;
    expect(json).toMatchObject({ number: 3, name: 'courier.eml', subject: 'Parcel 123 delayed', date: '2026-11-01T08:00:00.000Z', messageId: '<c1@courier.example>', from: { email: 'track@courier.example' } });
    expect((json.text as string).trimEnd()).toBe('Your parcel is delayed.');
    const pdf = await spawnCli(['attachments', id, '2', '--show'], { env: f.env });
    expect([pdf.code, pdf.stderr]).toEqual([2, 'h2h: attachment 2 is application/pdf, not a message\n']);
    const two = await spawnCli(['attachments', id, '2', '3', '--show'], { env: f.env });
    expect([two.code, two.stderr]).toEqual([2, 'h2h: --show takes one attachment number, and no --save\n']);
  });
});
