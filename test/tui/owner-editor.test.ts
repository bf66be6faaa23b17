import { execFileSync } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { externalEditor, ownerEditor } from '../../src/tui/external-editor.js';
import { tempDir } from '../helpers/temp-dir.js';

/** The environment a script of `npm run` (as `npm start`) really gets, from a shell with `env`. */
function npmScriptEnv(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const dir = tempDir();
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'probe', version: '1.0.0', scripts: { start: 'node -e "process.stdout.write(JSON.stringify(process.env))"' } }));
  const clean = Object.fromEntries(Object.entries({ ...process.env, ...env }).filter(([k, v]) => v !== undefined && !k.startsWith('npm_') && k !== 'EDITOR' && k !== 'VISUAL'));
  const own = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)) as Record<string, string>;
  return JSON.parse(execFileSync('npm', ['start', '--silent'], { cwd: dir, env: { ...clean, ...own }, encoding: 'utf8' }));
}

describe('the editor for replies', () => {
  it('is the built-in one under npm start when the owner set none (npm sets EDITOR=vi for its scripts)', () => {
    const env = npmScriptEnv({});
    expect(env.EDITOR).toBe('vi'); // what npm does, checked: the reason for the rule
    expect(ownerEditor(env)).toBeNull();
  });

  it("is the owner's own under npm start, and outside npm, VISUAL first", () => {
    expect(ownerEditor(npmScriptEnv({ EDITOR: 'nano' }))).toBe('nano');
    expect(ownerEditor(npmScriptEnv({ VISUAL: 'vi', EDITOR: 'nano' }))).toBe('vi');
    expect(ownerEditor({ EDITOR: 'vi' })).toBe('vi');
    expect(ownerEditor({ VISUAL: 'code --wait', EDITOR: 'vi' })).toBe('code --wait');
    expect(ownerEditor({})).toBeNull();
  });
});

describe('the owner\'s editor while it runs', () => {
  it('leaves h2h\'s event loop turning (timers fire while the owner writes), its key reader off stdin and its frames off the screen until it exits', async () => {
    const dir = tempDir();
    const flag = join(dir, 'timer-fired');
    const editor = join(dir, 'editor.sh');
    // Waits (up to 5 s) for a file that only a timer in h2h's own process creates, then says whether it came.
    writeFileSync(editor, `#!/bin/sh\ni=0\nwhile [ ! -e '${flag}' ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done\nif [ -e '${flag}' ]; then echo 'loop turned' >> "$1"; else echo 'loop blocked' >> "$1"; fi\n`);
    chmodSync(editor, 0o700);
    const stdin = new PassThrough() as PassThrough & { setRawMode: (raw: boolean) => void };
    const raw: boolean[] = [];
    stdin.setRawMode = (on) => void raw.push(on);
    const reader = () => {};
    stdin.addListener('readable', reader);
    const readersDuringEdit: number[] = [];
    const written: string[] = [];
    const out = { write: (s: string) => written.push(s) > 0 };
    const timer = setInterval(() => {
      readersDuringEdit.push(stdin.listenerCount('readable'));
      out.write('a frame drawn meanwhile');
      writeFileSync(flag, '');
    }, 20);
    try {
      const edit = externalEditor({ PATH: process.env.PATH, EDITOR: editor }, stdin, out)!;
      const text = await edit('Hello,\n');
      expect(text).toBe('Hello,\nloop turned\n');
    } finally {
      clearInterval(timer);
    }
    expect(readersDuringEdit.length).toBeGreaterThan(0);
    expect(readersDuringEdit.every((n) => n === 0)).toBe(true);
    expect(stdin.listeners('readable')).toEqual([reader]);
    expect(raw).toEqual([false, true]);
    // Frames the TUI drew while the editor had the terminal never reached it.
    expect(written[0]).toBe('\x1b[?1049l');
    expect(written[1]).toMatch(/^\x1b\[\?1049h/);
    expect(written.slice(0, 2).join('')).not.toContain('a frame drawn meanwhile');
  });

  it('gives null when the editor fails, and the temp file is gone either way', async () => {
    const dir = tempDir();
    const editor = join(dir, 'editor.sh');
    writeFileSync(editor, `#!/bin/sh\necho "$1" > '${join(dir, 'path')}'\nexit 3\n`);
    chmodSync(editor, 0o700);
    const stdin = new PassThrough();
    const edit = externalEditor({ PATH: process.env.PATH, EDITOR: editor }, stdin, { write: () => true })!;
    expect(await edit('text')).toBeNull();
    const { existsSync, readFileSync } = await import('node:fs');
    expect(existsSync(readFileSync(join(dir, 'path'), 'utf8').trim())).toBe(false);
  });
});
