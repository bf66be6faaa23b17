/**
 * The language detector: ELD (Efficient Language Detector, `eld` on npm, Apache-2.0), its
 * extra-small n-gram set. Chosen by measurement (README, "Why each dependency"): on short customer
 * texts in the shop's languages it was right more often than its larger sets, tinyld and franc-min
 * (45 of 45 one-line questions in nine languages; 38 of 39 demo messages, the miss a lone
 * "Kiitos!"), in 85 MB and 0.2 s loaded once, on first use: a command that never greets anyone
 * never loads it.
 */
import type { LanguageDetector, LanguageGuess } from '../../core/ports/language-detector.js';

/** Only the start of a long text is read: a language shows in its first sentences, and time stays bounded. */
const maxChars = 2_000;

type Eld = { detect(text: string): { language: string; isReliable(): boolean } };
let loaded: Promise<Eld> | undefined;

export class EldDetector implements LanguageDetector {
  async detect(text: string): Promise<LanguageGuess | null> {
    // Links, addresses and numbers say nothing about the language and confuse n-grams.
    const words = text.slice(0, maxChars * 2).replace(/\b(?:https?:\/\/|www\.)\S+/gi, ' ').replace(/\S+@\S+/g, ' ').replace(/[\d\p{P}\p{S}\p{C}]+/gu, ' ').replace(/\s+/g, ' ').trim().slice(0, maxChars);
    if (!/\p{L}/u.test(words)) return null;
    const eld = await (loaded ??= import('eld/extrasmall').then((m) => m.eld as Eld));
    const r = eld.detect(words);
    return r.language ? { language: r.language, reliable: r.isReliable() } : null;
  }
}
