/**
 * The state log compacted, against the test Dovecot: past its bound the log's messages are
 * replaced by their join, while another machine keeps writing; nothing in them is lost (a new
 * machine restored from the compacted log has the same desk), and a message that is not a state
 * this h2h can read is kept.
 */
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { ImapMailServer } from '../../src/adapters/imap/imap-session.js';
import { StateSync } from '../../src/core/services/state-sync.js';
import { appendMessages, withImap } from '../mail-harness/mailbox.js';
import { exchange, syncFixture, syncServicesFor, type SyncFixture } from '../helpers/sync-fixture.js';
import { tempDir } from '../helpers/temp-dir.js';

type Machine = Awaited<ReturnType<typeof syncServicesFor>>;

/** One state sync of `m` with a log bound of `above` (the real one is 200). */
async function stateSync(f: SyncFixture, m: Machine, above: number) {
  const session = await new ImapMailServer(m.config.account!.imap, async () => ({ user: f.user.address, pass: f.user.password })).connect();
  try {
    return await new StateSync(m.store, { sentFolder: 'Sent' }, Date.now, above).sync(session);
  } finally {
    await session.close();
  }
}

const logCount = (f: SyncFixture) =>
  withImap(f.server, f.user, async (client) => {
    const status = await client.status('h2h-state', { messages: true });
    return status ? (status.messages ?? 0) : 0;
  });

describe('the state log, compacted', () => {
  it('past its bound becomes one message per compaction, keeps a foreign message, and loses nothing', async () => {
    const { dovecot } = inject('mail');
    const f = await syncFixture(dovecot);
    await appendMessages(dovecot, f.user, 'INBOX', [exchange(0, false).question, exchange(1, false).question]);
    const laptop = await syncServicesFor(f);
    const desktop = await syncServicesFor({ ...f, dataDir: join(tempDir(), 'data') });
    await laptop.sync.sync();
    await desktop.sync.sync();
    const id = async (m: Machine, n: number) => (await m.conversations.list(`subject:"Order ${1000 + n}"`))[0].id;
    // Something another client put in the folder: not ours to delete.
    await appendMessages(dovecot, f.user, 'h2h-state', ['Subject: a stray message\r\n\r\nhello\r\n']);

    let compacted = 0;
    for (let i = 0; i < 12; i++) {
      await laptop.conversations.addNote(await id(laptop, 0), `laptop note ${i}`, 'Riitta');
      await desktop.conversations.tag([await id(desktop, 1)], i % 2 ? [] : [`t${i}`], i % 2 ? [`t${i - 1}`] : []);
      compacted += (await stateSync(f, laptop, 5)).compacted ?? 0;
      await stateSync(f, desktop, 1_000);
    }
    expect(compacted).toBeGreaterThan(0);
    // The bound, the message written last, what the other machine wrote since, and the stray one.
    expect(await logCount(f)).toBeLessThanOrEqual(5 + 3);

    for (const m of [laptop, desktop]) await m.sync.sync();
    const replacement = await syncServicesFor({ ...f, dataDir: join(tempDir(), 'data') });
    await replacement.sync.sync();
    const desk = async (m: Machine) => {
      const notes = (await m.conversations.show(await id(m, 0))).conversation.notes.map((n) => n.text);
      return { notes, tags: (await m.conversations.get(await id(m, 1))).tags };
    };
    const expected = { notes: Array.from({ length: 12 }, (_, i) => `laptop note ${i}`), tags: [] };
    expect(await desk(replacement)).toEqual(expected);
    expect(await desk(laptop)).toEqual(expected);
    expect(await desk(desktop)).toEqual(expected);
    const subjects = await withImap(f.server, f.user, async (client) => {
      await client.mailboxOpen('h2h-state');
      const out: string[] = [];
      for await (const m of client.fetch('1:*', { envelope: true })) out.push(m.envelope?.subject ?? '');
      return out;
    });
    expect(subjects).toContain('a stray message');
  });
});
