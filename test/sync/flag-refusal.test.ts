/**
 * A STORE the server refuses (NO) must never be recorded: Dovecot refuses keywords over 50
 * characters (h2h tags may have 64), Cyrus refuses new keywords past 100 per mailbox while still
 * offering `\*`. The tag stays here, one warning carries the server's reason, the other flags of the
 * same change still reach the server, and the next sync does not read the tag as removed elsewhere.
 * Nor does it ask again and again: the owner's next decision on the conversation is pushed anew.
 */
import { describe, expect, inject, it } from 'vitest';
import { setInboxRights } from '../mail-harness/cyrus.js';
import { addFlags, appendMessages, crlf, fetchFlags, fetchSources } from '../mail-harness/mailbox.js';
import { startSmtpSink } from '../mail-harness/smtp-sink.js';
import { spawnCli } from '../helpers/spawn-cli.js';
import type { TestServerEnv } from '../mail-harness/test-server.js';
import { exchange, syncFixture, syncServicesFor } from '../helpers/sync-fixture.js';
import type { SyncEvent } from '../../src/core/services/sync-types.js';

const mail = inject('mail');
async function refusedTag(server: TestServerEnv, tag: string, prepare?: (f: Awaited<ReturnType<typeof syncFixture>>, uid: number) => Promise<void>) {
  const f = await syncFixture(server);
  const [uid] = await appendMessages(server, f.user, 'INBOX', [crlf(exchange(0, false).question)]);
  await prepare?.(f, uid);
  const services = await syncServicesFor(f);
  await services.sync.sync();
  const [c] = await services.conversations.list('subject:"Order 1000"');
  await services.conversations.tag([c.id], [tag, 'ok'], []);
  await services.conversations.markRead([c.id], true);
  const warnings: string[] = [];
  const onEvent = (e: SyncEvent) => {
    if (e.type === 'warning') warnings.push(e.message);
  };
  await services.sync.sync({ onEvent });
  await services.sync.sync({ onEvent });
  // Not asked again round after round: a later sync warns of nothing and writes nothing (a write
  // would wake the TUI and every other h2h, whose syncs would ask again, without end).
  const later: string[] = [];
  const revision = services.store.revision();
  await services.sync.sync({ onEvent: (e) => e.type === 'warning' && later.push(e.message) });
  expect(later).toEqual([]);
  expect(services.store.revision()).toBe(revision);
  const onServer = [...(await fetchFlags(server, f.user, 'INBOX')).get(uid)!];
  return { tags: (await services.conversations.get(c.id)).tags, warnings, onServer };
}

describe('a refused STORE', () => {
  it('Dovecot: a 64-character tag (keywords stop at 50) stays here with the server reason, the rest is applied', async () => {
    const long = 'x'.repeat(64);
    const { tags, warnings, onServer } = await refusedTag({ ...mail.dovecot, kind: 'dovecot', sentFolder: 'Sent', separator: '/' }, long);
    expect(tags).toEqual(expect.arrayContaining([long, 'ok']));
    expect(onServer).toEqual(expect.arrayContaining(['ok', '\\Seen']));
    expect(onServer).not.toContain(long);
    expect(warnings.length).toBeGreaterThanOrEqual(1);
    expect(warnings[0]).toContain(long);
    expect(warnings[0]).toMatch(/keyword/i); // Dovecot's own words, not "Command failed"
  });

  it('Cyrus: a new keyword past the 100 a mailbox may hold stays here with the server reason', async () => {
    const server = mail.others.cyrus;
    const { tags, warnings, onServer } = await refusedTag(server, 'one-too-many', async (f, uid) => {
      // A hundred keywords set by another client on another message fill the mailbox's table.
      const [other] = await appendMessages(server, f.user, 'INBOX', [crlf(exchange(1, false).question)]);
      for (let i = 0; i < 100; i += 25) await addFlags(server, f.user, 'INBOX', [other], Array.from({ length: 25 }, (_, j) => `$client${i + j}`));
      expect(uid).toBeLessThan(other);
    });
    expect(tags).toEqual(expect.arrayContaining(['one-too-many']));
    expect(onServer).not.toContain('one-too-many');
    expect(onServer).toContain('\\Seen');
    expect(warnings.join('\n')).toContain('one-too-many');
  });

  it('a folder that takes no keywords and no \\Answered (Cyrus without the "w" right): the reply is filed, \\Answered is not recorded, one warning', async () => {
    const server = mail.others.cyrus;
    const sink = await startSmtpSink({ lmtpPort: mail.dovecot.lmtpPort });
    try {
      const f = await syncFixture(server, { smtp: { host: '127.0.0.1', port: sink.port, user: 'shop', tls: 'none' } });
      const [questionUid] = await appendMessages(server, f.user, 'INBOX', [crlf(exchange(0, false).question)]);
      await setInboxRights(server, f.user.address, 'lrsitex');
      const env = { ...f.env, H2H_SMTP_PASSWORD: 'any' };
      expect((await spawnCli(['sync'], { env })).code).toBe(0);
      const [conversation] = JSON.parse((await spawnCli(['list', '--json'], { env })).stdout) as { id: string }[];
      const sent = await spawnCli(['reply', conversation.id, '--body-file', '-', '--send'], { env, stdin: 'It left today.\n' });
      expect(sent.code).toBe(0);
      expect(sent.stderr).toMatch(/warning: \\Answered not set \(INBOX: [^)]*\\Answered/);
      expect((await fetchSources(server, f.user, server.sentFolder)).size).toBe(1);
      expect([...(await fetchFlags(server, f.user, 'INBOX')).get(questionUid)!]).not.toContain('\\Answered');
      const services = await syncServicesFor(f);
      const [entry] = services.store.outbox();
      expect(entry.filedAt).toBeDefined();
      expect(entry.answeredAt).toBeUndefined();
    } finally {
      await sink.stop();
    }
  });
});
