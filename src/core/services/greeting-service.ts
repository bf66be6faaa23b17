/**
 * How mail to a person starts and ends (issue 19): the greeting in their language and register,
 * by the name their culture greets them by, and the sign-off. The name the owner changed the
 * greeting to for a customer (remembered at send) wins over the one h2h reads from the display
 * name; mail from a machine or an organisation is greeted without a name, with a warning that the
 * sender may not be a customer at all.
 */
import { normaliseAddress } from '../domain/address.js';
import { greetingNameOf, isOrganisationName } from '../domain/greeting-name.js';
import { greetingLine, greetingTexts, type GreetingTable, type Register } from '../domain/greetings.js';
import type { MailStore } from '../ports/mail-store.js';
import type { LanguageService } from './language-service.js';

/** The config's `greetings` (app/config-greetings.ts). */
export type GreetingSettings = {
  /** Informal ("Hoi Joëlle,") or formal ("Beste Joëlle,"). @default informal */
  register?: Register;
  /** Greetings and sign-offs per language over the defaults (greetings.ts). */
  table?: GreetingTable;
};

export type Greeting = {
  /** The greeting line: "Hei Päivi,", "田中様", "Hello,". */
  line: string;
  /** The line above the signature: "Terveisin,". */
  signOff: string;
  /** The language the texts are in (ISO 639-1); null when unknown (then English). */
  language: string | null;
  /** How the language was chosen: the owner's setting for the customer, their mail, or the owner's choice for this mail. */
  languageFrom: 'setting' | 'mail' | 'chosen' | 'unknown';
  /** The name in the greeting, null when greeted without one. */
  name: string | null;
  /** The name is the one the owner greeted them by before. */
  remembered: boolean;
  /** Why this may not be a person, when it may not: shown while writing, never sent. */
  warning?: string;
  /** The register the texts are in, and whose word it is: the customer's (as the owner last wrote to them, or set) or the shop's. */
  register: Register;
  registerFrom: 'customer' | 'shop';
};

export type GreetOptions = {
  /** Their display name where h2h does not know them yet (new mail to a stranger). */
  displayName?: string;
  /** The machine kinds that wrote the conversation (conversation.ts `automated`): null or absent for a person. */
  automated?: readonly string[] | null;
  /** The language the owner picked for this mail, over the customer's. */
  language?: string;
  /** Only a remembered name, never one read from the display name (a forward to the courier). */
  rememberedOnly?: boolean;
};

export class GreetingService {
  constructor(
    private readonly store: Pick<MailStore, 'customerNames' | 'transact'>,
    private readonly languages: Pick<LanguageService, 'languageOf'> | null,
    private readonly settings: GreetingSettings = {},
  ) {}

  get table(): GreetingTable {
    return this.settings.table ?? {};
  }

  async greet(customerEmail: string, options: GreetOptions = {}): Promise<Greeting> {
    const email = normaliseAddress(customerEmail);
    const { language, languageFrom } = await this.languageFor(email, options.language);
    const known = this.store.customerNames([email]).get(email);
    const displayName = known?.name || options.displayName || '';
    const machine = !!options.automated;
    const remembered = known?.firstName;
    let name: string | null;
    let warning: string | undefined;
    if (remembered) name = remembered;
    else if (options.rememberedOnly) name = null;
    else {
      name = greetingNameOf(displayName, { language: language ?? undefined, person: !machine });
      if (machine) warning = `this mail came from a machine (${options.automated!.join(', ') || 'automated'}), not a person: it may not be a customer`;
      else if (displayName && isOrganisationName(displayName)) warning = `"${displayName}" reads as an organisation, not a person: it may not be a customer`;
    }
    const register = known?.register ?? this.settings.register ?? 'informal';
    return {
      register,
      registerFrom: known?.register ? 'customer' : 'shop',
      line: greetingLine(name, language ?? undefined, register, this.table),
      signOff: greetingTexts(language ?? undefined, register, this.table).signOff,
      language,
      languageFrom,
      name,
      remembered: !!remembered,
      ...(warning ? { warning } : {}),
    };
  }

  /** The register replies to a customer are written in (null: the shop's again); shared with the other machines. */
  async setRegister(customerEmail: string, register: Register | null): Promise<Greeting> {
    const email = normaliseAddress(customerEmail);
    await this.store.transact((tx) => tx.setCustomerRegister(email, register));
    return this.greet(email);
  }

  private async languageFor(email: string, chosen: string | undefined): Promise<{ language: string | null; languageFrom: Greeting['languageFrom'] }> {
    if (chosen) return { language: chosen, languageFrom: 'chosen' };
    if (!this.languages) return { language: null, languageFrom: 'unknown' };
    // A language that cannot be read (a message whose raw file is gone) is no reason to refuse a reply.
    const found = await this.languages.languageOf(email).catch(() => null);
    if (!found?.language) return { language: null, languageFrom: 'unknown' };
    return { language: found.language, languageFrom: found.setByOwner ? 'setting' : 'mail' };
  }
}
