/**
 * Terminal columns of text that went through terminal-text.ts (CJK and emoji count double). Kept
 * apart from it because string-width builds its emoji pattern when loaded (tens of milliseconds):
 * only output laid out in columns (tables, the TUI, `h2h show`) should pay that.
 */
import stringWidth from 'string-width';

export function displayWidth(text: string): number {
  return stringWidth(text);
}

/** Cuts text to `width` terminal columns (CJK and emoji count double), ending in … when cut. */
export function fitWidth(text: string, width: number): string {
  if (width <= 0) return '';
  if (stringWidth(text) <= width) return text;
  let out = '';
  let used = 0;
  for (const ch of text) {
    const w = stringWidth(ch);
    if (used + w > width - 1) break;
    out += ch;
    used += w;
  }
  return `${out}…`;
}

export function padWidth(text: string, width: number): string {
  const fitted = fitWidth(text, width);
  return fitted + ' '.repeat(Math.max(0, width - stringWidth(fitted)));
}
