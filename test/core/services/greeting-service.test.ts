/**
 * Replies greet each customer in their own language (issue 19), through the real store, detector
 * and reply service: the demo's customers, the owner's setting, the name the owner greeted them by,
 * machines and organisations greeted without a name and with a warning, the config's own texts.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureDemoStore } from '../../../src/app/demo-store.js';
import { createServices } from '../../../src/app/create-services.js';
import { loadConfig } from '../../../src/app/config.js';
import { demoConversations } from '../../../src/demo/demo-conversations.js';
import { agent, fixture, input, rawMessage, servicesFor } from '../../helpers/store-fixture.js';
import { tempDir } from '../../helpers/temp-dir.js';

const shop = `${agent.name} <${agent.email}>`;

/** What a reply to each demo customer starts and ends with, as a person who speaks the language would write it. */
const expected: Record<string, [greeting: string, signOff: string]> = {
  'anna.korhonen@example.fi': ['Hei Anna,', 'Terveisin,'],
  'lukas.schmidt@example.de': ['Hallo Lukas,', 'Viele Grüße,'],
  'emma.j@example.se': ['Hej Emma,', 'Hälsningar,'],
  'yuki.tanaka@example.jp': ['田中様', 'よろしくお願いいたします。'],
  'sophie.martin@example.fr': ['Bonjour Sophie,', 'Bien à vous,'],
  'mark.thompson@example.co.uk': ['Hi Mark,', 'Best wishes,'],
  'carlos@zapateria-garcia.example.es': ['Hola Carlos,', 'Un saludo,'],
  'purchasing@bigcorp.example': ['Hello,', 'Best wishes,'],
  'jonas.mueller@example.at': ['Hallo Jonas,', 'Viele Grüße,'],
  'maria.rossi@example.it': ['Ciao Maria,', 'A presto,'],
  'grace.kim@example.kr': ['Grace님, 안녕하세요.', '감사합니다.'],
  'lotte.devries@example.nl': ['Hoi Lotte,', 'Groetjes,'],
  'kaisa.lehtonen@example.fi': ['Hei Kaisa,', 'Terveisin,'],
  'liam.oconnor@example.ie': ['Hi Liam,', 'Best wishes,'],
};

describe('a reply greets the customer in their language', () => {
  it("the demo's customers, each in the language they write, by the name their culture greets them by", async () => {
    const root = tempDir();
    const paths = { configFile: join(root, 'config.json'), configDir: root, dataDir: join(root, 'data') };
    await ensureDemoStore(paths);
    const s = await createServices(paths, await loadConfig(paths.configFile));
    const all = await s.conversations.list('');
    const seen: Record<string, [string, string]> = {};
    for (const email of Object.keys(expected)) {
      const c = all.find((v) => v.customer === email)!;
      const draft = await s.replies!.draft(c.id);
      const lines = draft.text.split('\n');
      seen[email] = [lines[0], lines[lines.indexOf('Riitta Virtanen') - 1]];
      expect(draft.greeting.warning).toBeUndefined();
    }
    expect(seen).toEqual(expected);
    // Every demo customer in the table: none forgotten.
    expect(new Set(demoConversations.map((c) => c.customer.email)).size).toBeGreaterThanOrEqual(Object.keys(expected).length);
  });

  it("takes the owner's setting over their mail, and the name the owner greeted them by over both", async () => {
    const s = await servicesFor(fixture());
    await s.importer.import([input(rawMessage({ from: 'Päivi Virtanen <paivi@example.fi>', to: shop, subject: 'Kengät', id: '<p1@example.fi>', body: 'Hei! Tilasin viime viikolla nilkkurit koossa 38, mutta ne ovat liian pienet. Voinko vaihtaa ne?' }))]);
    const [c] = await s.conversations.list('');
    const first = await s.replies!.draft(c.id);
    expect([first.text.split('\n')[0], first.greeting.language, first.greeting.languageFrom]).toEqual(['Hei Päivi,', 'fi', 'mail']);
    await s.languages.setLanguage('paivi@example.fi', 'sv');
    const swedish = await s.replies!.draft(c.id);
    expect([swedish.text.split('\n')[0], swedish.greeting.signOff, swedish.greeting.languageFrom]).toEqual(['Hej Päivi,', 'Hälsningar,', 'setting']);
    // Chosen for this one reply (the composer's language switch): the customer's setting stays.
    expect((await s.replies!.draft(c.id, undefined, { language: 'en' })).text.split('\n')[0]).toBe('Hi Päivi,');
    expect((await s.languages.languageOf('paivi@example.fi')).language).toBe('sv');
    await s.languages.setLanguage('paivi@example.fi', null);
    // The owner greets her as she signs: remembered, and the next reply in Finnish says so.
    await s.replies!.queue(first, 'Moi Pipsa,\n\nVaihdetaan toki.\n\nTerveisin,\nRiitta Virtanen\n');
    const next = await s.replies!.draft(c.id);
    expect([next.text.split('\n')[0], next.greeting.remembered]).toEqual(['Hei Pipsa,', true]);
  });

  it('writes to a customer in the register the owner last wrote to them in, or set; auto gives back the shop\'s', async () => {
    const s = await servicesFor(fixture());
    await s.importer.import([input(rawMessage({ from: 'Jonas Müller <jonas@example.de>', to: shop, subject: 'Stiefel', id: '<j1@example.de>', body: 'Guten Tag, ich habe letzte Woche Stiefel in Größe 44 bestellt. Wann werden sie geliefert?' }))]);
    const [c] = await s.conversations.list('');
    const first = await s.replies!.draft(c.id);
    expect([first.text.split('\n')[0], first.greeting.register, first.greeting.registerFrom]).toEqual(['Hallo Jonas,', 'informal', 'shop']);
    // The owner writes formally: the name and the register are remembered, and the next reply starts and ends that way.
    await s.replies!.queue(first, 'Guten Tag Herr Müller,\n\nIhre Stiefel sind heute verschickt worden.\n\nMit freundlichen Grüßen,\nRiitta Virtanen\n');
    const next = await s.replies!.draft(c.id);
    expect([next.text.split('\n')[0], next.greeting.signOff, next.greeting.register, next.greeting.registerFrom]).toEqual(['Guten Tag Herr Müller,', 'Mit freundlichen Grüßen,', 'formal', 'customer']);
    // It travels to the other machines with the customer's other decisions.
    const shared = s.store.sharedPending().flatMap((p) => (p.delta.customers['jonas@example.de']?.register ? [p.delta.customers['jonas@example.de'].register!.v] : []));
    expect(shared).toEqual(['formal']);
    // The owner's word: back to the shop's register.
    expect((await s.greetings.setRegister('jonas@example.de', null)).line).toBe('Hallo Herr Müller,');
    expect((await s.replies!.draft(c.id)).greeting.registerFrom).toBe('shop');
  });

  it('greets machines and organisations without a name, and warns that this may not be a customer', async () => {
    const s = await servicesFor(fixture());
    await s.importer.import([
      input(rawMessage({ from: 'Shoe News <news@brand.example>', to: shop, subject: 'Our spring collection', id: '<n1@brand.example>', headers: 'List-Unsubscribe: <mailto:unsub@brand.example>\r\nPrecedence: bulk', body: 'See what is new this spring in our collection of boots.' })),
      input(rawMessage({ from: 'Kenkä Kauppa Oy <myynti@kenka.example>', to: shop, subject: 'Tarjous', id: '<k1@kenka.example>', body: 'Hei, haluaisimme tarjota teille kenkiä tukkuhintaan. Olisiko teillä kiinnostusta?' })),
    ]);
    const all = await s.conversations.list('');
    const news = await s.replies!.draft(all.find((c) => c.customer === 'news@brand.example')!.id);
    expect([news.text.split('\n')[0], news.greeting.name]).toEqual(['Hello,', null]);
    expect(news.greeting.warning).toMatch(/^this mail came from a machine \(bulk\), not a person: it may not be a customer$/);
    const company = await s.replies!.draft(all.find((c) => c.customer === 'myynti@kenka.example')!.id);
    expect(company.text.split('\n')[0]).toBe('Hei,');
    expect(company.greeting.warning).toBe('"Kenkä Kauppa Oy" reads as an organisation, not a person: it may not be a customer');
  });

  it("writes the config's texts and register over the defaults", async () => {
    const f = fixture({ agent, greetings: { register: 'formal', languages: { fi: { informal: { hello: 'Moikka {name}!', helloNoName: 'Moikka!', signOff: 'Terkuin,' } } } } });
    const s = await servicesFor(f);
    await s.importer.import([
      input(rawMessage({ from: 'Päivi Virtanen <paivi@example.fi>', to: shop, subject: 'Kengät', id: '<p1@example.fi>', body: 'Hei! Tilasin viime viikolla nilkkurit koossa 38, mutta ne ovat liian pienet. Voinko vaihtaa ne?' })),
      input(rawMessage({ from: 'Joëlle van den Berg <joelle@example.nl>', to: shop, subject: 'Schoenen', id: '<j1@example.nl>', body: 'Hallo, ik heb vorige week laarzen besteld maar ze zijn nog niet aangekomen. Kunt u kijken waar ze zijn?' })),
    ]);
    const all = await s.conversations.list('');
    const fi = await s.replies!.draft(all.find((c) => c.customer === 'paivi@example.fi')!.id);
    // Only one register given: it is both.
    expect([fi.text.split('\n')[0], fi.greeting.signOff]).toEqual(['Moikka Päivi!', 'Terkuin,']);
    const nl = await s.replies!.draft(all.find((c) => c.customer === 'joelle@example.nl')!.id);
    expect([nl.text.split('\n')[0], nl.greeting.signOff]).toEqual(['Beste Joëlle,', 'Met vriendelijke groet,']);
    // Nothing but the greeting and sign-off of the config's own is no reply.
    await expect(s.replies!.queue(fi, fi.text)).rejects.toThrow(/the reply is empty/);
  });
});
