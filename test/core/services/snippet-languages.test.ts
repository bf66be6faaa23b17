/**
 * Snippets per language (issue 19): `shipping.fi.txt` over `shipping.txt` for a customer who writes
 * Finnish, the default for one whose language has no variant, a variant named outright, the
 * language chosen for one mail over theirs; through the real store, detector, files and CLI.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pickSnippetVariant } from '../../../src/core/domain/snippet.js';
import { agent, fixture, input, rawMessage, servicesFor } from '../../helpers/store-fixture.js';
import { runCli } from '../../helpers/run-cli.js';

const shop = `${agent.name} <${agent.email}>`;

describe('which snippet file a customer gets', () => {
  const files = ['shipping', 'shipping.fi', 'shipping.sv', 'returns.fi', 'returns.sv', 'size.en', 'size.de'];
  it.each([
    ['shipping', 'fi', 'shipping.fi'],
    ['shipping', 'nl', 'shipping'],
    ['shipping', null, 'shipping'],
    ['shipping.sv', 'fi', 'shipping.sv'],
    ['shipping.de', 'de', null],
    // No file without a language: English's, else the first there is.
    ['returns', 'en', 'returns.fi'],
    ['returns', 'sv', 'returns.sv'],
    ['size', 'fi', 'size.en'],
    ['nothing', 'fi', null],
    ['../config', 'fi', null],
    ['shipping.FI', 'fi', null],
  ])('%s for a customer writing %s: %s', (ref, language, used) => {
    expect(pickSnippetVariant(files, ref, language)).toBe(used);
  });
});

async function shop3() {
  const f = fixture();
  mkdirSync(join(f.root, 'snippets'));
  writeFileSync(join(f.root, 'snippets', 'shipping.txt'), 'Your order is on its way, {{customer.firstName}}.');
  writeFileSync(join(f.root, 'snippets', 'shipping.fi.txt'), 'Tilauksesi on matkalla, {{customer.firstName}}.');
  writeFileSync(join(f.root, 'snippets', 'shipping.sv.md'), 'Din beställning är på väg, {{customer.firstName}}.');
  const s = await servicesFor(f);
  await s.importer.import([
    input(rawMessage({ from: 'Päivi Virtanen <paivi@example.fi>', to: shop, subject: 'Kengät', id: '<p1@example.fi>', body: 'Hei! Tilasin viime viikolla nilkkurit, mutta ne eivät ole vielä tulleet. Missä ne ovat?' })),
    input(rawMessage({ from: 'Lotte de Vries <lotte@example.nl>', to: shop, subject: 'Laarzen', id: '<l1@example.nl>', body: 'Hallo, ik heb vorige week laarzen besteld maar ze zijn nog niet aangekomen. Waar zijn ze?' })),
  ]);
  const all = await s.conversations.list('');
  return { f, s, päivi: all.find((c) => c.customer === 'paivi@example.fi')!.id, lotte: all.find((c) => c.customer === 'lotte@example.nl')!.id };
}

describe('snippets in the customer\'s language', () => {
  it('fills in their language\'s variant, else the default, and one chosen for this mail', async () => {
    const { s, päivi, lotte } = await shop3();
    expect(await s.replies!.snippetNames()).toEqual(['shipping', 'shipping.fi', 'shipping.sv']);
    expect(await s.replies!.snippet('shipping', päivi)).toEqual({ text: 'Tilauksesi on matkalla, Päivi.', used: 'shipping.fi', language: 'fi', languages: ['fi', 'sv'] });
    expect(await s.replies!.snippet('shipping', lotte)).toMatchObject({ text: 'Your order is on its way, Lotte.', used: 'shipping', language: 'nl' });
    expect((await s.replies!.snippet('shipping', päivi, { language: 'sv' })).text).toBe('Din beställning är på väg, Päivi.');
    expect((await s.replies!.snippet('shipping.sv', lotte)).text).toBe('Din beställning är på väg, Lotte.');
    await expect(s.replies!.snippet('shipping.de', lotte)).rejects.toThrow(/no snippet "shipping.de"/);
  });

  it('h2h reply --snippet picks the same, --language over theirs, and says which in --json', async () => {
    const { f, päivi } = await shop3();
    const fi = await runCli(['reply', päivi, '--snippet', 'shipping', '--json'], { env: f.env });
    expect(JSON.parse(fi.stdout).draft).toMatchObject({ text: 'Hei Päivi,\n\nTilauksesi on matkalla, Päivi.\n\nTerveisin,\nRiitta Virtanen\n', snippet: { used: 'shipping.fi', language: 'fi', languages: ['fi', 'sv'] } });
    const sv = await runCli(['reply', päivi, '--snippet', 'shipping', '--language', 'sv', '--json'], { env: f.env });
    expect(JSON.parse(sv.stdout).draft.text).toBe('Hej Päivi,\n\nDin beställning är på väg, Päivi.\n\nHälsningar,\nRiitta Virtanen\n');
  });

  it("fills in the facts kept in notes about the customer ({{customer.size}}), the newest note's word, and shows them while answering", async () => {
    const { f, s, päivi } = await shop3();
    writeFileSync(join(f.root, 'snippets', 'size.txt'), 'We set aside size {{customer.size | ?}} for you, {{customer.firstName}}; we will call you as you prefer ({{customer.prefers | email}}).');
    await s.conversations.addCustomerNote('paivi@example.fi', 'size: 39\nprefers: phone', agent.name);
    expect((await s.replies!.snippet('size', päivi)).text).toBe('We set aside size 39 for you, Päivi; we will call you as you prefer (phone).');
    await s.conversations.addCustomerNote('paivi@example.fi', 'size: 40\nShe exchanged the 39s for 40s.', agent.name);
    expect((await s.replies!.snippet('size', päivi)).text).toBe('We set aside size 40 for you, Päivi; we will call you as you prefer (phone).');
    expect((await s.replies!.draft(päivi)).facts).toEqual({ size: '40', prefers: 'phone' });
    const json = await runCli(['customers', '--json'], { env: f.env });
    expect(JSON.parse(json.stdout).find((c: { email: string }) => c.email === 'paivi@example.fi').facts).toEqual({ size: '40', prefers: 'phone' });
  });
});
