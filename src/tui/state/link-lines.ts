/**
 * Links in mail text, for terminals that know OSC 8 hyperlinks (config `tui.hyperlinks`). A link
 * is one span that carries its whole address, however the line is wrapped: a URL longer than the
 * line is cut into pieces on lines of their own, and every piece opens the whole URL. Without the
 * setting, text wraps as any other (wrapText), since a terminal that does not know OSC 8 would
 * print its bytes.
 *
 * The pieces are h2h's own lines rather than one long line left for the terminal to wrap: Ink
 * draws each frame over the last by counting lines, and a line the terminal wrapped takes rows
 * Ink does not count, so the next frame would be drawn askew. Without OSC 8 a terminal's own URL
 * detection sees the first piece only, which is why the setting exists.
 *
 * Mail is hostile: only http, https and mailto addresses made of the characters a URL may hold
 * become links; the text reached here through the terminal-safety filter already.
 */
import { displayWidth } from '../../cli/output/terminal-width.js';
import { wrapText, type Line, type Span } from './wrap-text.js';

const url = /^(?:https?:\/\/|mailto:)[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]+$/;
// Prose around a link: a full stop, comma or closing bracket after it is not part of it.
const trailing = /[.,;:!?'")\]]+$/;

/** The address a word links to, or null (not a URL, or not one h2h lets the terminal open). */
export function linkOf(word: string): string | null {
  const bare = word.replace(/^[("'<[]+/, '').replace(trailing, '');
  return url.test(bare) && bare.length <= 2048 ? bare : null;
}

export const hasLink = (text: string): boolean => /(?:https?:\/\/|mailto:)/.test(text) && text.split(' ').some((w) => linkOf(w) !== null);

/** `text` wrapped to `width` columns at spaces, its links as spans with `link`. */
export function linkedLines(text: string, width: number): Line[] {
  const lines: Line[] = [];
  let line: Span[] = [];
  let used = 0;
  const flush = () => {
    if (line.length) lines.push(line);
    line = [];
    used = 0;
  };
  for (const word of text.split(' ')) {
    const link = linkOf(word);
    const w = displayWidth(word);
    if (used > 0 && used + 1 + w > width) flush();
    if (w > width) {
      flush();
      if (!link) {
        for (const part of wrapText(word, width)) lines.push([{ text: part }]);
        continue;
      }
      // Longer than the line: pieces on lines of their own, each opening the whole address.
      for (let at = 0; at < word.length; at += width) lines.push([{ text: word.slice(at, at + width), link }]);
      continue;
    }
    if (used > 0) line.push({ text: ' ' });
    const start = word.indexOf(link ?? '\u0000');
    if (link && start >= 0) {
      if (start > 0) line.push({ text: word.slice(0, start) });
      line.push({ text: link, link });
      if (start + link.length < word.length) line.push({ text: word.slice(start + link.length) });
    } else line.push({ text: word });
    used += (used > 0 ? 1 : 0) + w;
  }
  flush();
  return lines.length ? lines : [[{ text: '' }]];
}
