/**
 * Characters that show nothing, or show as blank space, yet are text: the one rule for which of
 * them may reach a reader. A display name padded with 150 × U+2800 (braille blank) pushes the real
 * address off the line; a name with U+3164 (Hangul filler) looks empty; tag characters (U+E0000
 * block) carry hidden text. The terminal filter drops what this module calls hidden, JSON output
 * escapes it, so both agree. Pure: no I/O.
 *
 * Hidden: every Default_Ignorable_Code_Point (zero-width space, soft hyphen, LRM/RLM/ALM, bidi
 * controls, word joiner, BOM, Hangul fillers U+115F/U+1160/U+3164/U+FFA0, variation selectors, tag
 * characters, …), every other format character (Cf), and the blanks that are not spaces (U+2800
 * braille pattern blank, U+1D159 musical null notehead). Kept where they belong: ZWJ and ZWNJ
 * between two visible characters (emoji ZWJ sequences, Persian and Indic words), a variation
 * selector right after a visible character (emoji presentation, CJK variants), and a subdivision
 * flag's tag sequence (🏴 + tags + cancel tag). The same characters elsewhere are hidden.
 */

/** Candidates; the callback of `markHidden` decides, by context, which of them are hidden. */
const candidates = /(\u{1F3F4}[\u{E0030}-\u{E0039}\u{E0061}-\u{E007A}]{1,6}\u{E007F})|[\p{Default_Ignorable_Code_Point}\p{Cf}\u2800\u{1D159}]/gu;

/**
 * Format characters that draw a visible mark (Arabic number signs, end of ayah, Syriac
 * abbreviation mark, Kaithi number signs): text, not padding.
 */
const visibleFormat = /^[\u0600-\u0605\u06DD\u070F\u0890\u0891\u08E2\u{110BD}\u{110CD}]$/u;
const joiners = /^[\u200C\u200D]$/;
const variationSelector = /^[\uFE00-\uFE0F\u{E0100}-\u{E01EF}\u180B-\u180D\u180F]$/u;
/** A character that shows something: a letter, mark, digit, symbol or punctuation that is not itself hidden. */
const shows = /^[\p{L}\p{M}\p{N}\p{S}\p{P}]$/u;
const ignorable = /^[\p{Default_Ignorable_Code_Point}\p{Cf}\u2800\u{1D159}]$/u;

function isVisible(ch: string | undefined): boolean {
  return ch !== undefined && shows.test(ch) && !ignorable.test(ch);
}

/** The code point that ends just before `index` (a surrogate pair read whole). */
function charBefore(text: string, index: number): string | undefined {
  if (index <= 0) return undefined;
  const low = text.charCodeAt(index - 1);
  const start = low >= 0xdc00 && low <= 0xdfff && index >= 2 ? index - 2 : index - 1;
  return String.fromCodePoint(text.codePointAt(start)!);
}

function charAt(text: string, index: number): string | undefined {
  const cp = text.codePointAt(index);
  return cp === undefined ? undefined : String.fromCodePoint(cp);
}

/** Whether the character `ch` found at `index` of `text` shows nothing there. */
function isHiddenAt(ch: string, text: string, index: number): boolean {
  if (visibleFormat.test(ch)) return false;
  const before = charBefore(text, index);
  // A joiner joins two visible characters; at an edge, next to a space or next to another hidden one it only hides.
  if (joiners.test(ch)) {
    // An emoji in text presentation carries its selector: ❤ FE0F ZWJ 🔥 joins ❤ and 🔥.
    const base = before !== undefined && variationSelector.test(before) ? charBefore(text, index - before.length) : before;
    return !(isVisible(base) && isVisible(charAt(text, index + ch.length)));
  }
  // Variation selectors are marks themselves (Mn): the one before must be a visible base, not another selector.
  if (variationSelector.test(ch)) return !isVisible(before);
  return true;
}

/**
 * `text` with each hidden character replaced by `replace(ch)`: '' drops it (terminal), an escape
 * shows it (JSON). Characters kept in context come back unchanged.
 */
export function markHidden(text: string, replace: (ch: string) => string): string {
  return text.replace(candidates, (match: string, flag: string | undefined, offset: number, whole: string) => {
    if (flag) return match;
    return isHiddenAt(match, whole, offset) ? replace(match) : match;
  });
}

/** Whether `text` holds any character markHidden looks at: when not, it has nothing to hide (a fast path for large texts). */
export function mayHoldHidden(text: string): boolean {
  candidates.lastIndex = 0;
  const found = candidates.test(text);
  candidates.lastIndex = 0;
  return found;
}

/** `text` without its hidden characters. */
export function dropHidden(text: string): string {
  return markHidden(text, () => '');
}

/** Whether `text` holds any hidden character (for tests and warnings). */
export function hasHidden(text: string): boolean {
  return dropHidden(text) !== text;
}

/**
 * A name for one line (display names, attachment names): line and paragraph separators, tabs and
 * the other Unicode spaces become one space, hidden characters go, and the ends are trimmed.
 */
export function oneLineName(text: string): string {
  return dropHidden(text.replace(/[\r\n\t\u0085\u2028\u2029\p{Zs}]+/gu, ' '))
    .replace(/ {2,}/g, ' ')
    .trim();
}
