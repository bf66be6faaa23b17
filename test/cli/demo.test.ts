import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnCli } from '../helpers/spawn-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

function home() {
  const root = tempDir();
  return { root, env: { HOME: root, XDG_CONFIG_HOME: join(root, 'config'), XDG_DATA_HOME: join(root, 'data') } };
}

describe('the demo shop', () => {
  it('opens with `h2h` alone when no account is configured, without touching the real store', async () => {
    const { root, env } = home();
    const r = await spawnCli([], { env });
    expect(r.code).toBe(0);
    const rows = r.stdout.trimEnd().split('\n').map((l) => l.split('\t'));
    expect(rows.length).toBeGreaterThanOrEqual(25);
    expect(r.stderr).toContain('showing the demo shop');
    // Several languages, the named agent's replies, and decisions already made.
    const subjects = rows.map((row) => row[9]);
    expect(subjects).toEqual(expect.arrayContaining(['Kengät liian pienet – vaihto isompaan?', '注文した靴がまだ届きません', 'Rücksendung Bestellung 10455 – Erstattung?']));
    expect(new Set(rows.map((row) => row[1]))).toEqual(new Set(['open', 'waiting', 'closed', 'snoozed']));
    expect(existsSync(join(root, 'data/h2h-demo/data/index.sqlite'))).toBe(true);
    expect(existsSync(join(root, 'data/h2h'))).toBe(false);
    expect(existsSync(join(root, 'config/h2h'))).toBe(false);
  });

  it('shows the human touch: a promise due first in the list, one to come, a week of the owner\'s own figures, a customer with two addresses', async () => {
    const { env } = home();
    const listed = JSON.parse((await spawnCli(['--demo', 'list', '--json'], { env })).stdout) as { subject: string; status: string; promise: { due: boolean; text: string } | null }[];
    // Closed by the owner, back on the day promised: open and first.
    expect(listed[0]).toMatchObject({ subject: 'Shipping to Egypt', status: 'open', promise: { due: true, text: 'check that his order reached Cairo' } });
    expect(listed.filter((c) => c.promise && !c.promise.due).map((c) => c.subject)).toEqual(['注文した靴がまだ届きません']);
    const stats = JSON.parse((await spawnCli(['--demo', 'stats', '--json'], { env })).stdout) as { perDay: { inbound: number }[]; firstResponse: { count: number } | null; summary: string[] };
    expect(stats.perDay.filter((d) => d.inbound > 0).length).toBeGreaterThanOrEqual(5);
    expect(stats.firstResponse?.count).toBeGreaterThan(0);
    expect(stats.summary.join('\n')).toMatch(/answered within a working day this week/);
    // Anna wrote from her work address in her thread: one person, suggested, not merged by itself.
    const anna = (listed as unknown as { id: string; subject: string }[]).find((c) => c.subject === 'Kengät liian pienet – vaihto isompaan?')!;
    const shown = await spawnCli(['--demo', 'show', anna.id], { env });
    expect(shown.stdout).toContain('anna.korhonen@tyo.example wrote in this conversation: h2h customers merge anna.korhonen@example.fi anna.korhonen@tyo.example makes them one person');
    const customers = JSON.parse((await spawnCli(['--demo', 'customers', '--json'], { env })).stdout) as { email: string; addresses: string[] }[];
    expect(customers.find((c) => c.email === 'anna.korhonen@example.fi')?.addresses).toEqual([]);
  });

  it('stops opening the demo once the user has mail of their own', async () => {
    const { root, env } = home();
    mkdirSync(join(root, 'config/h2h'), { recursive: true });
    writeFileSync(join(root, 'config/h2h/config.json'), JSON.stringify({ agent: { name: 'Riitta Virtanen', email: 'riitta@shop.example' } }), { mode: 0o600 });
    const eml = join(root, 'one.eml');
    writeFileSync(eml, 'From: Anna <anna@ex.com>\r\nTo: riitta@shop.example\r\nSubject: Hello shop\r\nMessage-ID: <one@ex.com>\r\n\r\nHi!\r\n');
    expect((await spawnCli(['import', eml], { env })).code).toBe(0);
    const r = await spawnCli([], { env });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim().split('\t').at(-1)).toBe('Hello shop');
  });

  it('after an identity-only h2h init, opens the owner\'s own empty desk (not the demo) and says how to bring mail in', async () => {
    const { root, env } = home();
    expect((await spawnCli(['init', '--name', 'Riitta Virtanen', '--email', 'riitta@shop.example'], { env })).code).toBe(0);
    const r = await spawnCli([], { env });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toContain('demo shop:');
    expect(r.stderr).toContain('no mail yet: h2h import <mbox or maildir>, or h2h init to add the mail account');
    expect(existsSync(join(root, 'data/h2h-demo'))).toBe(false);
  });

  it('shows a returning customer with her history and notes (`h2h --demo show`)', async () => {
    const { env } = home();
    const list = JSON.parse((await spawnCli(['demo', '--json'], { env })).stdout) as { id: string; subject: string; messageCount: number; hasAttachments: boolean }[];
    const anna = list.find((c) => c.subject.startsWith('Kengät liian pienet'))!;
    const shown = await spawnCli(['--demo', 'show', anna.id], { env });
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('Anna Korhonen <anna.korhonen@example.fi> · 4th conversation, customer since');
    expect(shown.stdout).toContain('Size 39 reserved');
    expect(list.some((c) => c.messageCount >= 9)).toBe(true);
    expect(list.some((c) => c.hasAttachments)).toBe(true);
    const refunds = JSON.parse((await spawnCli(['--demo', 'list', '--json', '@refunds'], { env })).stdout) as { id: string }[];
    expect(refunds.length).toBeGreaterThanOrEqual(2);
  });
});
