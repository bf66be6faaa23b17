/**
 * `h2h export --attachments DIR`: every attachment of the corpus and of a message written to attack
 * (path traversal, absolute paths, NUL, over-long and hidden names) lands inside DIR, nowhere else.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { safeAttachmentName } from '../../src/adapters/export/attachment-files.js';
import { corpus } from '../helpers/corpus.js';
import { spawnCli } from '../helpers/spawn-cli.js';
import { fixture } from '../helpers/store-fixture.js';
import { tempDir } from '../helpers/temp-dir.js';

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? [path, ...walk(path)] : [path];
  });
}

const hostileNames = ['../../escape.txt', '/etc/passwd', 'C:\\Windows\\evil.bat', '.bashrc', `${'x'.repeat(300)}.pdf`, '..', ''];

function hostileMessage(): string {
  const parts = hostileNames.map((name, i) =>
    ['--b', `Content-Type: application/octet-stream; name="${name}"`, `Content-Disposition: attachment; filename="${name}"`, 'Content-Transfer-Encoding: base64', '', Buffer.from(`part ${i}`).toString('base64')].join('\r\n'),
  );
  const nul = ['--b', `Content-Type: text/plain; name="=?utf-8?B?${Buffer.from('a\u0000b\u001b[2J.txt').toString('base64')}?="`, 'Content-Disposition: attachment', '', 'nul'].join('\r\n');
  return ['From: Eve <eve@evil.example>', 'To: Riitta Virtanen <riitta@shop.example>', 'Subject: files', 'Message-ID: <files@evil.example>', 'Date: Mon, 02 Nov 2026 10:00:00 +0000', 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="b"', '', '--b', 'Content-Type: text/plain', '', 'see attached', ...parts, nul, '--b--', ''].join('\r\n');
}

describe('export --attachments', () => {
  it('makes every name safe: one path component, no control characters, no leading dot, at most 120 bytes', () => {
    expect(safeAttachmentName('../../escape.txt')).toBe('escape.txt');
    expect(safeAttachmentName('C:\\Windows\\evil.bat')).toBe('evil.bat');
    expect(safeAttachmentName('a\u0000b\u001b[2J.txt')).toBe('ab[2J.txt');
    expect(safeAttachmentName('.bashrc')).toBe('bashrc');
    expect(safeAttachmentName('..')).toBe('attachment');
    expect(safeAttachmentName('a:b?.txt')).toBe('a_b_.txt');
    const long = safeAttachmentName(`${'ä'.repeat(200)}.pdf`);
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(120);
    expect(long.endsWith('.pdf')).toBe(true);
  });

  it('saves the corpus attachments and hostile ones inside the folder only', async () => {
    const f = fixture();
    const inventory = JSON.parse(readFileSync(corpus('mime', 'INVENTORY.json'), 'utf8')) as { files: Record<string, { attachments: number }> };
    const withAttachments = Object.entries(inventory.files).filter(([, info]) => info.attachments > 0).map(([path]) => corpus('mime', path)).filter((p) => existsSync(p));
    expect(withAttachments.length).toBeGreaterThan(5);
    const root = tempDir();
    const eve = join(root, 'eve.eml');
    writeFileSync(eve, hostileMessage());
    expect((await spawnCli(['import', ...withAttachments, eve], { env: f.env })).code).toBe(0);
    const out = join(root, 'out');
    // A file in a folder that does not exist: one clear line, exit 2, nothing written.
    const bad = await spawnCli(['export', '--format', 'jsonl', '--out', join(out, 'all.jsonl')], { env: f.env });
    expect([bad.code, bad.stderr]).toEqual([2, `h2h: cannot write ${join(out, 'all.jsonl')}: its folder does not exist\n`]);
    mkdirSync(out);
    const r = await spawnCli(['export', '--format', 'jsonl', '--out', join(out, 'all.jsonl'), '--attachments', join(out, 'files')], { env: f.env });
    expect(r.code).toBe(0);
    const expected = (r.stdout + readFileSync(join(out, 'all.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .flatMap((l) => (JSON.parse(l) as { messages: { attachments: unknown[] }[] }).messages)
      .reduce((n, m) => n + m.attachments.length, 0);
    const saved = walk(join(out, 'files'));
    expect(r.stderr).toContain(`saved ${saved.length} attachments`);
    expect(saved.length).toBe(expected);
    expect(saved.length).toBeGreaterThan(hostileNames.length);
    // Nothing was written anywhere else under the temp folder, and every file is a plain child of the folder.
    expect(walk(root).filter((p) => !p.startsWith(join(out, 'files'))).sort()).toEqual([eve, out, join(out, 'all.jsonl')].sort());
    for (const file of saved) {
      const name = relative(join(out, 'files'), file);
      expect(name).not.toContain('/');
      expect(name).not.toMatch(/[\u0000-\u001f]/);
      expect(Buffer.byteLength(name)).toBeLessThanOrEqual(140);
      expect(statSync(file).mode & 0o777).toBe(0o600);
    }
  });
});
