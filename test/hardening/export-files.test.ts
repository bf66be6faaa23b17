/**
 * Export files never follow a planted symlink nor truncate what a name points at: the --out file
 * and the Markdown/HTML files (named by the conversation id, which follows from the sender's
 * Message-ID, so anyone who mails the shop can predict it) are written to a temp file and renamed.
 * A folder others may write to is refused with one line; a sticky one (like /tmp) is fine.
 */
import { chmodSync, linkSync, lstatSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnCli } from '../helpers/spawn-cli.js';
import { fixture, rawMessage, type Fixture } from '../helpers/store-fixture.js';
import { suiteDir, tempDir } from '../helpers/temp-dir.js';

let f: Fixture;
let id: string;

beforeAll(async () => {
  f = fixture(undefined, suiteDir());
  const eml = join(f.root, 'in.eml');
  writeFileSync(eml, rawMessage({ from: 'Eve <eve@ex.com>', to: 'riitta@shop.example', subject: 'Order', id: '<predictable@ex.com>', body: 'Where is my order?' }));
  expect((await spawnCli(['import', eml], { env: f.env })).code).toBe(0);
  id = (JSON.parse((await spawnCli(['list', '--json'], { env: f.env })).stdout) as { id: string }[])[0]!.id;
}, 60_000);

/** A file the attacker wants destroyed (the owner's own, elsewhere). */
function victim(): string {
  const file = join(tempDir(), 'precious.txt');
  writeFileSync(file, 'the owner’s data\n', { mode: 0o600 });
  return file;
}

const exportTo = (format: string, out: string) => spawnCli(['export', '--format', format, '--out', out], { env: f.env });

describe('export output files', () => {
  for (const format of ['mbox', 'jsonl', 'csv']) {
    it(`--out ${format}: a planted symlink is replaced, its target untouched`, async () => {
      const target = victim();
      const out = join(tempDir(), `all.${format}`);
      symlinkSync(target, out);
      const r = await exportTo(format, out);
      expect([r.code, r.stderr]).toEqual([0, `exported 1 conversation, 1 message as ${format} to ${out}\n`]);
      expect(readFileSync(target, 'utf8')).toBe('the owner’s data\n');
      expect(lstatSync(out).isFile()).toBe(true);
      expect(lstatSync(out).mode & 0o777).toBe(0o600);
      expect(readFileSync(out, 'utf8')).toContain('Where is my order?');
    });
  }

  it('--out over a hard-linked file: the other name keeps its contents (no truncation in place)', async () => {
    const target = victim();
    const out = join(tempDir(), 'all.mbox');
    linkSync(target, out);
    expect((await exportTo('mbox', out)).code).toBe(0);
    expect(readFileSync(target, 'utf8')).toBe('the owner’s data\n');
    expect(readFileSync(out, 'utf8')).toContain('Where is my order?');
  });

  for (const format of ['md', 'html']) {
    it(`--format ${format}: a symlink planted at the predicted file name is replaced, its target untouched`, async () => {
      const target = victim();
      const dir = join(tempDir(), 'out');
      mkdirSync(dir, { mode: 0o700 });
      symlinkSync(target, join(dir, `${id}.${format}`));
      const r = await exportTo(format, dir);
      expect(r.code).toBe(0);
      expect(readFileSync(target, 'utf8')).toBe('the owner’s data\n');
      expect(lstatSync(join(dir, `${id}.${format}`)).isFile()).toBe(true);
      expect(readFileSync(join(dir, `${id}.${format}`), 'utf8')).toContain('Where is my order?');
      expect(readdirSync(dir)).toEqual([`${id}.${format}`]); // no temp file left
    });
  }

  for (const [format, name] of [['mbox', 'all.mbox'], ['md', ''], ['html', '']] as const) {
    it(`--format ${format} into a folder anyone may write to: refused in one line, nothing written`, async () => {
      const dir = join(tempDir(), 'shared');
      mkdirSync(dir);
      chmodSync(dir, 0o777);
      const r = await exportTo(format, name ? join(dir, name) : dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`h2h: refusing to write into ${dir}: other users may write to that folder (mode 777); choose a folder only you can write to\n`);
      expect(readdirSync(dir)).toEqual([]);
    });
  }

  it('--attachments into a folder anyone may write to: refused in one line, nothing saved', async () => {
    const g = fixture();
    const eml = join(tempDir(), 'att.eml');
    writeFileSync(
      eml,
      'From: Eve <eve@ex.com>\r\nTo: riitta@shop.example\r\nSubject: Invoice\r\nMessage-ID: <att@ex.com>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n--b\r\nContent-Type: application/pdf; name=invoice.pdf\r\nContent-Disposition: attachment; filename=invoice.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b--\r\n',
    );
    expect((await spawnCli(['import', eml], { env: g.env })).code).toBe(0);
    const dir = join(tempDir(), 'shared');
    mkdirSync(dir);
    chmodSync(dir, 0o777);
    const r = await spawnCli(['export', '--format', 'jsonl', '--out', join(tempDir(), 'a.jsonl'), '--attachments', dir], { env: g.env });
    expect([r.code, r.stderr]).toEqual([2, `h2h: refusing to write into ${dir}: other users may write to that folder (mode 777); choose a folder only you can write to\n`]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a group-writable folder is refused too; a sticky world-writable one (like /tmp) is accepted', async () => {
    const group = join(tempDir(), 'group');
    mkdirSync(group);
    chmodSync(group, 0o770);
    expect((await exportTo('jsonl', join(group, 'a.jsonl'))).code).toBe(2);
    const sticky = join(tempDir(), 'sticky');
    mkdirSync(sticky);
    chmodSync(sticky, 0o1777);
    expect((await exportTo('jsonl', join(sticky, 'a.jsonl'))).code).toBe(0);
    expect(readdirSync(sticky)).toEqual(['a.jsonl']);
  });
});
