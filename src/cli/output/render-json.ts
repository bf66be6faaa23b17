/**
 * JSON for stdout. JSON.stringify escapes C0 controls but leaves DEL, the C1 controls (which some
 * terminals act on) and the line separators U+2028/9 raw; mail is hostile, so those are escaped too.
 * The result is still plain JSON: every parser reads `\u009b` as the same character.
 */
/** @param indent 0 for one line (errors on stderr) */
export function renderJson(value: unknown, indent = 2): string {
  return `${JSON.stringify(value, null, indent).replace(/[\u007f-\u009f\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`;
}
