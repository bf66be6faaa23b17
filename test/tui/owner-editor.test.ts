import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ownerEditor } from '../../src/tui/run-tui.js';
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
