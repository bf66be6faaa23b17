/**
 * A customer's language (issue 19), through the real store and detector: read from what they wrote
 * (not the quoted history), each message once, the newest counting; the owner's setting first.
 */
import { describe, expect, it } from 'vitest';
import { EldDetector } from '../../../src/adapters/language/eld-detector.js';
import { LanguageService } from '../../../src/core/services/language-service.js';
import type { LanguageDetector } from '../../../src/core/ports/language-detector.js';
import { importFixture } from '../../helpers/import-fixture.js';
import { agent, input, rawMessage } from '../../helpers/store-fixture.js';

/** The real detector, counting the texts it is given. */
function counting(): LanguageDetector & { texts: string[] } {
  const real = new EldDetector();
  const texts: string[] = [];
  return { texts, detect: (text) => (texts.push(text), real.detect(text)) };
}

const päivi = 'Päivi Virtanen <paivi@example.fi>';
const shop = `${agent.name} <${agent.email}>`;

describe('a customer\'s language', () => {
  it('is what their own words say, each message read once; the owner\'s setting wins until taken back', async () => {
    const f = await importFixture();
    await f.importer.import([
      // Her reply quotes the shop's long English message: the quote says nothing about her.
      input(rawMessage({ from: päivi, to: shop, subject: 'Kengät', id: '<p1@example.fi>', date: 'Mon, 02 Nov 2026 09:00:00 +0000', body: 'Hei! Tilasin viime viikolla nilkkurit koossa 38, mutta ne ovat liian pienet. Voinko vaihtaa ne kokoon 39?\n\nPäivi' })),
      input(rawMessage({ from: päivi, to: shop, subject: 'Re: Kengät', id: '<p2@example.fi>', irt: '<p1@example.fi>', date: 'Tue, 03 Nov 2026 09:00:00 +0000', body: `Kiitos!\n\nOn Mon, Riitta wrote:\n${'> Of course, the return label is on its way and size 39 leaves as soon as we have the parcel back.\n'.repeat(5)}` })),
    ]);
    const detector = counting();
    const languages = new LanguageService(f.store, detector, f.parser);
    expect(await languages.languageOf('Paivi@Example.fi')).toEqual({ email: 'paivi@example.fi', language: 'fi', setByOwner: false });
    expect(detector.texts).toHaveLength(2);
    expect(detector.texts.join('\n')).not.toContain('return label');
    // Read once: asked again, nothing is detected anew.
    await languages.languageOf('paivi@example.fi');
    expect(detector.texts).toHaveLength(2);

    expect(await languages.setLanguage('paivi@example.fi', 'sv')).toEqual({ email: 'paivi@example.fi', language: 'sv', setByOwner: true });
    expect((await languages.setLanguage('paivi@example.fi', null)).language).toBe('fi');
    await expect(languages.setLanguage('paivi@example.fi', 'finnish')).rejects.toThrow(/not a language code: "finnish"/);
    expect(await languages.languageOf('nobody@example.fi')).toEqual({ email: 'nobody@example.fi', language: null, setByOwner: false });
    await f.store.close();
  });
});
