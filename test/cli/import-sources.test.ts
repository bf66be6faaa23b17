import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sniff } from '../../src/adapters/sources/read-sources.js';
import { readMbox } from '../../src/adapters/sources/mbox-reader.js';
import { corpus } from '../helpers/corpus.js';
import { plain, runCli } from '../helpers/run-cli.js';
import { fixture } from '../helpers/store-fixture.js';

const message = (id: string, subject: string) => `From: Anna <anna@ex.com>\r\nTo: riitta@shop.example\r\nSubject: ${subject}\r\nMessage-ID: <${id}@ex.com>\r\nDate: Mon, 02 Nov 2026 10:00:00 +0000\r\n\r\nbody of ${subject}\r\n`;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? filesUnder(join(dir, name)) : [join(dir, name)]));
}

describe('h2h import sources', () => {
  it('imports a maildir, taking the seen flag from cur/ file names', async () => {
    const f = fixture();
    const maildir = join(f.root, 'Maildir');
    for (const sub of ['cur', 'new', 'tmp']) mkdirSync(join(maildir, sub), { recursive: true });
    writeFileSync(join(maildir, 'cur', '1700000000.1.host:2,S'), message('read', 'Already read'));
    writeFileSync(join(maildir, 'cur', '1700000000.2.host:2,'), message('cur-unread', 'Seen by nobody'));
    writeFileSync(join(maildir, 'new', '1700000000.3.host'), message('new', 'Brand new'));
    writeFileSync(join(maildir, 'tmp', '1700000000.4.host'), message('tmp', 'Still being delivered'));
    const r = await runCli(['import', '--json', maildir], { env: f.env });
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ read: 3, added: 3 });
    const list = JSON.parse((await runCli(['list', '--json'], { env: f.env })).stdout) as { subject: string; unread: boolean }[];
    expect(Object.fromEntries(list.map((c) => [c.subject, c.unread]))).toEqual({ 'Already read': false, 'Seen by nobody': true, 'Brand new': true });
  });

  it('imports every message of the MIME corpus and shows each one as terminal-safe text', async () => {
    const f = fixture();
    const dir = corpus('mime');
    let expected = 0;
    for (const path of filesUnder(dir)) {
      const kind = await sniff(path);
      if (kind === 'message') expected++;
      else if (kind === 'mbox') for await (const _ of readMbox(path)) expected++;
    }
    const r = await runCli(['import', '--json', dir], { env: f.env });
    expect(r.exitCode).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.read).toBe(expected);
    expect(report.added + report.duplicates + report.copies).toBe(expected);
    // The corpus's notes, and CPython's msg_19.txt (a digest body with no header at all), are not messages.
    expect(r.stderr).toContain('skipped 3 file(s) that are not mail');
    expect(r.stderr).toMatch(/INVENTORY\.json, .*SOURCES\.md, .*msg_19\.txt/);
    const list = JSON.parse((await runCli(['list', '--json'], { env: f.env })).stdout) as { id: string; messageCount: number }[];
    expect(list.reduce((n, c) => n + c.messageCount, 0)).toBe(report.added);
    for (const c of list) {
      const shown = await runCli(['show', '--quotes', c.id], { env: f.env, tty: true });
      expect(shown.exitCode, c.id).toBe(0);
      expect(plain(shown.stdout).replace(/\u001b\[[0-9;]*m/g, ''), c.id).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    }
  }, 120_000);
});
