/**
 * Lines of styled spans, and text wrapped to a width by display width: what every screen's lines
 * are made of (conversation-lines.ts, link-lines.ts, the help and the panes).
 */
import { displayWidth } from '../../cli/output/terminal-width.js';

/** `link`: an address the terminal opens on a click (OSC 8; only with config `tui.hyperlinks`: link-lines.ts). */
export type Span = { text: string; color?: string; bold?: boolean; dim?: boolean; inverse?: boolean; link?: string };
export type Line = Span[];

/** Printable ASCII is one column a character: measured without string-width (a 10 MB line took 3 s). */
const printableAscii = /^[\x20-\x7e]*$/;
/**
 * Widths of the characters met so far: string-width takes ~150 µs a call on a character outside
 * ASCII, so 200 KB of CJK or emoji on one line took a minute to wrap. Code points are few; the
 * cache stays small (and is cleared should a hostile text bring many).
 */
const widths = new Map<string, number>();
function charWidth(ch: string): number {
  if (ch.length === 1 && ch >= ' ' && ch <= '~') return 1;
  let w = widths.get(ch);
  if (w === undefined) {
    if (widths.size >= 65_536) widths.clear();
    widths.set(ch, (w = displayWidth(ch)));
  }
  return w;
}

/** Whether `text` fits in `width` columns, looking at no more of it than that. */
function fits(text: string, width: number): boolean {
  if (text.length <= width && printableAscii.test(text)) return true;
  let used = 0;
  for (const ch of text) if ((used += charWidth(ch)) > width) return false;
  return true;
}

/**
 * Wraps one line of text to `width` columns (by display width: CJK and emoji take two), at spaces
 * where it can, and at most `width * 8` UTF-16 units a line whatever their width: a letter with
 * 100,000 combining marks is one column, and Ink's grapheme measures stalled for minutes on it.
 */
export function wrapText(text: string, width: number): string[] {
  if (width < 1) return [text];
  if (text.length <= width * 8 && fits(text, width)) return [text];
  const maxUnits = width * 8;
  const out: string[] = [];
  let line = '';
  let used = 0;
  let lastSpace = -1;
  for (const ch of text) {
    const w = charWidth(ch);
    if (used + w > width || line.length >= maxUnits) {
      if (lastSpace > 0) {
        out.push(line.slice(0, lastSpace).trimEnd());
        line = line.slice(lastSpace + 1);
      } else {
        out.push(line);
        line = '';
      }
      used = 0;
      for (const c of line) used += charWidth(c);
      lastSpace = -1;
    }
    if (ch === ' ') lastSpace = line.length;
    line += ch;
    used += w;
  }
  out.push(line);
  return out;
}

