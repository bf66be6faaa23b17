/**
 * The owner's rules on mail synced from Dovecot: supplier invoices tagged and read, marketplace
 * robots (with a person's name, no telltale header) made machine mail and closed; `h2h undo` takes
 * the batch's rule effects back; `h2h rules test` shows what they would do and leaves the store's
 * bytes as they were; `h2h rules apply` runs them on stored mail.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { appendMessages } from '../mail-harness/mailbox.js';
import { spawnCli } from '../helpers/spawn-cli.js';
import { syncFixture } from '../helpers/sync-fixture.js';

const shop = 'Riitta Virtanen <riitta@shop.example>';
const mail = (from: string, subject: string, id: string, day: number) =>
  Buffer.from([`From: ${from}`, `To: ${shop}`, `Subject: ${subject}`, `Message-ID: <${id}>`, `Date: Tue, 0${day} Dec 2026 09:00:00 +0000`, 'Content-Type: text/plain; charset=utf-8', '', 'Hello.', ''].join('\r\n'));

const rules = [
  { name: 'supplier invoices', match: 'from:@supplier.example subject:invoice', do: ['+invoice', 'read'] },
  { name: 'marketplace', match: 'from:@marketplace.example', do: ['automated', 'close'] },
];

type Listed = { id: string; subject: string; tags: string[]; unread: boolean; status: string; automated: string[] | null };

describe('rules on synced mail', () => {
  it('applies the rules in order at sync; undo takes them back; test changes nothing; apply runs them again', async () => {
    const { dovecot } = inject('mail');
    const f = await syncFixture(dovecot);
    const config = JSON.parse(readFileSync(f.configFile, 'utf8')) as Record<string, unknown>;
    writeFileSync(f.configFile, JSON.stringify({ ...config, rules }), { mode: 0o600 });
    await appendMessages(dovecot, f.user, 'INBOX', [
      mail('Acme Supplies <billing@supplier.example>', 'Invoice 2026-118', 'inv1@supplier.example', 1),
      mail('Sam from Marketplace <sam@marketplace.example>', 'You have a new review', 'mk1@marketplace.example', 2),
      mail('Anna Virtanen <anna@example.fi>', 'Invoice for my order?', 'anna1@example.fi', 3),
    ]);
    const sync = await spawnCli(['sync', '--json'], { env: f.env });
    expect(sync.code).toBe(0);
    expect((JSON.parse(sync.stdout.trim().split('\n').at(-1)!) as { type: string; rules?: unknown }).rules).toEqual([{ name: 'supplier invoices', conversations: 1 }, { name: 'marketplace', conversations: 1 }]);
    const list = async (q = '') => JSON.parse((await spawnCli(['list', '--json', ...(q ? [q] : [])], { env: f.env })).stdout) as Listed[];
    const bySubject = async () => Object.fromEntries((await list()).map((c) => [c.subject, [c.tags, c.unread, c.status, c.automated]]));
    const untouched = { 'Invoice 2026-118': [[], true, 'open', null], 'You have a new review': [[], true, 'open', null], 'Invoice for my order?': [[], true, 'open', null] };
    const ruled = { 'Invoice 2026-118': [['invoice'], false, 'open', null], 'You have a new review': [[], true, 'closed', ['notification']], 'Invoice for my order?': [[], true, 'open', null] };
    expect(await bySubject()).toEqual(ruled);
    expect((await list('is:unanswered')).map((c) => c.subject).sort()).toEqual(['Invoice 2026-118', 'Invoice for my order?']);

    const undo = await spawnCli(['undo', '--json'], { env: f.env });
    expect(undo.code).toBe(0);
    expect(JSON.parse(undo.stdout)).toMatchObject({ action: 'rules on new mail: supplier invoices (1), marketplace (1)' });
    expect(await bySubject()).toEqual(untouched);

    // A dry run: what the rules would do, and not a byte of the store changed.
    const files = ['index.sqlite', 'index.sqlite-wal', 'owner.json'].map((n) => join(f.dataDir, n));
    const hashes = () => files.map((file) => (existsSync(file) ? createHash('sha256').update(readFileSync(file)).digest('hex') : 'none'));
    const before = hashes();
    const test = await spawnCli(['rules', 'test', '--json'], { env: f.env });
    expect(test.code).toBe(0);
    expect((JSON.parse(test.stdout) as { name: string; actions: string[]; conversations: { subject: string }[] }[]).map((r) => [r.name, r.actions, r.conversations.map((c) => c.subject)])).toEqual([
      ['supplier invoices', ['+invoice', 'read'], ['Invoice 2026-118']],
      ['marketplace', ['automated', 'close'], ['You have a new review']],
    ]);
    expect(hashes()).toEqual(before);
    expect(await bySubject()).toEqual(untouched);

    const apply = await spawnCli(['rules', 'apply'], { env: f.env });
    expect(apply.code).toBe(0);
    expect(apply.stdout).toMatch(/^supplier invoices: did \+invoice read on 1 conversation$/m);
    expect(await bySubject()).toEqual(ruled);
    expect((await spawnCli(['undo'], { env: f.env })).code).toBe(0);
    expect(await bySubject()).toEqual(untouched);
  });
});
