/**
 * JSON for stdout and exports. JSON.stringify escapes C0 controls but leaves DEL, the C1 controls
 * (which some terminals act on), the line separators U+2028/9 and every invisible character raw:
 * bidi overrides and marks (LRM, RLM, ALM), zero-width and blank characters, tag characters. Mail is
 * hostile, so those are escaped too, by the same rule as the terminal filter
 * (core/domain/invisible-chars.ts: ZWJ in an emoji sequence or ZWNJ in a Persian word stays as it
 * is). The result is still plain JSON: every parser reads `\u2800` as the same character.
 */
import { markHidden, mayHoldHidden } from '../../core/domain/invisible-chars.js';

const controls = /[\u007f-\u009f\u2028\u2029]/g;

/** `\uXXXX` for each UTF-16 unit of `ch` (a character outside the BMP becomes its surrogate pair). */
function escape(ch: string): string {
  let out = '';
  for (let i = 0; i < ch.length; i++) out += `\\u${ch.charCodeAt(i).toString(16).padStart(4, '0')}`;
  return out;
}

/** @param indent 0 for one line (errors on stderr) */
export function renderJson(value: unknown, indent = 2): string {
  const json = JSON.stringify(value, null, indent).replace(controls, escape);
  // Most output holds no invisible character at all: then there is no string to look into.
  if (!mayHoldHidden(json)) return `${json}\n`;
  return `${mapStrings(json, (text) => markHidden(text, escape))}\n`;
}

/**
 * Applies `fn` to the inside of every string in JSON text: the context rules look inside one string
 * only (a `"` is not a character before its first letter). A plain scan, not a regex: a
 * backtracking `"(?:[^"\\]|\\.)*"` overflows the stack on a string of a few hundred KB.
 */
function mapStrings(json: string, fn: (text: string) => string): string {
  let out = '';
  let at = 0;
  for (;;) {
    const open = json.indexOf('"', at);
    if (open < 0) return out + json.slice(at);
    let close = open + 1;
    while (json[close] !== '"') close += json[close] === '\\' ? 2 : 1;
    out += `${json.slice(at, open)}"${fn(json.slice(open + 1, close))}"`;
    at = close + 1;
  }
}
