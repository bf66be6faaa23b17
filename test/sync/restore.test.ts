/**
 * Issue 18's restore, end to end with the real `h2h`: a desk with every kind of decision on it is
 * synced, its data folder deleted (the laptop lost), and `h2h init` + `h2h sync` on a new machine
 * bring it back, against Dovecot and Cyrus: `h2h export --format jsonl` (and list, customers, senders,
 * a draft) before and after are identical apart from the fields
 * docs/two-machines.md names as machine-local.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { appendMessages, crlf } from '../mail-harness/mailbox.js';
import { exchange, syncFixture, syncServicesFor } from '../helpers/sync-fixture.js';
import { spawnCli } from '../helpers/spawn-cli.js';
import { createServices } from '../../src/app/create-services.js';
import { loadConfig } from '../../src/app/config.js';
import type { TestServerEnv } from '../mail-harness/test-server.js';
import { tempDir } from '../helpers/temp-dir.js';

const mail = inject('mail');

/** The export, by the first message's Message-ID, without what is this machine's own (docs/two-machines.md). */
function exported(jsonl: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const line of jsonl.split('\n').filter(Boolean)) {
    const record = JSON.parse(line) as { messages: { messageId: string }[] };
    out[record.messages[0].messageId] = record;
  }
  return out;
}

describe('a lost laptop', () => {
  // The new machine's config is init's default (history older than 30 days closed at import); the
  // lost laptop's either kept history open or closed it after a day: the desk comes back as it was.
  it.each([
    ['Dovecot', 0],
    ['Dovecot', 1],
    ['Cyrus', 0],
  ] as const)('init + sync on a new machine brings back every decision: the export is the same (%s, laptop closing history after %i days)', async (name, closeOlderThanDays) => {
    const server: TestServerEnv = name === 'Cyrus' ? mail.others.cyrus : { ...mail.dovecot, kind: 'dovecot', sentFolder: 'Sent', separator: '/' };
    const f = await syncFixture(server);
    const config = JSON.parse(readFileSync(f.configFile, 'utf8')) as { history: { closeOlderThanDays: number } };
    config.history.closeOlderThanDays = closeOlderThanDays;
    writeFileSync(f.configFile, JSON.stringify(config), { mode: 0o600 });
    const talks = Array.from({ length: 5 }, (_, i) => exchange(i, i % 2 === 0));
    await appendMessages(server, f.user, 'INBOX', talks.map((t) => crlf(t.question)));
    await appendMessages(server, f.user, server.sentFolder, talks.flatMap((t) => (t.reply ? [crlf(t.reply)] : [])), ['\\Seen']);

    // The laptop: every kind of decision the owner makes.
    const laptop = await syncServicesFor(f);
    await laptop.sync.sync();
    const id = async (n: number) => (await laptop.conversations.list(`subject:"Order ${1000 + n}"`))[0].id;
    await laptop.conversations.tag([await id(0), await id(1)], ['refund', 'vip'], []);
    await laptop.conversations.tag([await id(1)], [], ['vip']);
    await laptop.conversations.setStatus([await id(0)], 'closed');
    await laptop.conversations.setStatus([await id(1)], 'snoozed', Date.parse('2030-01-07T08:00:00Z'));
    await laptop.conversations.setStatus([await id(2)], 'waiting');
    await laptop.conversations.addNote(await id(0), 'refunded 39 € on 3 Dec', 'Riitta');
    await laptop.conversations.addNote(await id(3), 'size 39, not 38', 'Riitta');
    await laptop.conversations.addCustomerNote('mikko@example.fi', 'prefers phone after 16:00', 'Riitta');
    await laptop.conversations.markRead([await id(3)], true);
    await laptop.conversations.markRead([await id(4)], true);
    await laptop.conversations.markRead([await id(4)], false);
    await laptop.store.transact((tx) => tx.setFirstName('anna@example.com', 'Anni'));
    // A reply being written when the laptop was lost.
    await laptop.replies!.saveDraft(await id(3), 'Hi Päivi,\n\nsize 39 is on its way.\n\nRiitta', (await laptop.replies!.draft(await id(3))).baseSeq);
    for (const args of [['sender', 'lukas@example.de', '--automated'], ['block', 'offers@spam.example']]) {
      const r = await spawnCli(args, { env: f.env });
      expect(r.code, r.stderr).toBe(0);
    }
    const synced = await spawnCli(['sync'], { env: f.env });
    expect(synced.code, synced.stderr).toBe(0);
    const before = await spawnCli(['export', '--format', 'jsonl'], { env: f.env });
    expect(before.code, before.stderr).toBe(0);
    const customersBefore = await spawnCli(['customers', '--json'], { env: f.env });
    // Read marks and the waiting clocks are in the list, not the export.
    const listBefore = await spawnCli(['list', '--json'], { env: f.env });
    const sendersBefore = await spawnCli(['sender', '--json'], { env: f.env });

    // Lost: the data folder and the config. A new machine is set up from nothing but the account.
    laptop.store.close();
    rmSync(f.dataDir, { recursive: true, force: true });
    const home = tempDir();
    const env = { H2H_CONFIG: join(home, 'config.json'), H2H_DATA_DIR: join(home, 'data'), H2H_IMAP_PASSWORD: f.user.password, H2H_SMTP_PASSWORD: 'x' };
    const tls = server.ssl ? ['--imap-tls', 'starttls', '--imap-ca', join(f.root, 'ca.pem')] : ['--imap-tls', 'none'];
    const init = await spawnCli(['init', '--name', 'Riitta Virtanen', '--email', 'riitta@shop.example', '--imap-host', '127.0.0.1', '--imap-port', String(server.port),
      ...tls, '--imap-user', f.user.address, '--smtp-host', '127.0.0.1', '--smtp-port', String(mail.smtp.port), '--smtp-tls', 'none'], { env });
    expect(init.code, init.stderr).toBe(0);
    const restored = await spawnCli(['sync'], { env });
    expect(restored.code, restored.stderr).toBe(0);
    const after = await spawnCli(['export', '--format', 'jsonl'], { env });

    const was = exported(before.stdout);
    expect(Object.keys(was)).toHaveLength(5);
    // Order 1003, with a note but no status: history closed, or open, as the laptop's config said.
    expect(was['<q3@example.com>']).toMatchObject({ status: closeOlderThanDays ? 'closed' : 'open' });
    expect(exported(after.stdout)).toEqual(was);
    expect(JSON.parse((await spawnCli(['customers', '--json'], { env })).stdout)).toEqual(JSON.parse(customersBefore.stdout));
    const listAfter = await spawnCli(['list', '--json'], { env });
    // The owner's word on senders, blocks included; `at` is when this machine learnt it (docs/two-machines.md).
    const withoutAt = (json: string) => (JSON.parse(json) as { at: string }[]).map(({ at: _at, ...rest }) => rest);
    expect(withoutAt((await spawnCli(['sender', '--json'], { env })).stdout)).toEqual(withoutAt(sendersBefore.stdout));
    expect(withoutAt(sendersBefore.stdout)).toEqual([{ email: 'lukas@example.de', as: 'automated' }, { email: 'offers@spam.example', as: 'blocked' }]);
    // The draft, as it was.
    const restoredServices = await createServices({ configFile: env.H2H_CONFIG, configDir: home, dataDir: env.H2H_DATA_DIR }, await loadConfig(env.H2H_CONFIG), { env });
    const restoredId = (await restoredServices.conversations.list('subject:"Order 1003"'))[0].id;
    expect((await restoredServices.replies!.draft(restoredId)).text).toBe('Hi Päivi,\n\nsize 39 is on its way.\n\nRiitta');
    restoredServices.store.close();
    expect(JSON.parse(listAfter.stdout)).toEqual(JSON.parse(listBefore.stdout));
    expect(JSON.parse(listAfter.stdout).map((c: { subject: string; unread: boolean }) => [c.subject, c.unread]).sort()).toEqual([
      ['Order 1000', true], ['Order 1001', true], ['Order 1002', true], ['Order 1003', false], ['Order 1004', true],
    ]);
  });
});
