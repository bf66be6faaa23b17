/**
 * A customer's language (issue 19): each message's detected language, kept once read, and the
 * owner's own setting for the customer. Owned by LanguageService.
 */
import type { MessageLanguage } from '../../domain/customer-language.js';

export type LanguageReads = {
  /**
   * The newest `limit` messages this customer wrote to the shop (inbound, from them), newest first,
   * with the language read from each (null: not read yet; `language` null in it: nothing to tell).
   */
  languageInputs(email: string, limit: number): { seq: number; language: MessageLanguageRead | null }[];
  /** The language the owner set for this customer, if any. */
  customerLanguageSetting(email: string): string | null;
};

/** A message's language as read: `language` null when the text told nothing (no words, no known language). */
export type MessageLanguageRead = Omit<MessageLanguage, 'language'> & { language: string | null };

export type LanguageWrites = {
  setMessageLanguages(entries: { seq: number; language: MessageLanguageRead }[]): void;
  /** null: from their mail again. */
  setCustomerLanguage(email: string, language: string | null): void;
};
