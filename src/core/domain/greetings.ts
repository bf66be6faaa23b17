/**
 * Greetings and sign-offs per language and register (issue 19): what a reply starts and ends with
 * for a customer who writes in Finnish, Dutch or Japanese. Defaults for the languages the demo's
 * customers write in and for Japanese, Korean and Chinese; the config may replace any of them.
 * `{name}` is the name greeting-name.ts gives (with its honorific where the culture puts one in it).
 */
export type Register = 'informal' | 'formal';
export type GreetingTexts = { hello: string; helloNoName: string; signOff: string };
export type GreetingTable = Record<string, Partial<Record<Register, GreetingTexts>>>;

const same = (t: GreetingTexts): Record<Register, GreetingTexts> => ({ informal: t, formal: t });

export const defaultGreetings: GreetingTable = {
  en: { informal: { hello: 'Hi {name},', helloNoName: 'Hello,', signOff: 'Best wishes,' }, formal: { hello: 'Dear {name},', helloNoName: 'Hello,', signOff: 'Kind regards,' } },
  fi: { informal: { hello: 'Hei {name},', helloNoName: 'Hei,', signOff: 'Terveisin,' }, formal: { hello: 'Hyvä {name},', helloNoName: 'Hei,', signOff: 'Ystävällisin terveisin,' } },
  sv: { informal: { hello: 'Hej {name},', helloNoName: 'Hej,', signOff: 'Hälsningar,' }, formal: { hello: 'Hej {name},', helloNoName: 'Hej,', signOff: 'Med vänliga hälsningar,' } },
  nl: { informal: { hello: 'Hoi {name},', helloNoName: 'Hallo,', signOff: 'Groetjes,' }, formal: { hello: 'Beste {name},', helloNoName: 'Goedendag,', signOff: 'Met vriendelijke groet,' } },
  de: { informal: { hello: 'Hallo {name},', helloNoName: 'Hallo,', signOff: 'Viele Grüße,' }, formal: { hello: 'Guten Tag {name},', helloNoName: 'Guten Tag,', signOff: 'Mit freundlichen Grüßen,' } },
  fr: { informal: { hello: 'Bonjour {name},', helloNoName: 'Bonjour,', signOff: 'Bien à vous,' }, formal: { hello: 'Bonjour {name},', helloNoName: 'Bonjour,', signOff: 'Cordialement,' } },
  es: { informal: { hello: 'Hola {name},', helloNoName: 'Hola,', signOff: 'Un saludo,' }, formal: { hello: 'Hola {name},', helloNoName: 'Buenos días,', signOff: 'Saludos cordiales,' } },
  it: { informal: { hello: 'Ciao {name},', helloNoName: 'Buongiorno,', signOff: 'A presto,' }, formal: { hello: 'Buongiorno {name},', helloNoName: 'Buongiorno,', signOff: 'Cordiali saluti,' } },
  ja: same({ hello: '{name}', helloNoName: 'お客様', signOff: 'よろしくお願いいたします。' }),
  ko: same({ hello: '{name}, 안녕하세요.', helloNoName: '안녕하세요.', signOff: '감사합니다.' }),
  zh: same({ hello: '{name}，您好！', helloNoName: '您好！', signOff: '祝好' }),
};

/** The texts for a language and register: the config's over the defaults, English when the language has none. */
export function greetingTexts(language: string | undefined, register: Register = 'informal', table: GreetingTable = {}): GreetingTexts {
  const pick = (t: GreetingTable, lang: string | undefined) => (lang ? (t[lang]?.[register] ?? t[lang]?.informal) : undefined);
  return pick(table, language) ?? pick(defaultGreetings, language) ?? pick(table, 'en') ?? defaultGreetings.en.informal!;
}

/** The greeting line: by name when there is one (greeting-name.ts), else the language's neutral greeting. */
export function greetingLine(name: string | null, language: string | undefined, register: Register = 'informal', table: GreetingTable = {}): string {
  const t = greetingTexts(language, register, table);
  return name ? t.hello.replaceAll('{name}', name) : t.helloNoName;
}
