/** The register a reply is written in, read from its greeting and sign-off (greetings.ts registerOfText), per language. */
import { describe, expect, it } from 'vitest';
import { registerOfText, type GreetingTable } from '../../../src/core/domain/greetings.js';

const reply = (greeting: string, signOff: string) => `${greeting}\n\nDie Schuhe sind unterwegs.\n\n${signOff}\nRiitta Virtanen\n`;

describe('the register of a reply', () => {
  it.each([
    ['de', reply('Guten Tag Herr Müller,', 'Mit freundlichen Grüßen,'), 'formal'],
    ['de', reply('Guten Tag,', 'Mit freundlichen Grüßen,'), 'formal'],
    ['de', reply('Hallo Jonas,', 'Viele Grüße,'), 'informal'],
    ['en', reply('Dear Mr Smith,', 'Kind regards,'), 'formal'],
    ['en', reply('Hi Mark,', 'Best wishes,'), 'informal'],
    // Where both registers greet alike, the sign-off says it.
    ['sv', reply('Hej Anna,', 'Med vänliga hälsningar,'), 'formal'],
    ['fr', reply('Bonjour Sophie,', 'Cordialement,'), 'formal'],
    ['nl', reply('Beste Lotte,', 'Met vriendelijke groet,'), 'formal'],
    ['it', reply('Ciao Maria,', 'A presto,'), 'informal'],
    ['fi', reply('Hyvä Päivi,', 'Ystävällisin terveisin,'), 'formal'],
  ] as const)('%s: %j is %s', (language, text, register) => {
    expect(registerOfText(text, language)).toBe(register);
  });

  it.each([
    ['the two saying different things', 'de', reply('Hallo Herr Müller,', 'Mit freundlichen Grüßen,')],
    ['a greeting both registers share and no sign-off', 'en', 'Hello,\n\nThanks!\n'],
    ['a language whose registers read alike', 'ja', '田中様\n\nありがとうございます。\n\nよろしくお願いいたします。\n'],
    ['words of its own', 'de', 'Servus Jonas!\n\nPasst.\n\nBis bald\n'],
    ['a sign-off of another language', 'fi', reply('Moi Pipsa,', 'Mit freundlichen Grüßen,')],
  ])('says nothing for %s', (_what, language, text) => {
    expect(registerOfText(text, language)).toBeUndefined();
  });

  it("reads the config's own texts", () => {
    const table: GreetingTable = { nl: { formal: { hello: 'Geachte {name},', helloNoName: 'Geachte heer, mevrouw,', signOff: 'Hoogachtend,' } } };
    expect(registerOfText(reply('Geachte mevrouw De Vries,', 'Hoogachtend,'), 'nl', table)).toBe('formal');
    expect(registerOfText(reply('Hoi Lotte,', 'Groetjes,'), 'nl', table)).toBe('informal');
  });
});
