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

/** Honorifics a name-only greeting ends with (Japanese, Korean): the line "田中様" is a greeting, "ご注文ありがとうございます。" is not. */
const honorificEnd = '(?:様|さま|さん|殿|님|씨)';

/** Greeting words the owner may type whatever the table says ("Hey Annie!", "Dear Mrs Smith,"). */
const typedGreeting = /^(?:hi|hello|hey|dear|hei|moi|terve|hyvä|hej|hallå|hoi|hallo|beste|liebe|lieber|guten tag|bonjour|salut|ciao|buongiorno|gentile|hola|estimado|estimada)\s+(.{1,40}?)\s*[,!]$/iu;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every greeting of the table (the config's and the defaults), each as a pattern with the name as its group. */
function helloPatterns(table: GreetingTable): RegExp[] {
  const hellos = new Set<string>();
  for (const t of [table, defaultGreetings]) for (const byRegister of Object.values(t)) for (const texts of Object.values(byRegister ?? {})) if (texts) hellos.add(texts.hello.trim());
  return [...hellos].map(helloPattern);
}

/** One greeting ("Hei {name},") as a pattern with the name as its group. */
function helloPattern(hello: string): RegExp {
  const [before, after] = hello.trim().split('{name}').map((p) => escape(p.trim()));
  // A name alone ("{name}" for Japanese) is a greeting only with its honorific.
  if (!before && !after) return new RegExp(`^(.{1,20}?${honorificEnd})$`, 'u');
  return new RegExp(`^${before}${before ? '\\s*' : ''}(.{1,40}?)${after ? '\\s*' : ''}${after}$`, 'iu');
}

/** The neutral greetings ("Hello,", "Hei,", "お客様"): a greeting without a name. */
function neutralGreetings(table: GreetingTable): Set<string> {
  const out = new Set<string>();
  for (const t of [table, defaultGreetings]) for (const byRegister of Object.values(t)) for (const texts of Object.values(byRegister ?? {})) if (texts) out.add(texts.helloNoName.trim().toLowerCase());
  return out;
}

/**
 * What a line says as a greeting: the name in it ("Hei Annie," → "Annie"), '' for a greeting
 * without a name ("Hello,"), undefined when the line is no greeting.
 */
export function nameInGreeting(line: string, table: GreetingTable = {}): string | undefined {
  const first = line.trim();
  if (first === '' || first.length > 80) return undefined;
  if (neutralGreetings(table).has(first.toLowerCase())) return '';
  for (const p of [...helloPatterns(table), typedGreeting]) {
    const m = p.exec(first);
    if (m && m[1].trim() && !/[,.;:!?]\s/.test(m[1])) return m[1].trim();
  }
  return undefined;
}

/** Every sign-off of the table and the defaults ("Terveisin,", "よろしくお願いいたします。"), as written. */
export function knownSignOffs(table: GreetingTable = {}): string[] {
  const out = new Set<string>();
  for (const t of [table, defaultGreetings]) for (const byRegister of Object.values(t)) for (const texts of Object.values(byRegister ?? {})) if (texts?.signOff.trim()) out.add(texts.signOff.trim());
  return [...out];
}

/**
 * The text greeting and signing off in another language (l in the review): its first line when that
 * is still the greeting h2h wrote, and the last line that is still the old sign-off; what the owner
 * wrote over either ("Moi Pipsa,") stays theirs.
 */
export function swapGreeting(text: string, from: { line: string; signOff: string }, to: { line: string; signOff: string }): string {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  if (lines[0] === from.line) lines[0] = to.line;
  // An unknown sign-off (a saved draft opened without one) is left alone: no blank line becomes one.
  const at = from.signOff.trim() ? lines.lastIndexOf(from.signOff) : -1;
  if (at > 0) lines[at] = to.signOff;
  return lines.join('\n');
}

/**
 * The register a reply is written in, by the language's own greeting and sign-off: "Guten Tag Herr
 * Schmidt," and "Mit freundlichen Grüßen," are formal, "Hallo Jonas," informal. Only where the two
 * registers differ in that part; undefined when neither says, or the two say different things.
 */
export function registerOfText(text: string, language: string | undefined, table: GreetingTable = {}): Register | undefined {
  const lines = text.replace(/\r\n/g, '\n').split('\n').map((l) => l.trim());
  const [informal, formal] = (['informal', 'formal'] as const).map((r) => greetingTexts(language, r, table));
  const said = new Set<Register>();
  const greets = (t: GreetingTexts, line: string) => line === t.helloNoName.trim() || helloPattern(t.hello).test(line);
  const first = lines[0] ?? '';
  const greetsInformal = greets(informal, first);
  const greetsFormal = greets(formal, first);
  if (greetsInformal !== greetsFormal) said.add(greetsFormal ? 'formal' : 'informal');
  if (informal.signOff.trim() !== formal.signOff.trim()) {
    if (lines.includes(formal.signOff.trim())) said.add('formal');
    if (lines.includes(informal.signOff.trim())) said.add('informal');
  }
  return said.size === 1 ? [...said][0] : undefined;
}
