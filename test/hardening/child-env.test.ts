// Programs h2h starts (the owner's $EDITOR, passwordCommand, accessTokenCommand) get the owner's
// environment without h2h's secrets: each test starts a real child that reports its environment.
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { childEnv } from '../../src/adapters/process/child-env.js';
import { resolveCredentials } from '../../src/app/secrets.js';
import { externalEditor } from '../../src/tui/external-editor.js';
import { tempDir } from '../helpers/temp-dir.js';

const secrets = { H2H_IMAP_PASSWORD: 'imap-Secret-1', H2H_SMTP_PASSWORD: 'smtp-Secret-2', H2H_IMAP_ACCESS_TOKEN: 'tok-3' };
const saved: Record<string, string | undefined> = {};

beforeEach(() => {
  for (const [k, v] of Object.entries(secrets)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
  process.env.H2H_CHILD_ENV_MARK = 'kept';
});
afterEach(() => {
  for (const k of Object.keys(secrets)) if (saved[k] === undefined) delete process.env[k];
  else process.env[k] = saved[k];
  delete process.env.H2H_CHILD_ENV_MARK;
});

function expectNoSecret(dump: string) {
  for (const [name, value] of Object.entries(secrets)) {
    expect(dump).not.toContain(name);
    expect(dump).not.toContain(value);
  }
  expect(dump).toContain('H2H_CHILD_ENV_MARK=kept'); // the rest of the environment is passed on
  expect(dump).toContain('PATH=');
}

describe('child processes', () => {
  it('$EDITOR runs without H2H_*_PASSWORD', async () => {
    const dir = tempDir();
    const editor = join(dir, 'dump-env');
    writeFileSync(editor, '#!/bin/sh\nenv > "$1"\n');
    chmodSync(editor, 0o700);
    const noTty = { setRawMode: undefined, write: () => true, listeners: () => [], removeListener: () => noTty, addListener: () => noTty } as unknown as NodeJS.ReadStream & NodeJS.WriteStream;
    const edit = externalEditor({ ...process.env, EDITOR: editor, VISUAL: '' }, noTty, noTty)!;
    const dump = await edit('draft');
    expect(dump).not.toBeNull();
    expectNoSecret(dump!);
  });

  it('a passwordCommand runs without the other server\'s password (or any h2h secret)', async () => {
    const dir = tempDir();
    const dumpFile = join(dir, 'env.txt');
    const creds = await resolveCredentials(
      { host: 'smtp.shop.example', port: 465, user: 'u', tls: 'tls', allowSelfSigned: false, passwordCommand: `env > '${dumpFile}'; echo pw` },
      'smtp',
      { ...process.env, H2H_SMTP_PASSWORD: '' },
    );
    expect(creds.pass).toBe('pw');
    const { readFileSync } = await import('node:fs');
    expectNoSecret(readFileSync(dumpFile, 'utf8'));
  });

  it('childEnv keeps every other variable', () => {
    expect(childEnv({ HOME: '/h', H2H_IMAP_PASSWORD: 'x', H2H_CONFIG: 'c', GNUPGHOME: '/g' })).toEqual({ HOME: '/h', H2H_CONFIG: 'c', GNUPGHOME: '/g' });
  });
});
