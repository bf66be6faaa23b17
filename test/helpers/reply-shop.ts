/** A shop for reply tests: a fresh Dovecot user with one customer question in INBOX, synced. */
import { expect, inject } from 'vitest';
import { appendMessages, ensureFolder, withImap } from '../mail-harness/mailbox.js';
import { spawnCli } from './spawn-cli.js';
import { exchange, syncFixture } from './sync-fixture.js';

/** A shop whose account is a fresh Dovecot user with one customer question (`question`) in INBOX, synced; SMTP on `smtpPort`. */
export async function shopWithQuestion(smtpPort: number, account: Record<string, unknown> = {}, question: Buffer = exchange(0, false).question) {
  const { dovecot } = inject('mail');
  const f = await syncFixture(dovecot, { smtp: { host: '127.0.0.1', port: smtpPort, user: 'shop', tls: 'none' }, ...account });
  await withImap(dovecot, f.user, (c) => ensureFolder(c, 'Sent'));
  const [questionUid] = await appendMessages(dovecot, f.user, 'INBOX', [question]);
  const env = { ...f.env, H2H_SMTP_PASSWORD: 'any' };
  expect((await spawnCli(['sync'], { env })).code).toBe(0);
  const [conversation] = JSON.parse((await spawnCli(['list', '--json'], { env })).stdout) as { id: string }[];
  return { f, env, dovecot, questionUid, id: conversation.id };
}

