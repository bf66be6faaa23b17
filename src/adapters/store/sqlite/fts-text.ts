/**
 * What goes into the FTS5 index for a message's text, and how user text becomes an FTS5 MATCH
 * expression.
 *
 * Words: the unicode61 tokenizer (case and diacritics folded). An unquoted query term matches
 * messages holding every one of its words, anywhere (the FlexSearch semantics this replaces); a
 * quoted term matches the words side by side, in order (an exact phrase). The query language has no
 * prefix syntax, so `*` in user text is just punctuation.
 *
 * Scripts written without spaces (Han, Hiragana, Katakana, Hangul, Thai) are indexed one character
 * per token, at write time and at query time alike. A run of such characters in the query is one
 * word the owner typed, so it compiles to the phrase of its characters: 東京 finds 東京 and not a
 * text holding 東 and 京 apart. Why not a second, trigram table: a trigram index answers only
 * queries of 3 characters or more, and most Chinese and Japanese words are 2 characters.
 *
 * Every piece of user text reaches FTS5 inside a double-quoted string built from letters, digits and
 * marks only, so no input (quotes, NEAR, AND, *, ^, column:, parentheses) is ever FTS5 syntax.
 */

/** Per-message cap on indexed text: the start of a message is what people search for. */
export const maxIndexedText = 16_000;

const unsegmented = /([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}])/gu;
const hasUnsegmented = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]/u;
// What unicode61 keeps inside a token (letters, numbers, private use) plus marks, which it folds away.
const notWordChars = /[^\p{L}\p{N}\p{M}\p{Co}]+/gu;

/** The text to index for a message. */
export function ftsDocument(text: string): string {
  return text.slice(0, maxIndexedText).replace(unsegmented, ' $1 ');
}

/** The words of user text as the index sees them (unsegmented scripts split per character). */
function words(text: string): string[] {
  return text.replace(unsegmented, ' $1 ').replace(notWordChars, ' ').split(' ').filter((w) => w !== '');
}

const phrase = (ws: string[]) => `"${ws.join(' ')}"`;

/**
 * The MATCH expression for one text term of a query, or null when the term holds no word at all
 * (nothing can match it, as before).
 */
export function ftsMatch(value: string, isPhrase: boolean): string | null {
  if (isPhrase) {
    const ws = words(value);
    return ws.length === 0 ? null : phrase(ws);
  }
  const parts: string[] = [];
  for (const chunk of value.replace(notWordChars, ' ').split(' ')) {
    if (chunk === '') continue;
    // A run of CJK (with any letters glued to it) is one word: its characters side by side.
    parts.push(hasUnsegmented.test(chunk) ? phrase(words(chunk)) : phrase([chunk]));
  }
  return parts.length === 0 ? null : parts.join(' AND ');
}
