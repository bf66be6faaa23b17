/**
 * `h2h reindex`: what the store derives is derived again from the raw files and the current config,
 * and the owner's decisions stay with the same conversations.
 */
import Database from 'better-sqlite3';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSources } from '../../../src/adapters/sources/read-sources.js';
import type { ImportInput } from '../../../src/core/services/import-service.js';
import { corpus } from '../../helpers/corpus.js';
import { spawnCli } from '../../helpers/spawn-cli.js';
import { agent, fixedClock, fixture, input, rawMessage, servicesFor } from '../../helpers/store-fixture.js';

const clock = fixedClock('2026-11-20T12:00:00Z');
const shop = `${agent.name} <${agent.email}>`;

async function listMonth(): Promise<ImportInput[]> {
  const dir = corpus('mbox/apache-ponymail');
  const inputs: ImportInput[] = [];
  for await (const i of readSources([join(dir, readdirSync(dir).filter((n) => n.endsWith('.mbox')).sort()[0])]).inputs) inputs.push(i);
  return inputs;
}

describe('h2h reindex', () => {
  it('with nothing changed, every conversation keeps its id, messages, tags, status, notes and read marks', async () => {
    const f = fixture();
    const s = await servicesFor(f, clock);
    await s.importer.import(await listMonth());
    const all = await s.conversations.list();
    expect(all.length).toBeGreaterThan(20);
    // Decisions on a spread of conversations.
    for (const [i, c] of all.entries()) {
      if (i % 3 === 0) await s.conversations.tag([c.id], [`t${i % 5}`], []);
      if (i % 4 === 1) await s.conversations.setStatus([c.id], 'closed');
      if (i % 5 === 2) await s.conversations.addNote(c.id, `note ${i}`);
      if (i % 2 === 0) await s.conversations.markRead([c.id], true);
    }
    const view = async () => (await s.conversations.list()).map((c) => ({ id: c.id, status: c.status, tags: c.tags, notes: c.notes, unread: c.isUnread, messages: c.messageCount, customer: c.customer }));
    const before = await view();
    const report = await s.reindex.reindex();
    expect(report).toMatchObject({ messages: before.reduce((n, c) => n + c.messages, 0), conversationsBefore: before.length, conversationsAfter: before.length, reclassified: 0 });
    expect(await view()).toEqual(before);
    await s.store.close();
  });

  it('an alias added to the config reclassifies the shop’s mail from it: the customer’s conversation gets it, her tags stay', async () => {
    const f = fixture({ agent: { ...agent, aliases: [] } });
    const question = rawMessage({ from: 'Anna Korhonen <anna@example.com>', to: shop, subject: 'Boots', id: '<q1@example.com>', date: 'Mon, 02 Nov 2026 10:00:00 +0000', body: 'Do they run small?' });
    const answer = rawMessage({ from: 'Shop <hello@shop.example>', to: 'Anna Korhonen <anna@example.com>', subject: 'Re: Boots', id: '<r1@shop.example>', irt: '<q1@example.com>', refs: '<q1@example.com>', date: 'Mon, 02 Nov 2026 12:00:00 +0000', body: 'Half a size, yes.' });
    let s = await servicesFor(f, clock);
    await s.importer.import([input(question), input(answer)]);
    const [anna] = await s.conversations.list('customer:anna@example.com');
    await s.conversations.tag([anna.id], ['boots'], []);
    // Unknown as the shop, hello@ is a customer who wrote into Anna's thread.
    expect((await s.conversations.get(anna.id)).waitingSince).not.toBeNull();
    await s.store.close();

    writeFileSync(f.configFile, JSON.stringify({ agent }), { mode: 0o600 }); // agent.aliases has hello@shop.example
    const r = await spawnCli(['reindex', '--json'], { env: f.env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ messages: 2, reclassified: 1 });

    s = await servicesFor(f, clock);
    const after = await s.conversations.get(anna.id);
    expect(after.tags).toEqual(['boots']);
    expect(after.messageCount).toBe(2);
    expect(after.waitingSince).toBeNull(); // the shop answered last
    expect(after.status).toBe('waiting');
    expect((await s.conversations.customers()).map((c) => c.email)).toEqual(['anna@example.com']);
    await s.store.close();
  });

  it('texts and the search index are derived again from the raw files (a parser fix reaches stored mail)', async () => {
    const f = fixture();
    let s = await servicesFor(f, clock);
    await s.importer.import([input(rawMessage({ from: 'Anna <anna@example.com>', to: shop, subject: 'Parcel', id: '<p1@example.com>', body: 'The parcel arrived crushed.' }))]);
    const [c] = await s.conversations.list();
    await s.store.close();
    // What an older parser left: a wrong text, no search entry.
    const db = new Database(join(f.dataDir, 'index.sqlite'));
    db.prepare("UPDATE message_texts SET text = 'garbled', split_json = NULL").run();
    db.prepare('DELETE FROM message_fts').run();
    db.prepare("UPDATE messages SET snippet = 'garbled'").run();
    db.close();
    s = await servicesFor(f, clock);
    expect(await s.conversations.list('crushed')).toEqual([]);
    await s.reindex.reindex();
    expect((await s.conversations.list('crushed')).map((x) => x.id)).toEqual([c.id]);
    const shown = await s.conversations.show(c.id);
    expect(shown.messages[0].body.text).toContain('The parcel arrived crushed.');
    expect(shown.messages[0].meta.snippet).toBe('The parcel arrived crushed.');
    await s.store.close();
  });

  it('a query reindexes only the conversations it matches', async () => {
    const f = fixture();
    let s = await servicesFor(f, clock);
    await s.importer.import([
      input(rawMessage({ from: 'Anna <anna@example.com>', to: shop, subject: 'One', id: '<o1@example.com>', body: 'first words' })),
      input(rawMessage({ from: 'Mikko <mikko@example.fi>', to: shop, subject: 'Two', id: '<t1@example.fi>', body: 'second words' })),
    ]);
    await s.store.close();
    const db = new Database(join(f.dataDir, 'index.sqlite'));
    db.prepare("UPDATE messages SET snippet = 'stale'").run();
    db.close();
    s = await servicesFor(f, clock);
    const report = await s.reindex.reindex('customer:anna@example.com');
    expect(report.messages).toBe(1);
    const snippets: Record<string, string> = {};
    for (const c of await s.conversations.list()) snippets[c.customer] = (await s.conversations.show(c.id)).messages[0].meta.snippet;
    expect(snippets).toEqual({ 'anna@example.com': 'first words', 'mikko@example.fi': 'stale' });
    await s.store.close();
  });
});
