/**
 * The composer greets in the customer's language and says so (issue 19): which language and why,
 * l switching it for this mail (greeting and sign-off rewritten, the owner's words kept, the
 * customer's setting untouched), and a warning on mail from a machine. Real services and store.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { agent, fixture, input, rawMessage, servicesFor } from '../helpers/store-fixture.js';
import { keys, renderTui } from '../helpers/render-tui.js';

afterEach(() => cleanup());

const shop = `${agent.name} <${agent.email}>`;
const ctrlT = '\x14';

describe('greeting in the TUI composer', () => {
  it("greets in the customer's language, says why, and l writes this mail's greeting and sign-off in another", async () => {
    const s = await servicesFor(fixture());
    await s.importer.import([
      input(rawMessage({ from: 'Emma Johansson <emma@example.se>', to: shop, subject: 'Skor', id: '<e1@example.se>', body: 'Hej! Jag beställde stövlar förra veckan men de har inte kommit än. Kan ni kolla var de är?' })),
    ]);
    const [c] = await s.conversations.list('');
    const t = renderTui({ conversations: s.conversations, replies: s.replies, sync: null, clock: s.clock }, { columns: 80, rows: 30 });
    await t.waitFor('Skor');
    t.press('r');
    await t.waitFor('Hej Emma,');
    expect(t.frame()).toContain('Greet:   sv (from their mail)');
    t.press('De skickades i dag.');
    t.press(keys.escape);
    await t.waitFor('review');
    t.press('l');
    await t.waitFor('greet in language: sv');
    t.press(keys.ctrlU);
    t.press('swedish');
    t.press(keys.enter);
    await t.waitFor('not a language code: swedish');
    expect(t.frame()).toContain('greet in language: swedish');
    t.press(keys.ctrlU);
    t.press('en');
    t.press(keys.enter);
    await t.waitFor('Greet:   en (chosen for this mail)');
    expect(t.frame()).toContain('Hi Emma,');
    expect(t.frame()).toContain('Best wishes,');
    expect(t.frame()).toContain('De skickades i dag.');
    // Saved as shown; her own language stays what her mail says.
    await vi.waitFor(async () => expect((await s.replies!.draft(c.id)).text).toBe('Hi Emma,\n\nDe skickades i dag.\n\nBest wishes,\nRiitta Virtanen\n'));
    expect((await s.languages.languageOf('emma@example.se')).language).toBe('sv');
  });

  it("writes in the customer's own register and says so", async () => {
    const s = await servicesFor(fixture());
    await s.importer.import([input(rawMessage({ from: 'Jonas Müller <jonas@example.de>', to: shop, subject: 'Stiefel', id: '<j1@example.de>', body: 'Guten Tag, ich habe letzte Woche Stiefel in Größe 44 bestellt. Wann werden sie geliefert?' }))]);
    await s.greetings.setRegister('jonas@example.de', 'formal');
    const t = renderTui({ conversations: s.conversations, replies: s.replies, sync: null, clock: s.clock }, { columns: 80, rows: 30 });
    await t.waitFor('Stiefel');
    t.press('r');
    await t.waitFor('Guten Tag Jonas,');
    expect(t.frame()).toContain('Greet:   de (from their mail), formal as you write to them');
    expect(t.frame()).toContain('Mit freundlichen Grüßen,');
  });

  it('warns, in the composer, that mail from a machine may not be from a customer', async () => {
    const s = await servicesFor(fixture());
    await s.importer.import([
      input(rawMessage({ from: 'Shoe News <news@brand.example>', to: shop, subject: 'Spring collection', id: '<n1@brand.example>', headers: 'List-Unsubscribe: <mailto:unsub@brand.example>\r\nPrecedence: bulk', body: 'See what is new this spring in our collection of boots.' })),
    ]);
    const t = renderTui({ conversations: s.conversations, replies: s.replies, sync: null, clock: s.clock }, { columns: 80, rows: 30 });
    t.press('6');
    await t.waitFor('Spring collection');
    t.press('r');
    await t.waitFor('Hello,');
    expect(t.frame()).toContain('⚠ this mail came from a machine (bulk), not a person: it may not be a');
  });

  it('shows the facts kept about the customer; C-t fills in the snippet in the language the composer greets in, and says which file it was', async () => {
    const f = fixture();
    mkdirSync(join(f.root, 'snippets'));
    writeFileSync(join(f.root, 'snippets', 'shipping.txt'), 'Your order is on its way.');
    writeFileSync(join(f.root, 'snippets', 'shipping.fi.txt'), 'Tilauksesi on matkalla.');
    writeFileSync(join(f.root, 'snippets', 'shipping.sv.txt'), 'Din beställning är på väg.');
    const s = await servicesFor(f);
    await s.importer.import([input(rawMessage({ from: 'Päivi Virtanen <paivi@example.fi>', to: shop, subject: 'Kengät', id: '<p1@example.fi>', body: 'Hei! Tilasin viime viikolla nilkkurit, mutta ne eivät ole vielä tulleet. Missä ne ovat?' }))]);
    await s.conversations.addCustomerNote('paivi@example.fi', 'size: 39\nprefers: phone', agent.name);
    const t = renderTui({ conversations: s.conversations, replies: s.replies, sync: null, clock: s.clock }, { columns: 80, rows: 30 });
    await t.waitFor('Kengät');
    t.press('r');
    await t.waitFor('Hei Päivi,');
    expect(t.frame()).toContain('Facts:   size: 39 · prefers: phone');
    t.press(ctrlT);
    await t.waitFor('insert snippet:');
    t.press('shipping');
    t.press(keys.enter);
    await t.waitFor('Tilauksesi on matkalla.');
    expect(t.frame()).toContain('snippet shipping.fi: in fi · also in sv (shipping.sv)');
    t.press(keys.escape);
    await t.waitFor('review');
    t.press('l');
    await t.waitFor('greet in language:');
    t.press(keys.ctrlU);
    t.press('sv');
    t.press(keys.enter);
    await t.waitFor('Hej Päivi,');
    t.press('e');
    await t.waitFor('writing');
    t.press(ctrlT);
    await t.waitFor('insert snippet:');
    t.press('shipping');
    t.press(keys.enter);
    await t.waitFor('Din beställning är på väg.');
    expect(t.frame()).toContain('Tilauksesi on matkalla.');
  });
});
