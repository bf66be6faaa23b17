/**
 * The name a reply greets a person by, as their culture writes it (issue 19): the given name for
 * names written given-name first ("Päivi Virtanen" → "Päivi", "Virtanen, Päivi" → "Päivi",
 * "Ludwig van Beethoven" → "Ludwig"); the family name with 様 for a Japanese name ("田中 優希" →
 * "田中様"), the whole name with 님 for a Korean one ("김민준" → "김민준님"), the whole name for a
 * Chinese one ("王伟"). No name at all for what is not a person: a company, a team, a newsletter,
 * an address without a name. The owner's own choice for a customer (remembered) is not decided here.
 */
import { firstNameOf } from './address.js';

/** ISO 639-1 codes of the languages h2h writes greetings in (greetings.ts), and the scripts it tells apart. */
export type NameCulture = 'ja' | 'ko' | 'zh' | 'given-first';

const kana = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;
const han = /\p{Script=Han}/u;
const hangul = /\p{Script=Hangul}/u;

/**
 * Words that make a display name an organisation's or a function's, not a person's: legal forms
 * (Oy, AB, GmbH, Ltd, BV, SA, SpA…) and the words shops and services sign with.
 */
const organisationWords = new Set(
  [
    'oy', 'oyj', 'ab', 'as', 'asa', 'aps', 'gmbh', 'ag', 'kg', 'ltd', 'limited', 'llc', 'inc', 'corp', 'co', 'plc', 'bv', 'nv', 'sa', 'sas', 'sarl', 'srl', 'spa', 'sl', 'kk',
    'team', 'support', 'info', 'newsletter', 'sales', 'shop', 'store', 'billing', 'notifications', 'notification', 'noreply', 'no-reply', 'donotreply', 'helpdesk', 'marketing',
    'webshop', 'verkkokauppa', 'asiakaspalvelu', 'kundservice', 'kundendienst',
  ],
);

/**
 * Words that say organisation only together ("Customer Service", "Order Desk") or alone as the whole
 * name ("Orders"): one of them beside a name ("Bob Customer") may be a person's.
 */
const organisationPairWords = new Set(['customer', 'customers', 'service', 'services', 'order', 'orders', 'news', 'office', 'admin', 'accounts', 'care', 'desk']);

/** Whether a display name reads as an organisation's or a function's ("Acme Oy", "Zalando Customer Service", "Newsletter"). */
export function isOrganisationName(displayName: string): boolean {
  const words = displayName.toLowerCase().replace(/[.,&()"'|:]/g, ' ').split(/\s+/).filter(Boolean);
  if (words.some((w) => organisationWords.has(w))) return true;
  const paired = words.filter((w) => organisationPairWords.has(w)).length;
  return paired >= 2 || (paired > 0 && paired === words.length);
}

/** How the name is written: by its script, else by the customer's language. */
export function nameCulture(displayName: string, language?: string): NameCulture {
  if (hangul.test(displayName)) return 'ko';
  if (kana.test(displayName)) return 'ja';
  if (han.test(displayName)) return language === 'zh' ? 'zh' : language === 'ko' ? 'ko' : language === 'ja' ? 'ja' : 'zh';
  return 'given-first';
}

/**
 * The name to greet `displayName` by, with its honorific where the culture puts one in the name;
 * null when there is no person's name to greet (then the greeting is a neutral one). `person`:
 * false for mail h2h took for a machine's (automated.ts), which is never greeted by name.
 */
export function greetingNameOf(displayName: string, options: { language?: string; person?: boolean } = {}): string | null {
  if (options.person === false) return null;
  const name = displayName.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').replace(/\s+/g, ' ').trim();
  if (name === '' || name.includes('@') || isOrganisationName(name)) return null;
  switch (nameCulture(name, options.language)) {
    case 'ja': {
      // Family name first: the first word when written with a space; the whole name when not (it cannot be told apart).
      const family = name.split(' ')[0].replace(/(様|さん|殿)$/u, '');
      return `${family}様`;
    }
    case 'ko':
      return `${name.replace(/\s+/g, '').replace(/(님|씨)$/u, '')}님`;
    case 'zh':
      return name.replace(/\s+/g, '');
    default: {
      // A name in Latin letters from a customer writing Japanese or Korean: their given name, with the honorific their language puts on it.
      const first = firstNameOf(name);
      if (!first) return null;
      return options.language === 'ja' ? `${first}様` : options.language === 'ko' ? `${first}님` : first;
    }
  }
}
