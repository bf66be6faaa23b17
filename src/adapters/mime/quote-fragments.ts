import type { MessageBody, QuoteSplit } from '../../core/domain/message.js';
import { budgetWarning, ScanBudget } from './bounded-quote-scan.js';
import { parseReply } from './reply-parser.js';

// Longer texts are shown whole: folding quotes in them is not worth the time (see bounded-quote-scan.ts).
const maxParsedChars = 200_000;


/** Splits a plain-text body into what the sender wrote, quoted history and signature (email-reply-parser's rules, see reply-parser.ts). */
export function quoteFragments(text: string): MessageBody['fragments'] {
  return splitQuotes(text).fragments;
}

/** quoteFragments, with a warning when the scan ran out of budget (the rest of the text is then the sender's). */
export function splitQuotes(text: string): QuoteSplit {
  if (text.trim() === '') return { fragments: [], warnings: [] };
  if (text.length > maxParsedChars) return { fragments: [{ kind: 'text', text }], warnings: [] };
  const budget = new ScanBudget();
  let fragments;
  try {
    fragments = parseReply(text, budget);
  } catch {
    return { fragments: [{ kind: 'text', text }], warnings: [] };
  }
  const out: MessageBody['fragments'] = [];
  for (const f of fragments) {
    const kind = f.quoted ? 'quote' : f.signature ? 'signature' : 'text';
    const content = f.content;
    const last = out[out.length - 1];
    if (last && last.kind === kind) last.text += `\n${content}`;
    else out.push({ kind, text: content });
  }
  return { fragments: out, warnings: budget.exhausted ? [budgetWarning] : [] };
}

/**
 * A superset of what the reply parser treats as quoting: a `>` line or a reply header ("On … wrote:",
 * "Von: …", in the languages it knows). Text without any of these has nothing to fold, so import
 * skips the parser, which is the slowest step of parsing a message. White space before "From:" is
 * `[^\S\n]*`, not `\s*`: under the `m` flag `\s*` ran from every line over all the blank lines after it.
 */
const quoteHint = /^[ \t]*>|wrote:|écrit|escribió|scritto|escreveu|schrieb|schreef|pisze|napisał|skrev|kirjoitti|г\. в|写道|작성:|のメッセージ|^[^\S\n]*(?:From|Von|De|Van|Da)\s?:/im;

/** What the sender wrote in this message (see newTextOf), without running the reply parser when nothing is quoted. */
export function newTextOfPlain(text: string): string {
  if (!quoteHint.test(text)) return text.trim();
  return newTextOf(quoteFragments(text));
}

/** newTextOfPlain, from a split already made (the same text as before the split was stored with it). */
export function newTextOfSplit(text: string, split: QuoteSplit): string {
  return quoteHint.test(text) ? newTextOf(split.fragments) : text.trim();
}

/** The new text only: quoted history dropped, signatures kept (they often carry the customer's phone number). */
export function newTextOf(fragments: MessageBody['fragments']): string {
  return fragments
    .filter((f) => f.kind !== 'quote')
    .map((f) => f.text)
    .join('\n')
    .trim();
}
