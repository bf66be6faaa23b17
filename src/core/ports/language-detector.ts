/**
 * Which language a text is written in (issue 19: greeting customers in their language). `reliable`
 * is the detector's own word that the text said enough; a short "Kiitos!" may be right and not
 * reliable. Null when it cannot tell (no letters, a language it does not know).
 */
export type LanguageGuess = { language: string; reliable: boolean };

export interface LanguageDetector {
  /** ISO 639-1 code of `text`'s language. Bounded: only the start of a long text is read. */
  detect(text: string): Promise<LanguageGuess | null>;
}
