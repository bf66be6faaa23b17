/**
 * Drafts on two machines, against the test Dovecot: a reply started on the laptop is there to go
 * on with on the desktop, and in the Drafts folder for other mail clients; written on both at once, both versions are kept in it and the sync says
 * so; a reply queued on a machine that is then lost is not lost, and one that was sent never comes
 * back as a draft.
 */
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { appendMessages, withImap } from '../mail-harness/mailbox.js';
import { exchange, syncFixture, syncServicesFor, type SyncFixture } from '../helpers/sync-fixture.js';
import { tempDir } from '../helpers/temp-dir.js';

type Machine = Awaited<ReturnType<typeof syncServicesFor>>;

const machine = (f: SyncFixture) => syncServicesFor({ ...f, dataDir: join(tempDir(), 'data') });
const idOf = async (m: Machine, subject: string) => (await m.conversations.list(`subject:"${subject}"`))[0].id;

async function write(m: Machine, subject: string, text: string) {
  const id = await idOf(m, subject);
  const draft = await m.replies!.draft(id);
  await m.replies!.saveDraft(id, text, draft.baseSeq);
}

/** The Drafts folder as another mail client sees it: each message's flags, To, Subject and text. */
async function draftsFolder(f: SyncFixture) {
  return withImap(f.server, f.user, async (client) => {
    const out: { flags: string[]; to: string; subject: string; body: string }[] = [];
    if (!(await client.list()).some((b) => b.path === 'Drafts')) return out;
    await client.mailboxOpen('Drafts');
    for await (const m of client.fetch('1:*', { flags: true, envelope: true, source: true })) {
      out.push({ flags: [...(m.flags ?? [])].sort(), to: m.envelope?.to?.map((a) => a.address).join(',') ?? '', subject: m.envelope?.subject ?? '', body: m.source?.toString('utf8') ?? '' });
    }
    return out;
  });
}

async function syncWarnings(m: Machine): Promise<string[]> {
  const warnings: string[] = [];
  await m.sync.sync({ onEvent: (e) => e.type === 'warning' && warnings.push(e.message) });
  return warnings;
}

describe('drafts on two machines', () => {
  it('goes on with a draft from the other machine; written on both at once, keeps both and says so', async () => {
    const { dovecot } = inject('mail');
    const f = await syncFixture(dovecot);
    await appendMessages(dovecot, f.user, 'INBOX', [exchange(0, false).question, exchange(1, false).question]);
    const [laptop, desktop] = [await syncServicesFor(f), await machine(f)];
    for (const m of [laptop, desktop]) await m.sync.sync();

    await write(laptop, 'Order 1000', 'Hi Anna,\n\nthe parcel left on Monday.\n\nRiitta');
    await laptop.sync.sync();
    await desktop.sync.sync();
    const there = await desktop.replies!.draft(await idOf(desktop, 'Order 1000'));
    expect([there.isSaved, there.text]).toEqual([true, 'Hi Anna,\n\nthe parcel left on Monday.\n\nRiitta']);
    // Other mail clients see it in Drafts, as a draft to Anna.
    const copies = await draftsFolder(f);
    expect(copies.map((c) => [c.flags, c.to, c.subject])).toEqual([[['\\Draft', '\\Seen'], 'anna@example.com', 'Re: Order 1000']]);
    expect(copies[0].body).toContain('the parcel left on Monday.');

    // Both go on with it, neither having seen the other's.
    await write(laptop, 'Order 1000', 'Hi Anna,\n\nthe parcel left on Monday, tracking 123.\n\nRiitta');
    await write(desktop, 'Order 1000', 'Hi Anna,\n\nthe parcel is late, sorry.\n\nRiitta');
    expect(await syncWarnings(laptop)).toEqual([]);
    expect((await syncWarnings(desktop)).join('\n')).toMatch(/a draft .*written on two machines at once: both versions are in the draft/);
    await laptop.sync.sync();
    const onLaptop = (await laptop.replies!.draft(await idOf(laptop, 'Order 1000'))).text;
    expect(onLaptop).toContain('the parcel left on Monday, tracking 123.');
    expect(onLaptop).toContain('the parcel is late, sorry.');
    expect((await desktop.replies!.draft(await idOf(desktop, 'Order 1000'))).text).toBe(onLaptop);

    // The owner settles it on the desktop: one draft everywhere again, nothing more said.
    await write(desktop, 'Order 1000', 'Hi Anna,\n\nthe parcel is late; tracking 123.\n\nRiitta');
    expect(await syncWarnings(desktop)).toEqual([]);
    expect(await syncWarnings(laptop)).toEqual([]);
    expect((await laptop.replies!.draft(await idOf(laptop, 'Order 1000'))).text).toBe('Hi Anna,\n\nthe parcel is late; tracking 123.\n\nRiitta');
    const settled = await draftsFolder(f);
    expect(settled).toHaveLength(1);
    expect(settled[0].body).toContain('the parcel is late; tracking 123.');

    // Thrown away on the laptop: gone on the desktop too.
    await laptop.replies!.discardDraft(await idOf(laptop, 'Order 1000'));
    await laptop.sync.sync();
    await desktop.sync.sync();
    expect((await desktop.replies!.draft(await idOf(desktop, 'Order 1000'))).isSaved).toBe(false);
    expect(await draftsFolder(f)).toEqual([]);
  });

  it('a reply queued on a lost machine is not lost, and once in Sent never comes back as a draft', async () => {
    const { dovecot } = inject('mail');
    const f = await syncFixture(dovecot);
    await appendMessages(dovecot, f.user, 'INBOX', [exchange(0, false).question]);
    // The laptop's clock: the reply was queued two hours ago.
    const laptop = await syncServicesFor(f, {}, { now: () => Date.now() - 2 * 3_600_000 });
    await laptop.sync.sync();
    const id = await idOf(laptop, 'Order 1000');
    const draft = await laptop.replies!.draft(id);
    // No SMTP account in the fixture: the reply waits in the outbox, as on a laptop that went offline.
    const entry = await laptop.replies!.queue(draft, 'Hi Anna,\n\nrefunded today.\n\nRiitta');
    await laptop.sync.sync();

    // Lost, the reply not sent: two hours on, it is back as a draft on the desktop (not sent by itself).
    const desktop = await machine(f);
    await desktop.sync.sync();
    const back = await desktop.replies!.draft(await idOf(desktop, 'Order 1000'));
    expect([back.isSaved, back.text]).toEqual([true, 'Hi Anna,\n\nrefunded today.\n\nRiitta']);
    expect(desktop.store.outbox()).toEqual([]);

    // It did go after all (it is in Sent now): never back as a draft, and gone from the log's drafts.
    await appendMessages(dovecot, f.user, 'Sent', [await laptop.store.readRaw(entry.hash)], ['\\Seen']);
    const restored = await machine(f);
    await restored.sync.sync();
    await restored.sync.sync();
    expect((await restored.replies!.draft(await idOf(restored, 'Order 1000'))).isSaved).toBe(false);
  });

  it('a reply queued within the hour stays with the machine that queued it: no second copy to send elsewhere', async () => {
    const { dovecot } = inject('mail');
    const f = await syncFixture(dovecot);
    await appendMessages(dovecot, f.user, 'INBOX', [exchange(0, false).question]);
    const laptop = await syncServicesFor(f);
    await laptop.sync.sync();
    const id = await idOf(laptop, 'Order 1000');
    await laptop.replies!.queue(await laptop.replies!.draft(id), 'Hi Anna,\n\nrefunded today.\n\nRiitta');
    await laptop.sync.sync();
    const desktop = await machine(f);
    await desktop.sync.sync();
    expect((await desktop.replies!.draft(await idOf(desktop, 'Order 1000'))).isSaved).toBe(false);
    const versions = Object.values(desktop.store.sharedEntries({ drafts: desktop.store.sharedDraftKeys() }).drafts ?? {}).flat();
    expect(versions.filter((v) => v.draft?.queued).map((v) => v.draft!.text)).toEqual(['Hi Anna,\n\nrefunded today.\n\nRiitta']);
  });

  it('a draft\'s attached file reaches the other machine through its copy in Drafts, checked by its content', async () => {
    const { dovecot } = inject('mail');
    const f = await syncFixture(dovecot);
    await appendMessages(dovecot, f.user, 'INBOX', [exchange(0, false).question]);
    const [laptop, desktop] = [await syncServicesFor(f), await machine(f)];
    for (const m of [laptop, desktop]) await m.sync.sync();
    const id = await idOf(laptop, 'Order 1000');
    const receipt = Buffer.from('%PDF-1.4 the receipt for order 1000\n');
    const attachments = await laptop.replies!.attach([{ name: 'kuitti.pdf', content: receipt }]);
    await laptop.replies!.saveDraft(id, 'Hi Anna,\n\nthe receipt is attached.\n\nRiitta', (await laptop.replies!.draft(id)).baseSeq, { attachments });
    await laptop.sync.sync();
    await desktop.sync.sync();
    const there = await desktop.replies!.draft(await idOf(desktop, 'Order 1000'));
    expect(there.text).toBe('Hi Anna,\n\nthe receipt is attached.\n\nRiitta');
    expect(there.attachments.map((a) => a.name)).toEqual(['kuitti.pdf']);
    expect(Buffer.from(await desktop.store.readRaw(there.attachments[0].hash))).toEqual(receipt);
  });
});
