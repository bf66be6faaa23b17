// `.bak` files are private copies: `h2h init --force` over a config the user left 0644 (with its
// password) must not keep that mode, nor share the old inode with another name (a hard link).
import { linkSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keepBackup } from '../../src/adapters/store/atomic-file.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const mode = (path: string) => statSync(path).mode & 0o777;

describe('backups', () => {
  it('init --force writes config.json.bak fresh and 0600 when the old config was 0644', async () => {
    const root = tempDir();
    const configFile = join(root, 'config', 'h2h', 'config.json');
    mkdirSync(join(root, 'config', 'h2h'), { recursive: true });
    const old = JSON.stringify({ account: { imap: { host: 'old', user: 'old', password: 'hunter2-old' } } });
    writeFileSync(configFile, old, { mode: 0o644 });
    const oldInode = statSync(configFile).ino;
    const env = { XDG_CONFIG_HOME: join(root, 'config'), XDG_DATA_HOME: join(root, 'data') };
    const r = await runCli(['init', '--name', 'A', '--email', 'a@shop.example', '--imap-host', 'imap.shop.example', '--smtp-host', 'smtp.shop.example', '--no-verify', '--force'], { env });
    expect(r.exitCode).toBe(0);
    const bak = `${configFile}.bak`;
    expect(readFileSync(bak, 'utf8')).toBe(old);
    expect(mode(bak)).toBe(0o600);
    expect(statSync(bak).ino).not.toBe(oldInode);
    expect(statSync(bak).nlink).toBe(1);
  });

  it('keepBackup copies a file that has another name (hard link) instead of linking a third', async () => {
    const dir = tempDir();
    const file = join(dir, 'config.json');
    writeFileSync(file, '{"a":1}', { mode: 0o600 });
    linkSync(file, join(dir, 'elsewhere'));
    await keepBackup(file);
    expect(readFileSync(`${file}.bak`, 'utf8')).toBe('{"a":1}');
    expect(statSync(`${file}.bak`).nlink).toBe(1);
    expect(mode(`${file}.bak`)).toBe(0o600);
  });
});
