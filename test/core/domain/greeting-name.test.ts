/**
 * Greeting people by name as their culture writes it (issue 19): a table of real names, each with
 * the language the customer writes in and the line a reply starts with; the demo's customers,
 * Japanese, Korean and Chinese names, "Last, First", particles, titles, a company, a team, a
 * newsletter, an address without a name and a machine's mail.
 */
import { describe, expect, it } from 'vitest';
import { greetingNameOf, isOrganisationName } from '../../../src/core/domain/greeting-name.js';
import { greetingLine, swapGreeting } from '../../../src/core/domain/greetings.js';

type Row = [displayName: string, language: string, register: 'informal' | 'formal', line: string];

const rows: Row[] = [
  // The demo's customers, in their languages.
  ['Anna Korhonen', 'fi', 'informal', 'Hei Anna,'],
  ['Eeva Mäkinen', 'fi', 'informal', 'Hei Eeva,'],
  ['Päivi Virtanen', 'fi', 'formal', 'Hyvä Päivi,'],
  ['Emma Johansson', 'sv', 'informal', 'Hej Emma,'],
  ['Sofia Andersson', 'sv', 'formal', 'Hej Sofia,'],
  ['Lukas Schmidt', 'de', 'informal', 'Hallo Lukas,'],
  ['Jonas Müller 🥾', 'de', 'informal', 'Hallo Jonas,'],
  ['Tom Becker', 'de', 'formal', 'Guten Tag Tom,'],
  ['Sophie Martin', 'fr', 'informal', 'Bonjour Sophie,'],
  ['Pierre Dubois', 'fr', 'formal', 'Bonjour Pierre,'],
  ['Carlos García', 'es', 'informal', 'Hola Carlos,'],
  ['Lucía Fernández', 'es', 'formal', 'Hola Lucía,'],
  ['Maria Rossi', 'it', 'informal', 'Ciao Maria,'],
  ['Giulia Bianchi', 'it', 'formal', 'Buongiorno Giulia,'],
  ['Mark Thompson', 'en', 'informal', 'Hi Mark,'],
  ['Liam O’Connor', 'en', 'informal', 'Hi Liam,'],
  ['Priya Nair', 'en', 'formal', 'Dear Priya,'],
  ['Grace Kim', 'en', 'informal', 'Hi Grace,'],
  ['Ahmed Hassan', 'en', 'informal', 'Hi Ahmed,'],
  // Dutch, with its particles, both registers.
  ['Joëlle van den Berg', 'nl', 'informal', 'Hoi Joëlle,'],
  ['van den Berg, Joëlle', 'nl', 'formal', 'Beste Joëlle,'],
  ['Ludwig van Beethoven', 'de', 'informal', 'Hallo Ludwig,'],
  // Family name first.
  ['田中 優希', 'ja', 'formal', '田中様'],
  ['田中優希', 'ja', 'informal', '田中優希様'],
  ['たなか ゆき', 'en', 'informal', 'Hi たなか様,'],
  ['김민준', 'ko', 'formal', '김민준님, 안녕하세요.'],
  ['김 민준', 'en', 'informal', 'Hi 김민준님,'],
  // A name in Latin letters from a customer who writes Korean or Japanese: the given name, their honorific.
  ['Grace Kim', 'ko', 'informal', 'Grace님, 안녕하세요.'],
  ['Emily Sato', 'ja', 'informal', 'Emily様'],
  ['王伟', 'zh', 'informal', '王伟，您好！'],
  ['李 娜', 'zh', 'formal', '李娜，您好！'],
  // "Last, First", titles, capitals.
  ['Virtanen, Mikko', 'fi', 'informal', 'Hei Mikko,'],
  ['Dr. Anna Schmidt', 'de', 'formal', 'Guten Tag Anna,'],
  ['ANNA SMITH', 'en', 'informal', 'Hi Anna,'],
  // Not a person: a neutral greeting.
  ['Acme Oy', 'fi', 'informal', 'Hei,'],
  ['Kenkä Kauppa AB', 'sv', 'informal', 'Hej,'],
  ['Zalando Customer Service', 'de', 'formal', 'Guten Tag,'],
  ['Newsletter', 'en', 'informal', 'Hello,'],
  ['Orders', 'en', 'informal', 'Hello,'],
  ['Nordic Feet Order Desk', 'en', 'informal', 'Hello,'],
  // One such word beside a name may be a person's surname.
  ['Bob Customer', 'en', 'informal', 'Hi Bob,'],
  ['The Support Team', 'nl', 'informal', 'Hallo,'],
  ['', 'ja', 'informal', 'お客様'],
  ['noreply@shop.example', 'en', 'informal', 'Hello,'],
];

describe('greeting a person by name, in their language', () => {
  it.each(rows)('%s (%s, %s) → %s', (displayName, language, register, line) => {
    expect(greetingLine(greetingNameOf(displayName, { language }), language, register)).toBe(line);
  });

  it("never greets a machine's mail by name, whatever its name says", () => {
    expect(greetingNameOf('Anna Korhonen', { person: false })).toBeNull();
  });

  it('tells organisations from people by their words, not by a word inside a name', () => {
    expect(['Acme GmbH', 'Shop Ltd.', 'Info', 'Billing & Accounts'].map(isOrganisationName)).toEqual([true, true, true, true]);
    expect(['Assi Korhonen', 'Coco Chanel', 'Sasha Grey', 'Infanta Cristina'].map(isOrganisationName)).toEqual([false, false, false, false]);
  });

  it("takes the owner's own texts over the defaults, and English for a language it has none for", () => {
    expect(greetingLine('Päivi', 'fi', 'informal', { fi: { informal: { hello: 'Moi {name}!', helloNoName: 'Moi!', signOff: 'T.' } } })).toBe('Moi Päivi!');
    expect(greetingLine('Ana', 'pt')).toBe('Hi Ana,');
  });

  it('keeps control characters out of a name', () => {
    expect(greetingNameOf('Anna\u001b[2J Korhonen', { language: 'fi' })).toBe('Anna');
  });
});

describe('greeting in another language (l in the review)', () => {
  const fi = { line: 'Hei Päivi,', signOff: 'Terveisin,' };
  const sv = { line: 'Hej Päivi,', signOff: 'Hälsningar,' };
  it('changes the greeting and the sign-off, and nothing the owner wrote', () => {
    expect(swapGreeting('Hei Päivi,\n\nTerveisin, sanoi hän.\n\nTerveisin,\nRiitta\n', fi, sv)).toBe('Hej Päivi,\n\nTerveisin, sanoi hän.\n\nHälsningar,\nRiitta\n');
    // A greeting the owner wrote over stays theirs, and so does a first line of their own words.
    expect(swapGreeting('Moi Pipsa,\n\nx\n\nTerveisin,\nRiitta', fi, sv)).toBe('Moi Pipsa,\n\nx\n\nHälsningar,\nRiitta');
    expect(swapGreeting('Kiitos tilauksesta.\n\nTerveiset äidillesi!\nRiitta', fi, sv)).toBe('Kiitos tilauksesta.\n\nTerveiset äidillesi!\nRiitta');
    // A draft opened without knowing its sign-off: the greeting changes, no blank line becomes a sign-off.
    expect(swapGreeting('Hei Päivi,\n\nx\n\nRiitta', { line: 'Hei Päivi,', signOff: '' }, sv)).toBe('Hej Päivi,\n\nx\n\nRiitta');
    expect(swapGreeting('田中様\n\n…\n\nよろしくお願いいたします。\nRiitta', { line: '田中様', signOff: 'よろしくお願いいたします。' }, { line: 'Hi 田中様,', signOff: 'Best wishes,' })).toBe('Hi 田中様,\n\n…\n\nBest wishes,\nRiitta');
  });
});
