/**
 * `h2h forget`: a customer's mail erased for good. The proof is on the bytes: after forgetting
 * customer:x, no file under the data folder (the index, its log, the owner's documents, raw files)
 * holds anything that identifies x or that x wrote, and the search index has none of x's words;
 * everybody else's mail is untouched.
 */
import Database from 'better-sqlite3';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { appendMessages, fetchSources } from '../../mail-harness/mailbox.js';
import { spawnCli } from '../../helpers/spawn-cli.js';
import { agent, fixedClock, fixture, input, rawMessage, rawMessageWithFile, servicesFor, type Fixture } from '../../helpers/store-fixture.js';
import { syncFixture, syncServicesFor } from '../../helpers/sync-fixture.js';

const { dovecot } = inject('mail');
const shop = `${agent.name} <${agent.email}>`;
const clock = fixedClock('2026-11-20T12:00:00Z');

/** Everything that says who Zelda is or what she wrote (her words are unique to her mail). */
const zelda = {
  address: 'zelda.quixote@forgetme.example',
  markers: ['zelda.quixote@forgetme.example', 'Quixote', 'qwertzfjord', 'ZQX4471', 'zqconvnote', 'zqcustomernote', 'zqdraftword', 'zqreplyword', 'zqtagword', 'zqfileword', 'zqlabelword', 'zqsentfile'],
  words: ['qwertzfjord', 'zqx4471', 'quixote'],
};

const sentFile = Buffer.from('zqsentfile: the return label\n');

const mail = {
  sentWithFile: rawMessageWithFile({ from: shop, to: `Zelda Quixote <${zelda.address}>`, subject: 'Re: Order ZQX4471', id: '<sent1@shop.example>', irt: '<z1@forgetme.example>', refs: '<z1@forgetme.example>', date: 'Mon, 02 Nov 2026 12:00:00 +0000', body: 'Here is the label.', file: { name: 'label.txt', type: 'application/octet-stream', content: sentFile } }),
  zeldaFirst: rawMessage({ from: `Zelda Quixote <${zelda.address}>`, to: shop, subject: 'Order ZQX4471', id: '<z1@forgetme.example>', date: 'Mon, 02 Nov 2026 10:00:00 +0000', body: 'The qwertzfjord parcel never came.' }),
  zeldaAgain: rawMessage({ from: `Zelda Quixote <${zelda.address}>`, to: shop, subject: 'Another question', id: '<z2@forgetme.example>', date: 'Tue, 10 Nov 2026 10:00:00 +0000', body: 'Also: qwertzfjord gift wrap?' }),
  other: rawMessage({ from: 'Anna Korhonen <anna@example.com>', to: shop, subject: 'Sizes', id: '<a1@example.com>', date: 'Wed, 11 Nov 2026 10:00:00 +0000', body: 'Do the boots run small?' }),
};

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Markers found in any file under the data folder, as `file: marker` (case-insensitive, UTF-8 bytes). */
function markersLeft(dataDir: string, markers: string[]): string[] {
  return filesUnder(dataDir).flatMap((file) => {
    const text = readFileSync(file).toString('latin1').toLowerCase();
    return markers.filter((m) => text.includes(Buffer.from(m.toLowerCase()).toString('latin1'))).map((m) => `${file.slice(dataDir.length + 1)}: ${m}`);
  });
}

/** Terms the search index holds, of these. */
function termsInIndex(dataDir: string, terms: string[]): string[] {
  const db = new Database(join(dataDir, 'index.sqlite'));
  try {
    db.exec("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, 'message_fts', 'row')");
    return db.prepare('SELECT term FROM temp.vocab WHERE term IN (SELECT value FROM json_each(?))').pluck().all(JSON.stringify(terms)) as string[];
  } finally {
    db.close();
  }
}

/** A store with Zelda's two conversations (tagged, noted, a draft, a reply in the outbox; her note is the last undoable change) and Anna's one. */
async function zeldaAndAnna(): Promise<{ f: Fixture; annaId: string }> {
  const f = fixture();
  const s = await servicesFor(f, clock);
  await s.importer.import([input(mail.zeldaFirst), input(mail.zeldaAgain), input(mail.other), input(mail.sentWithFile)]);
  // A reply sent with a file weeks ago: its outbox entry is gone, the copy of the file it kept is not.
  await s.store.writeRaw(sentFile);
  const [anna] = await s.conversations.list('customer:anna@example.com');
  await s.conversations.tag([anna.id], ['boots'], []);
  const [first, again] = (await s.conversations.list(`customer:${zelda.address}`)).sort((a, b) => a.lastMessageAt.localeCompare(b.lastMessageAt));
  await s.conversations.tag([first.id], ['zqtagword'], []);
  await s.conversations.addNote(first.id, 'asked for zqconvnote');
  await s.conversations.addCustomerNote(zelda.address, 'prefers zqcustomernote');
  // Files attached to her draft and her queued reply; one of them also to a draft for Anna.
  const shared = { name: 'size-chart.pdf', content: Buffer.from('the shop size chart') };
  const draft = await s.replies!.draft(first.id);
  await s.replies!.saveDraft(first.id, 'Hi Zelda, zqdraftword', draft.baseSeq, { attachments: await s.replies!.attach([{ name: 'z.txt', content: Buffer.from('zqfileword') }, shared]) });
  await s.replies!.queue(await s.replies!.draft(again.id), 'Hi Zelda,\n\nzqreplyword\n\nRiitta', { attachments: await s.replies!.attach([{ name: 'label.txt', content: Buffer.from('zqlabelword') }]) });
  const forAnna = await s.replies!.draft(anna.id);
  await s.replies!.saveDraft(anna.id, 'Hi Anna, the chart', forAnna.baseSeq, { attachments: await s.replies!.attach([shared]) });
  await s.store.close();
  return { f, annaId: anna.id };
}

describe('h2h forget', () => {
  it('after forget customer:x, no byte of x is left under the data folder, and the others are untouched', async () => {
    const { f, annaId } = await zeldaAndAnna();
    expect(markersLeft(f.dataDir, zelda.markers)).not.toEqual([]); // the check can see them
    expect(termsInIndex(f.dataDir, zelda.words).sort()).toEqual([...zelda.words].sort());

    const r = await spawnCli(['forget', `customer:${zelda.address}`, '--yes'], { env: f.env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('erased 2 conversations, 3 messages');
    expect(r.stdout).toContain(`erased customer ${zelda.address}`);

    expect(markersLeft(f.dataDir, zelda.markers)).toEqual([]);
    expect(termsInIndex(f.dataDir, zelda.words)).toEqual([]);
    const s = await servicesFor(f, clock);
    expect((await s.conversations.list()).map((c) => [c.id, c.tags])).toEqual([[annaId, ['boots']]]);
    expect((await s.conversations.show(annaId)).messages[0].body.text).toContain('Do the boots run small?');
    expect(await s.conversations.customers()).toHaveLength(1);
    expect(await s.replies!.outbox()).toEqual([]);
    // The file her draft shared with Anna's is still there for Anna's reply.
    const [chart] = (await s.replies!.draft(annaId)).attachments;
    expect(Buffer.from(await s.store.readRaw(chart.hash)).toString()).toBe('the shop size chart');
    // Every undoable change about her is gone; Anna's, before them, is still there to undo.
    expect(s.conversations.lastUndoable()).toBe('tag +boots on 1 conversation');
    // A later search finds nothing of hers; a later forget has nothing left to do.
    expect(await s.conversations.list('qwertzfjord')).toEqual([]);
    await s.store.close();
  });

  it('a dry run and a script without --yes erase nothing; an empty query is refused', async () => {
    const { f } = await zeldaAndAnna();
    const before = filesUnder(f.dataDir).filter((p) => p.includes('/raw/')).sort();

    const dry = await spawnCli(['forget', `customer:${zelda.address}`, '--dry-run', '--json'], { env: f.env });
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ dryRun: true, messages: 3, customers: [zelda.address] });

    const noYes = await spawnCli(['forget', `customer:${zelda.address}`], { env: f.env });
    expect(noYes.code).toBe(2);
    expect(noYes.stderr).toMatch(/^h2h: nothing erased: add --yes/);

    const everything = await spawnCli(['forget', '', '--yes'], { env: f.env });
    expect(everything.code).toBe(2);

    expect(filesUnder(f.dataDir).filter((p) => p.includes('/raw/')).sort()).toEqual(before);
    const s = await servicesFor(f, clock);
    expect(await s.conversations.list(`customer:${zelda.address}`)).toHaveLength(2);
    await s.store.close();
  });

  it('--on-server deletes exactly her messages on the IMAP server too, and needs --yes', async () => {
    const f = await syncFixture(dovecot);
    await appendMessages(dovecot, f.user, 'INBOX', [mail.zeldaFirst, mail.other, mail.zeldaAgain]);
    const s = await syncServicesFor(f);
    await s.sync.sync();
    // Decisions about her and about Anna, shared through the server's state log.
    const [hers] = await s.conversations.list(`customer:${zelda.address}`);
    await s.conversations.tag([hers.id], ['zqtagword'], []);
    await s.conversations.addCustomerNote(zelda.address, 'zqcustomernote: prefers email');
    await s.conversations.tag([(await s.conversations.list('customer:anna@example.com'))[0].id], ['boots'], []);
    // A reply to her being written: in the log and, for other mail clients, in Drafts.
    await s.replies!.saveDraft(hers.id, 'Hi Zelda,\n\nzqdraftword\n\nRiitta', (await s.replies!.draft(hers.id)).baseSeq);
    await s.sync.sync();
    expect([...(await fetchSources(dovecot, f.user, 'Drafts')).values()].map((raw) => raw.toString()).join('\n')).toContain('zqdraftword');
    const log = async () => [...(await fetchSources(dovecot, f.user, 'h2h-state')).values()].map((raw) => Buffer.from(raw.toString('latin1').split(/\r?\n\r?\n/).slice(1).join(''), 'base64').toString('utf8'));
    expect((await log()).join('\n')).toContain('zqcustomernote');
    expect((await log()).join('\n')).toContain('zqdraftword');
    await s.store.close();
    const env = { ...f.env };

    const refused = await spawnCli(['forget', `customer:${zelda.address}`, '--on-server'], { env });
    expect(refused.code).toBe(2);
    expect((await fetchSources(dovecot, f.user, 'INBOX')).size).toBe(3);

    const r = await spawnCli(['forget', `customer:${zelda.address}`, '--on-server', '--yes'], { env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('deleted 2 messages on the server');
    const left = [...(await fetchSources(dovecot, f.user, 'INBOX')).values()].map((raw) => raw.toString());
    expect(left).toHaveLength(1);
    expect(left[0]).toContain('<a1@example.com>');
    expect(markersLeft(f.dataDir, zelda.markers)).toEqual([]);
    // Nor is anything of her left in the state log on the server; Anna's decision still is.
    const shared = (await log()).join('\n');
    for (const marker of ['zelda.quixote@forgetme.example', 'zqtagword', 'zqcustomernote', 'zqdraftword']) expect(shared).not.toContain(marker);
    expect((await fetchSources(dovecot, f.user, 'Drafts')).size).toBe(0);
    expect(shared).toContain('boots');
    // The next sync neither brings her mail back nor loses Anna's.
    const again = await syncServicesFor(f);
    await again.sync.sync();
    expect((await again.conversations.list()).map((c) => c.customer)).toEqual(['anna@example.com']);
    await again.store.close();
    expect(existsSync(join(f.dataDir, 'index.sqlite'))).toBe(true);
  });
});
