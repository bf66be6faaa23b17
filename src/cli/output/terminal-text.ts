/**
 * Mail is hostile input: before any of it reaches a terminal, control characters and escape
 * sequences are made visible (ESC becomes ␛, other C0 controls their Control Pictures, C1 controls
 * and DEL ⍰/␡), so no message can move the cursor, set the title, write the clipboard (OSC 52) or
 * clear the screen. Bidi overrides and isolates, which can reorder what a line seems to say, and
 * invisible and blank characters that can disguise a name or push an address out of sight are
 * dropped (the rule, with what stays in emoji and scripts, is core/domain/invisible-chars.ts);
 * Unicode line and paragraph separators are line breaks. h2h's own styling is added after this step.
 */
import { dropHidden } from '../../core/domain/invisible-chars.js';

function visible(ch: string): string {
  const code = ch.codePointAt(0)!;
  if (code < 0x20) return String.fromCodePoint(0x2400 + code); // ␀…␟, ␛ for ESC
  if (code === 0x7f) return '\u2421'; // ␡
  return '\u2370'; // ⍰ for C1 controls (0x80–0x9f), which some terminals treat as ESC + letter
}

/** Multi-line text (bodies): keeps newlines and tabs, makes every other control visible. */
export function safeText(text: string): string {
  const shown = text
    .replace(/\r\n/g, '\n')
    .replace(/[\u2028\u2029]/g, '\n')
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, visible);
  return dropHidden(shown);
}

/**
 * One-line fields (subjects, names, file names): line breaks and tabs become spaces too, and so do
 * the other Unicode spaces (en quad, ideographic space, no-break space…), which look alike.
 */
export function safeLine(text: string): string {
  const shown = text
    .replace(/[\r\n\t\u2028\u2029]+/g, ' ')
    .replace(/[\u0000-\u001F\u007F-\u009F]/g, visible)
    .replace(/\p{Zs}/gu, ' ');
  return dropHidden(shown);
}
