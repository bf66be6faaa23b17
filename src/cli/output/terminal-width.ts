/**
 * Terminal columns of text that went through terminal-text.ts (CJK and emoji count double). Kept
 * apart from it because string-width builds its emoji pattern when loaded (tens of milliseconds):
 * only output laid out in columns (tables, the TUI, `h2h show`) should pay that.
 *
 * Widths are kept (bounded): the TUI measures the same names, subjects and rows on every frame, and
 * string-width segments each one into graphemes and tests each against Unicode patterns.
 */
import stringWidth from 'string-width';

const maxKept = 20_000;
const kept = new Map<string, number>();

export function displayWidth(text: string): number {
  let width = kept.get(text);
  if (width === undefined) {
    if (kept.size >= maxKept) kept.clear();
    width = stringWidth(text);
    kept.set(text, width);
  }
  return width;
}

/** Cuts text to `width` terminal columns (CJK and emoji count double), ending in … when cut. */
export function fitWidth(text: string, width: number): string {
  if (width <= 0) return '';
  if (displayWidth(text) <= width) return text;
  let out = '';
  let used = 0;
  for (const ch of text) {
    const w = displayWidth(ch);
    if (used + w > width - 1) break;
    out += ch;
    used += w;
  }
  return `${out}…`;
}

export function padWidth(text: string, width: number): string {
  const fitted = fitWidth(text, width);
  return fitted + ' '.repeat(Math.max(0, width - displayWidth(fitted)));
}
