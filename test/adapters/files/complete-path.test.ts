/** Tab completion of paths at the attach prompt, on a real folder: as a shell completes them. */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { completePath } from '../../../src/adapters/files/complete-path.js';
import { tempDir } from '../../helpers/temp-dir.js';

function folder(): string {
  const dir = tempDir();
  for (const f of ['label.pdf', 'photo.jpg', '.hidden', 'Kuitti ä.pdf']) writeFileSync(join(dir, f), 'x');
  mkdirSync(join(dir, 'labels'));
  writeFileSync(join(dir, 'labels', 'return.pdf'), 'x');
  symlinkSync(join(dir, 'labels'), join(dir, 'linked'));
  return dir;
}

describe('completePath', () => {
  it('completes as far as the names agree, and offers the rest', async () => {
    const dir = folder();
    expect(await completePath(`${dir}/la`)).toEqual({ text: `${dir}/label`, choices: ['label.pdf', 'labels/'] });
    expect(await completePath(`${dir}/p`)).toEqual({ text: `${dir}/photo.jpg`, choices: [] });
    expect(await completePath(`${dir}/labels`)).toEqual({ text: `${dir}/labels/`, choices: [] });
    expect(await completePath(`${dir}/labels/`)).toEqual({ text: `${dir}/labels/return.pdf`, choices: [] });
    expect(await completePath(`${dir}/li`)).toEqual({ text: `${dir}/linked/`, choices: [] });
    expect(await completePath(`${dir}/K`)).toEqual({ text: `${dir}/Kuitti ä.pdf`, choices: [] });
  });

  it('shows hidden files only when a dot is typed, keeps ~ as typed, and leaves what matches nothing', async () => {
    const dir = folder();
    expect((await completePath(`${dir}/`)).choices).toEqual(['Kuitti ä.pdf', 'label.pdf', 'labels/', 'linked/', 'photo.jpg']);
    expect(await completePath(`${dir}/.h`)).toEqual({ text: `${dir}/.hidden`, choices: [] });
    expect(await completePath('~/ph', dir)).toEqual({ text: '~/photo.jpg', choices: [] });
    expect(await completePath(`${dir}/zzz`)).toEqual({ text: `${dir}/zzz`, choices: [] });
    expect(await completePath(`${dir}/missing/a`)).toEqual({ text: `${dir}/missing/a`, choices: [] });
  });
});
