import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeMbox } from '../../bench/generate-mailbox.js';
import { h2hBin, spawnCli } from '../helpers/spawn-cli.js';
import { fixture } from '../helpers/store-fixture.js';

describe('h2h in a shell pipeline', () => {
  it('ends quietly with status 0 when the reader stops early (| head -1)', async () => {
    const f = fixture();
    const mbox = join(f.root, 'mail.mbox');
    await writeMbox(mbox, 3000, 3);
    expect((await spawnCli(['import', mbox], { env: f.env })).code).toBe(0);
    const r = spawnSync('bash', ['-c', `set -o pipefail; node '${h2hBin}' list | head -1`], { env: { ...process.env, ...f.env }, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')).toHaveLength(2);
    const wide = spawnSync('bash', ['-c', `node '${h2hBin}' list | wc -l`], { env: { ...process.env, ...f.env }, encoding: 'utf8' });
    expect(Number(wide.stdout.trim())).toBeGreaterThan(1000); // the output really is larger than a pipe buffer
  }, 60_000);
});
