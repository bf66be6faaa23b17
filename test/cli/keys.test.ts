import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { defaultKeymap } from '../../src/tui/keys/keymap-defaults.js';
import { keyContexts } from '../../src/tui/keys/keymap.js';

const dir = mkdtempSync(join(tmpdir(), 'h2h-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function configWith(keys: string): string {
  const file = join(dir, `config-${Math.random().toString(36).slice(2)}.json`);
  // The keys section starts on line 3 of this layout, so errors can be held to their line.
  writeFileSync(file, `{\n  "agent": { "name": "Riitta Virtanen", "email": "riitta@shop.example" },\n  "keys": ${keys}\n}\n`, { mode: 0o600 });
  return file;
}

describe('h2h keys', () => {
  it('prints every binding in effect, the owner’s ones in place of the defaults, within 80 columns', async () => {
    const config = configWith('{\n    "triage": {\n      "triage.close": ["C", "M-c"]\n    }\n  }');
    const r = await runCli(['--config', config, 'keys']);
    expect(r.exitCode).toBe(ExitCode.OK);
    expect(r.stdout).toMatch(/^ {2}triage\.close +C M-c +close$/m);
    expect(r.stdout).toMatch(/^ {2}view\.select 3 +3 +view: snoozed$/m);
    for (const context of keyContexts) expect(r.stdout).toContain(`[${context}]`);
    // Every action of the table whole, as the config takes it.
    for (const context of keyContexts) for (const b of defaultKeymap[context]) expect(r.stdout).toContain(`  ${b.index === undefined ? b.action : `${b.action} ${b.index}`} `);
    for (const line of r.stdout.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(80);
  });

  it('--json gives the same table to scripts', async () => {
    const config = configWith('{ "inbox": { "list.next": ["n", "Down"] }, "triage": { "triage.note": "A" } }');
    const r = await runCli(['--config', config, 'keys', '--json']);
    const table = JSON.parse(r.stdout) as { context: string; action: string; keys: string[]; help: string }[];
    expect(table).toHaveLength(keyContexts.reduce((n, c) => n + defaultKeymap[c].length, 0));
    expect(table.find((b) => b.action === 'list.next')).toEqual({ context: 'inbox', action: 'list.next', keys: ['n', '↓'], help: 'next conversation' });
    expect(table.find((b) => b.action === 'triage.note')?.keys).toEqual(['A']);
  });

  it('stops on a bad binding with one line naming the file, the line and the entry', async () => {
    const unknown = configWith('{\n    "inbox": {\n      "list.nxt": "j"\n    }\n  }');
    let r = await runCli(['--config', unknown, 'keys']);
    expect(r.exitCode).toBe(ExitCode.ERROR);
    expect(r.stderr).toBe(`h2h: ${unknown}:5: keys.inbox.list.nxt: unknown action "list.nxt" (h2h keys lists them)\n`);
    const conflict = configWith('{\n    "inbox": {\n      "list.first": "g",\n      "list.next": "c"\n    }\n  }');
    r = await runCli(['--config', conflict, 'keys']);
    expect(r.exitCode).toBe(ExitCode.ERROR);
    expect(r.stderr).toMatch(new RegExp(`^h2h: ${conflict}:6: keys\\.inbox\\.list\\.next: c would mean both list\\.next and triage\\.close`));
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    // A script's commands are not stopped by a binding: only the TUI and h2h keys read them.
    const listed = await runCli(['--config', conflict, 'list', '--json'], { env: { H2H_DATA_DIR: join(dir, 'data') } });
    expect(listed.stderr).toBe('');
    expect(listed.exitCode).toBe(ExitCode.OK);
  });
});
