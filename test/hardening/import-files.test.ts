/**
 * `h2h import` reads regular files only. A maildir or folder someone hands over may hold a FIFO
 * (the import hung forever), a symlink to /dev/zero (never ends) or to any file the owner may read
 * (~/.ssh keys would land in the store and go out in exports): each is refused, named on stderr,
 * the rest imported, exit 5. A path named on the command line that is not a regular file or a
 * folder: one line, exit 2. A 5 GB one-line file (sparse: no disk used) fails fast on the mbox
 * line cap or the 100 MB message cap, with time and peak memory measured.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, symlinkSync, truncateSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { h2hBin, spawnCli } from '../helpers/spawn-cli.js';
import { fixture, rawMessage } from '../helpers/store-fixture.js';
import { tempDir } from '../helpers/temp-dir.js';

const fiveGB = 5 * 1024 ** 3;
const mkfifo = (path: string) => execFileSync('mkfifo', [path]);
const good = (n: number) => rawMessage({ from: 'Anna <anna@ex.com>', to: 'riitta@shop.example', subject: `Order ${n}`, id: `<good-${n}@ex.com>` });
/** A file the owner may read that looks like mail: what a planted symlink would pull into the store. */
function secretFile(): string {
  const path = join(tempDir(), 'id_ed25519');
  writeFileSync(path, 'Subject: secret\r\n\r\n-----BEGIN OPENSSH PRIVATE KEY-----\r\n');
  return path;
}

async function imported(env: Record<string, string>): Promise<string[]> {
  return (JSON.parse((await spawnCli(['list', '--json'], { env })).stdout) as { subject: string }[]).map((c) => c.subject).sort();
}

describe('import reads regular files only', () => {
  it('a maildir with a FIFO, a /dev/zero symlink and a symlink to a readable file: each refused and named, the rest imported, exit 5', { timeout: 30_000 }, async () => {
    const f = fixture();
    const md = join(tempDir(), 'Maildir');
    for (const sub of ['cur', 'new', 'tmp']) mkdirSync(join(md, sub), { recursive: true });
    writeFileSync(join(md, 'cur', '1.host:2,S'), good(1));
    writeFileSync(join(md, 'new', '2.host'), good(2));
    mkfifo(join(md, 'cur', 'fifo.host:2,'));
    symlinkSync('/dev/zero', join(md, 'cur', 'zero.host:2,'));
    symlinkSync(secretFile(), join(md, 'new', 'key.host'));
    const r = await spawnCli(['import', md], { env: f.env });
    expect(r.code).toBe(5);
    const line = r.stderr.split('\n').find((l) => l.startsWith('h2h: refused'));
    expect(line).toBe(
      `h2h: refused 3 file(s) (h2h imports regular files only, at most 100 MB each): ${join(md, 'cur', 'fifo.host:2,')}: a symlink (not followed); ${join(md, 'cur', 'zero.host:2,')}: a symlink (not followed); ${join(md, 'new', 'key.host')}: a symlink (not followed)`.replace(
        `${join(md, 'cur', 'fifo.host:2,')}: a symlink (not followed)`,
        `${join(md, 'cur', 'fifo.host:2,')}: a FIFO`,
      ),
    );
    expect(await imported(f.env)).toEqual(['Order 1', 'Order 2']);
  });

  it('a plain folder with the same: refused and named, never read', { timeout: 30_000 }, async () => {
    const f = fixture();
    const dir = tempDir();
    writeFileSync(join(dir, 'a.eml'), good(1));
    mkfifo(join(dir, 'b.eml'));
    symlinkSync('/dev/zero', join(dir, 'c.mbox'));
    symlinkSync(secretFile(), join(dir, 'd.eml'));
    const r = await spawnCli(['import', dir], { env: f.env });
    expect(r.code).toBe(5);
    expect(r.stderr).toContain(`h2h: refused 3 file(s) (h2h imports regular files only, at most 100 MB each): ${join(dir, 'b.eml')}: a FIFO; ${join(dir, 'c.mbox')}: a symlink (not followed); ${join(dir, 'd.eml')}: a symlink (not followed)\n`);
    expect(await imported(f.env)).toEqual(['Order 1']);
  });

  it('a FIFO or a device named on the command line: one line, exit 2, no hang', { timeout: 30_000 }, async () => {
    const f = fixture();
    const fifo = join(tempDir(), 'mail.mbox');
    mkfifo(fifo);
    for (const [path, what] of [[fifo, 'a FIFO'], ['/dev/zero', 'a device']] as const) {
      const r = await spawnCli(['import', path], { env: f.env });
      expect([r.code, r.stderr]).toEqual([2, `h2h: ${path}: ${what}: h2h imports regular files only\n`]);
    }
  });

  it('a named symlink to a regular file is followed (the owner chose it)', async () => {
    const f = fixture();
    const dir = tempDir();
    writeFileSync(join(dir, 'real.eml'), good(7));
    symlinkSync(join(dir, 'real.eml'), join(dir, 'link.eml'));
    expect((await spawnCli(['import', join(dir, 'link.eml')], { env: f.env })).code).toBe(0);
    expect(await imported(f.env)).toEqual(['Order 7']);
  });
});

/** Runs `h2h import` under /usr/bin/time: exit code, stderr, seconds and peak RSS in MB. */
function timedImport(path: string, env: Record<string, string>): Promise<{ code: number | null; stderr: string; seconds: number; rssMB: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('/usr/bin/time', ['-f', 'maxrss=%M', process.execPath, h2hBin, 'import', path], { env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent', ...env } });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const kb = Number(/maxrss=(\d+)/.exec(stderr)?.[1]);
      resolve({ code, stderr: stderr.replace(/(Command exited with non-zero status \d+\n)?maxrss=\d+\n/, ''), seconds: (performance.now() - started) / 1000, rssMB: Math.round(kb / 1024) });
    });
  });
}

describe('huge files fail fast', () => {
  it('a 5 GB mbox that is one line: the 16 MB line cap, in seconds and bounded memory', { timeout: 60_000 }, async () => {
    const f = fixture();
    const path = join(tempDir(), 'one-line.mbox');
    const head = 'From anna@ex.com Mon Nov  2 10:00:00 2026\nSubject: x\n\n';
    writeFileSync(path, head);
    truncateSync(path, fiveGB); // the rest is a hole: zeros with no newline
    const r = await timedImport(path, f.env);
    console.log(`5 GB one-line mbox: ${r.seconds.toFixed(2)} s, peak RSS ${r.rssMB} MB`);
    expect([r.code, r.stderr]).toEqual([2, `h2h: ${path}: a line longer than 16 MB at byte ${Buffer.byteLength(head)}: not an mbox h2h can read\n`]);
    expect(r.seconds).toBeLessThan(15);
    expect(r.rssMB).toBeLessThan(400);
  });

  it('a 5 GB message file, named or in a maildir: refused by its size before reading', { timeout: 60_000 }, async () => {
    const f = fixture();
    const md = join(tempDir(), 'Maildir');
    for (const sub of ['cur', 'new', 'tmp']) mkdirSync(join(md, sub), { recursive: true });
    const big = join(md, 'new', 'big.host');
    writeFileSync(big, 'Subject: big\r\n\r\n');
    truncateSync(big, fiveGB);
    writeFileSync(join(md, 'new', 'ok.host'), good(3));
    const named = await timedImport(big, f.env);
    console.log(`5 GB message file: ${named.seconds.toFixed(2)} s, peak RSS ${named.rssMB} MB`);
    expect([named.code, named.stderr]).toEqual([2, `h2h: ${big}: larger than 100 MB, the most a message may have: h2h imports regular files only\n`]);
    const r = await timedImport(md, f.env);
    expect(r.code).toBe(5);
    expect(r.stderr).toContain(`h2h: refused 1 file(s) (h2h imports regular files only, at most 100 MB each): ${big}: larger than 100 MB, the most a message may have\n`);
    expect(await imported(f.env)).toEqual(['Order 3']);
    expect(r.seconds).toBeLessThan(15);
  });

  it('an mbox message over 100 MB (short lines): refused with its number', { timeout: 120_000 }, async () => {
    const f = fixture();
    const path = join(tempDir(), 'big.mbox');
    const fd = openSync(path, 'w');
    writeSync(fd, 'From anna@ex.com Mon Nov  2 10:00:00 2026\nSubject: x\n\n');
    const block = Buffer.from(`${'y'.repeat(1023)}\n`.repeat(1024)); // 1 MB of 1 KB lines
    for (let i = 0; i < 101; i++) writeSync(fd, block);
    closeSync(fd);
    const r = await timedImport(path, f.env);
    expect([r.code, r.stderr]).toEqual([2, `h2h: ${path}#0: a message larger than 100 MB, the most a message may have\n`]);
  });
});
