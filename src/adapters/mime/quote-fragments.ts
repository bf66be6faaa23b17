import type { MessageBody } from '../../core/domain/message.js';
import { parseReply } from './reply-parser.js';

// The reply parser runs regular expressions over the text; bound its input so a hostile 10 MB line cannot stall import.
const maxParsedChars = 200_000;

/** Splits a plain-text body into what the sender wrote, quoted history and signature (email-reply-parser's rules, see reply-parser.ts). */
export function quoteFragments(text: string): MessageBody['fragments'] {
  if (text.trim() === '') return [];
  if (text.length > maxParsedChars) return [{ kind: 'text', text }];
  let fragments;
  try {
    fragments = parseReply(text);
  } catch {
    return [{ kind: 'text', text }];
  }
  const out: MessageBody['fragments'] = [];
  for (const f of fragments) {
    const kind = f.quoted ? 'quote' : f.signature ? 'signature' : 'text';
    const content = f.content;
    const last = out[out.length - 1];
    if (last && last.kind === kind) last.text += `\n${content}`;
    else out.push({ kind, text: content });
  }
  return out;
}

/**
 * A superset of what the reply parser treats as quoting: a `>` line or a reply header ("On … wrote:",
 * "Von: …", in the languages it knows). Text without any of these has nothing to fold, so import
 * skips the parser, which is the slowest step of parsing a message.
 */
const quoteHint = /^[ \t]*>|wrote:|écrit|escribió|scritto|escreveu|schrieb|schreef|pisze|napisał|skrev|kirjoitti|г\. в|写道|작성:|のメッセージ|^\s*(?:From|Von|De|Van|Da)\s?:/im;

/** What the sender wrote in this message (see newTextOf), without running the reply parser when nothing is quoted. */
export function newTextOfPlain(text: string): string {
  if (!quoteHint.test(text)) return text.trim();
  return newTextOf(quoteFragments(text));
}

/** The new text only: quoted history dropped, signatures kept (they often carry the customer's phone number). */
export function newTextOf(fragments: MessageBody['fragments']): string {
  return fragments
    .filter((f) => f.kind !== 'quote')
    .map((f) => f.text)
    .join('\n')
    .trim();
}
