/**
 * Two syncs of one store at once (the TUI's live sync and `h2h sync --watch`, or a cron sync): one
 * asks the server for flags, the other pushes a tag and records it, then the first applies its
 * answer. That answer is older than the record; read against it, the tag looks taken off by another
 * client. Found by the load test losing tags under 50 writers; here the moment is fixed by running
 * the second sync inside the first one's call to the (real) server, right after it answered.
 */
import { describe, expect, inject, it } from 'vitest';
import { ImapMailServer } from '../../src/adapters/imap/imap-session.js';
import type { MailServer, MailServerSession } from '../../src/core/ports/mail-server.js';
import { SyncService } from '../../src/core/services/sync-service.js';
import { addFlags, appendMessages, fetchFlags } from '../mail-harness/mailbox.js';
import { exchange, syncFixture, syncServicesFor } from '../helpers/sync-fixture.js';

const { dovecot } = inject('mail');

/**
 * The same Dovecot; `meanwhile` runs once, right after the server answered the first question that
 * carries flags (SELECT with QRESYNC, or FETCH FLAGS). `modseq: false` hides CONDSTORE/QRESYNC.
 */
function pausingAfterAnswer(server: MailServer, meanwhile: () => Promise<unknown>, modseq: boolean, at: 'flags' | 'store' = 'flags'): MailServer {
  let pending: (() => Promise<unknown>) | undefined = meanwhile;
  const once = async () => {
    const run = pending;
    pending = undefined;
    await run?.();
  };
  return {
    identity: server.identity,
    async connect(): Promise<MailServerSession> {
      const s = await server.connect();
      return new Proxy(s, {
        get(target, key, receiver) {
          if (key === 'capabilities' && !modseq) return { ...target.capabilities, condstore: false, qresync: false };
          if (key === 'open')
            return async (path: string, since?: { uidValidity: string; modseq: string }) => {
              const opened = await target.open(path, modseq ? since : undefined);
              if (!modseq) {
                const { highestModseq: _h, changesSince: _c, ...rest } = opened;
                return rest;
              }
              if (at === 'flags' && path === 'INBOX' && opened.changesSince) await once();
              return opened;
            };
          if (key === 'fetchFlags')
            return async (below: number, changedSince?: string) => {
              const flags = await target.fetchFlags(below, changedSince);
              if (at === 'flags' && flags.size > 0) await once();
              return flags;
            };
          if (key === 'storeFlags')
            return async (uids: number[], change: { add?: string[]; remove?: string[] }) => {
              const done = await target.storeFlags(uids, change);
              if (at === 'store') await once();
              return done;
            };
          const value: unknown = Reflect.get(target, key, receiver);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    },
  };
}

describe.each([
  ['with QRESYNC', true],
  ['without CONDSTORE/QRESYNC', false],
])('two syncs of one store at once (%s)', (_name, modseq) => {
  it('keeps a tag the other sync pushed after this one asked the server', async () => {
    const f = await syncFixture(dovecot);
    const [uid] = await appendMessages(dovecot, f.user, 'INBOX', [exchange(1, false).question]);
    const mine = await syncServicesFor(f);
    const other = await syncServicesFor(f); // another process on the same store
    await mine.sync.sync();
    const [conversation] = await mine.conversations.list('');

    // Another mail client sets a keyword (so the server reports this message as changed), and
    // the owner tags the conversation here.
    await addFlags(dovecot, f.user, 'INBOX', [uid], ['phone']);
    await mine.conversations.tag([conversation.id], ['refund'], []);

    const account = mine.config.account!;
    const real = new ImapMailServer(account.imap, async () => ({ user: f.user.address, pass: f.user.password }));
    // While this sync holds the server's answer ({phone}, no refund yet), the other one pulls
    // phone, pushes refund and records both.
    const sync = new SyncService(mine.store, mine.importer, mine.conversations, pausingAfterAnswer(real, () => other.sync.sync(), modseq), { folders: [] });
    await sync.sync();

    expect(mine.conversations.stateOf(conversation.id).tags).toEqual(['phone', 'refund']);
    expect([...((await fetchFlags(dovecot, f.user, 'INBOX')).get(uid) ?? [])].sort()).toEqual(['phone', 'refund']);
    // And the change left for later is taken then, without undoing anything.
    await sync.sync();
    expect(mine.conversations.stateOf(conversation.id).tags).toEqual(['phone', 'refund']);
    expect([...((await fetchFlags(dovecot, f.user, 'INBOX')).get(uid) ?? [])].sort()).toEqual(['phone', 'refund']);
  });

  it('keeps a tag taken off and put back while its push was on the way', async () => {
    const f = await syncFixture(dovecot);
    const [uid] = await appendMessages(dovecot, f.user, 'INBOX', [exchange(2, false).question]);
    const mine = await syncServicesFor(f);
    const other = await syncServicesFor(f);
    await mine.sync.sync();
    const [conversation] = await mine.conversations.list('');
    await mine.conversations.tag([conversation.id], ['refund'], []);

    const account = mine.config.account!;
    const real = new ImapMailServer(account.imap, async () => ({ user: f.user.address, pass: f.user.password }));
    // This sync has just stored +refund on the server; before it records that, the other sync
    // records it too, the owner takes the tag off, the other sync pushes and records that, and the
    // owner puts the tag back.
    const meanwhile = async () => {
      await other.sync.sync();
      await other.conversations.tag([conversation.id], [], ['refund']);
      await other.sync.sync();
      await other.conversations.tag([conversation.id], ['refund'], []);
    };
    const sync = new SyncService(mine.store, mine.importer, mine.conversations, pausingAfterAnswer(real, meanwhile, modseq, 'store'), { folders: [] });
    await sync.sync();
    await sync.sync();
    expect(mine.conversations.stateOf(conversation.id).tags).toEqual(['refund']);
    expect([...((await fetchFlags(dovecot, f.user, 'INBOX')).get(uid) ?? [])]).toContain('refund');
  });
});
