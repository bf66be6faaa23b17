/**
 * The config's `greetings` (issue 19): the register replies are written in and the greetings and
 * sign-offs per language over h2h's own (core/domain/greetings.ts), e.g.
 * `{"register": "formal", "languages": {"nl": {"formal": {"hello": "Beste {name},", "helloNoName": "Goedendag,", "signOff": "Met vriendelijke groet,"}}}}`.
 * A language given only one register uses it for both.
 */
import type { GreetingTable, GreetingTexts, Register } from '../core/domain/greetings.js';
import type { GreetingSettings } from '../core/services/greeting-service.js';

type Fail = (field: string, problem: string) => never;
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const registers: Register[] = ['informal', 'formal'];

/** One line of text a reply may start or end with: no control characters, not too long. */
function line(value: unknown, field: string, fail: Fail): string {
  if (typeof value !== 'string' || value.trim() === '') fail(field, 'must be text');
  const text = (value as string).trim();
  if (/[\u0000-\u001f\u007f-\u009f]/.test(text)) fail(field, 'must be one line without control characters');
  if (text.length > 120) fail(field, 'must be at most 120 characters');
  return text;
}

export function parseGreetings(raw: unknown, fail: Fail): GreetingSettings {
  if (raw === undefined) return {};
  if (!isObj(raw)) fail('greetings', 'must be an object, e.g. {"register": "formal"}');
  const doc = raw as Record<string, unknown>;
  for (const key of Object.keys(doc)) if (key !== 'register' && key !== 'languages') fail(`greetings.${key}`, 'is not a setting (register, languages)');
  if (doc.register !== undefined && !registers.includes(doc.register as Register)) fail('greetings.register', 'must be "informal" or "formal"');
  const table: GreetingTable = {};
  if (doc.languages !== undefined) {
    if (!isObj(doc.languages)) fail('greetings.languages', 'must map language codes to greetings, e.g. {"fi": {"informal": {"hello": "Moi {name},", "helloNoName": "Moi,", "signOff": "Terkuin,"}}}');
    for (const [lang, byRegister] of Object.entries(doc.languages as Record<string, unknown>)) {
      const at = `greetings.languages.${lang}`;
      if (!/^[a-z]{2}$/.test(lang)) fail(at, 'must be a two-letter language code (ISO 639-1: fi, sv, de, ja…)');
      if (!isObj(byRegister)) fail(at, 'must be an object with "informal" and/or "formal"');
      const entry: Partial<Record<Register, GreetingTexts>> = {};
      for (const [register, texts] of Object.entries(byRegister as Record<string, unknown>)) {
        if (!registers.includes(register as Register)) fail(`${at}.${register}`, 'must be "informal" or "formal"');
        if (!isObj(texts)) fail(`${at}.${register}`, 'must be an object with hello, helloNoName and signOff');
        const t = texts as Record<string, unknown>;
        const hello = line(t.hello, `${at}.${register}.hello`, fail);
        if (!hello.includes('{name}')) fail(`${at}.${register}.hello`, 'must hold {name}, where the name goes ("Hei {name},")');
        entry[register as Register] = { hello, helloNoName: line(t.helloNoName, `${at}.${register}.helloNoName`, fail), signOff: line(t.signOff, `${at}.${register}.signOff`, fail) };
      }
      entry.informal ??= entry.formal;
      entry.formal ??= entry.informal;
      table[lang] = entry;
    }
  }
  return { ...(doc.register !== undefined ? { register: doc.register as Register } : {}), table };
}
