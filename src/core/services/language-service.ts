/**
 * A customer's language (issue 19): the owner's setting for them when there is one, else what
 * their own words say. Each message is read once, when first needed (the detector is loaded only
 * then), from what the customer wrote in it: not the quoted history, not the signature. The
 * newest messages count; a short "Kiitos!" weighs little against a letter (customer-language.ts).
 */
import { customerLanguage } from '../domain/customer-language.js';
import { normaliseAddress } from '../domain/address.js';
import { UsageError } from '../errors.js';
import type { LanguageDetector } from '../ports/language-detector.js';
import type { MailStore, MessageLanguageRead } from '../ports/mail-store.js';
import type { MessageParser } from '../ports/message-parser.js';

/** How many of a customer's newest messages say what language they write in. */
const messagesRead = 10;

export type CustomerLanguage = { email: string; language: string | null; setByOwner: boolean };

export class LanguageService {
  constructor(
    private readonly store: MailStore,
    private readonly detector: LanguageDetector,
    private readonly parser: Pick<MessageParser, 'body'>,
  ) {}

  async languageOf(customerEmail: string): Promise<CustomerLanguage> {
    const email = normaliseAddress(customerEmail);
    const setting = this.store.customerLanguageSetting(email);
    if (setting) return { email, language: setting, setByOwner: true };
    const inputs = this.store.languageInputs(email, messagesRead);
    const read: { seq: number; language: MessageLanguageRead }[] = [];
    for (const m of this.store.storedMessages(inputs.filter((i) => i.language === null).map((i) => i.seq), true)) {
      const own = await this.ownWords(m);
      const guess = await this.detector.detect(own);
      read.push({ seq: m.meta.seq, language: { language: guess?.language ?? null, reliable: guess?.reliable ?? false, chars: own.length } });
    }
    if (read.length) await this.store.transact((tx) => tx.setMessageLanguages(read));
    const known = new Map(read.map((r) => [r.seq, r.language]));
    const all = inputs.flatMap((i) => {
      const l = i.language ?? known.get(i.seq);
      return l?.language ? [{ language: l.language, reliable: l.reliable, chars: l.chars }] : [];
    });
    return { email, language: customerLanguage(all), setByOwner: false };
  }

  /** The owner's word on a customer's language (an ISO 639-1 code), or null: from their mail again. */
  async setLanguage(customerEmail: string, language: string | null): Promise<CustomerLanguage> {
    const email = normaliseAddress(customerEmail);
    if (language !== null && !/^[a-z]{2}$/.test(language)) throw new UsageError(`not a language code: ${JSON.stringify(language)} (two letters, ISO 639-1: fi, sv, de, ja…)`);
    await this.store.transact((tx) => tx.setCustomerLanguage(email, language));
    return this.languageOf(email);
  }

  /** What the customer wrote in a message: its text without quotes and signature (as split at import, else now). */
  private async ownWords(m: { meta: { hash: string }; text?: string; split?: { fragments: { kind: string; text: string }[] } }): Promise<string> {
    const fragments = m.split?.fragments ?? (await this.parser.body(await this.store.readRaw(m.meta.hash))).fragments;
    return fragments.filter((f) => f.kind === 'text').map((f) => f.text).join('\n');
  }
}
