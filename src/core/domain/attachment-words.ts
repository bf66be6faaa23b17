/**
 * Whether a reply's own words say something is attached ("see the attached label", "liitteenä",
 * "in de bijlage"): then sending it without an attachment is asked about first, as mail programs
 * do. The words of the demo's languages (English, Finnish, Swedish, German, Dutch, French, Italian,
 * Spanish, Czech, Japanese, Korean), matched at the start of a word so inflected forms count
 * (liitteessä, Anhänge, bifogade); quoted text and the signature are not the owner's words and are
 * left out by the caller.
 */
const stems = [
  'attach', 'enclos',
  'liite', 'liitä', 'liitt',
  'bifog', 'bilag',
  'anhang', 'anhäng', 'angehängt', 'beigefügt',
  'bijlage', 'bijgevoegd',
  'pièce jointe', 'pièces jointes', 'ci-joint',
  'allegat',
  'adjunt',
  'přílo', 'příloh',
];
// Stems hold letters, spaces and hyphens only: nothing to escape. The whole word is what is named.
const wordStart = new RegExp(`(?<![\\p{L}\\p{N}])(?:${stems.join('|')})[\\p{L}\\p{M}-]*`, 'iu');
// CJK has no spaces between words: anywhere in the text.
const cjk = /添付|첨부/u;

/** The word that says so (as written), or null. */
export function attachmentMention(text: string): string | null {
  const normal = text.normalize('NFC');
  return (wordStart.exec(normal) ?? cjk.exec(normal))?.[0] ?? null;
}
