/**
 * Attachments handed to other programs (adapters/process/attachment-viewer.ts), with real
 * processes: the opener gets a private copy (0600 in a 0700 folder of its own, removed on close)
 * and the owner's environment without h2h's secrets; a pipe gets the bytes on standard input.
 */
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { AttachmentViewer } from '../../../src/adapters/process/attachment-viewer.js';
import { tempDir } from '../../helpers/temp-dir.js';

const bytes = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 31) % 256));
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** An opener that records its argument, a copy of the file, and its environment. */
function stubOpener(dir: string): { command: string; record: string } {
  const record = join(dir, 'opened.txt');
  const script = join(dir, 'opener.sh');
  writeFileSync(script, `#!/bin/sh\ncp "$1" "${record}.bytes"\nenv > "${record}.env"\nprintf '%s' "$1" > "${record}.tmp" && mv "${record}.tmp" "${record}"\n`);
  chmodSync(script, 0o755);
  return { command: script, record };
}

describe('AttachmentViewer', () => {
  it("opens a private copy with the owner's opener, without h2h's secrets, and removes it on close", async () => {
    const dir = tempDir();
    const { command, record } = stubOpener(dir);
    const viewer = new AttachmentViewer({ PATH: process.env.PATH, H2H_OPENER: command, H2H_IMAP_PASSWORD: 'hunter2', H2H_SMTP_PASSWORD: 'hunter3', XDG_RUNTIME_DIR: dir, LANG: 'fi_FI.UTF-8' });
    expect(viewer.opener()).toBe(command);
    const file = await viewer.open('../../kuva "1".jpg', bytes);
    await vi.waitFor(() => expect(existsSync(record)).toBe(true), { timeout: 10_000 });
    expect(readFileSync(record, 'utf8')).toBe(file);
    expect(dirname(file).startsWith(join(dir, 'h2h-attachments-'))).toBe(true);
    expect(file.endsWith('kuva _1_.jpg')).toBe(true);
    expect(sha(readFileSync(`${record}.bytes`))).toBe(sha(bytes));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(dirname(file)).mode & 0o777).toBe(0o700);
    const env = readFileSync(`${record}.env`, 'utf8');
    expect(env).toContain('LANG=fi_FI.UTF-8');
    expect(env).not.toContain('hunter');
    // Two attachments of the same name both open, each its own file.
    // The opener of the second is waited for too: it writes into the test's folder, which goes
    // when the test ends.
    rmSync(record);
    const second = await viewer.open('../../kuva "1".jpg', Buffer.from('other'));
    expect(second).not.toBe(file);
    await vi.waitFor(() => expect(existsSync(record)).toBe(true), { timeout: 10_000 });
    expect(readFileSync(record, 'utf8')).toBe(second);
    viewer.closeNow();
    expect(existsSync(dirname(file))).toBe(false);
  });

  it('says which opener is missing, and writes nothing then', async () => {
    const dir = tempDir();
    const own = new AttachmentViewer({ PATH: process.env.PATH, H2H_OPENER: 'no-such-opener-h2h --flag', XDG_RUNTIME_DIR: dir });
    await expect(own.open('a.txt', bytes)).rejects.toThrow('cannot open attachments: no-such-opener-h2h was not found (H2H_OPENER names it)');
    const desktop = new AttachmentViewer({ PATH: dir, XDG_RUNTIME_DIR: dir }, 'linux');
    await expect(desktop.open('a.txt', bytes)).rejects.toThrow('cannot open attachments: xdg-open was not found (install xdg-utils, or set H2H_OPENER to a program that opens a file)');
    expect(readdirSync(dir)).toEqual([]);
    const broken = new AttachmentViewer({ PATH: process.env.PATH, H2H_OPENER: 'true', XDG_RUNTIME_DIR: join(dir, 'missing', 'deeper') });
    await expect(broken.open('a.txt', bytes)).rejects.toThrow(/ENOENT/);
  });

  it('pipes the bytes into a command and hands back what it printed', async () => {
    const viewer = new AttachmentViewer({ PATH: process.env.PATH, H2H_SMTP_PASSWORD: 'hunter3' });
    expect(await viewer.pipe('wc -c', bytes)).toEqual({ code: 0, signal: null, output: `${bytes.length}\n` });
    expect((await viewer.pipe('sha256sum | cut -c1-64', bytes)).output.trim()).toBe(sha(bytes));
    // A command that reads none of it, one that fails, and the environment it gets.
    expect(await viewer.pipe('true', bytes)).toEqual({ code: 0, signal: null, output: '' });
    expect(await viewer.pipe('echo nope >&2; exit 3', bytes)).toEqual({ code: 3, signal: null, output: 'nope\n' });
    expect((await viewer.pipe('env', bytes)).output).not.toContain('hunter3');
  });
  it('opens by the owner\'s mailcap entry for the type when H2H_OPENER is not set, and H2H_OPENER wins over it', async () => {
    const dir = tempDir();
    const { command, record } = stubOpener(dir);
    const caps = join(dir, 'mailcap');
    writeFileSync(caps, `image/*; ${command} %s\n`);
    const viewer = new AttachmentViewer({ PATH: process.env.PATH, MAILCAPS: caps, XDG_RUNTIME_DIR: dir });
    expect(viewer.openerFor('image/jpeg').label).toBe(`mailcap (${command})`);
    const file = await viewer.open('photo.jpg', bytes, 'image/jpeg');
    await vi.waitFor(() => expect(existsSync(record)).toBe(true), { timeout: 10_000 });
    expect(readFileSync(record, 'utf8')).toBe(file);
    viewer.closeNow();
    // Another type falls through to the desktop's opener; H2H_OPENER is taken over mailcap.
    expect(new AttachmentViewer({ MAILCAPS: caps }, 'linux').openerFor('application/pdf').label).toBe('xdg-open');
    expect(new AttachmentViewer({ MAILCAPS: caps, H2H_OPENER: 'my-viewer' }).openerFor('image/png').label).toBe('my-viewer');
  });
});
