/**
 * JSON for stdout and exports. JSON.stringify escapes C0 controls but leaves DEL, the C1 controls
 * (which some terminals act on), the line separators U+2028/9, bidi overrides (which reorder what a
 * terminal shows) and invisible characters raw; mail is hostile, so those are escaped too. The
 * result is still plain JSON: every parser reads `\u009b` as the same character.
 */
const unsafe = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200b\u2060\ufeff\ufff9-\ufffb]/g;

/** @param indent 0 for one line (errors on stderr) */
export function renderJson(value: unknown, indent = 2): string {
  return `${JSON.stringify(value, null, indent).replace(unsafe, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`;
}
