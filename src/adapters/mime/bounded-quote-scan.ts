/**
 * Bounds on the reply parser's regular expressions (reply-parser.ts). email-reply-parser runs its
 * ~60 backtracking expressions over the whole text (`.+\s.+`, `[\s\S]+?`, `(.*)…(.*)` under the `m`
 * flag): quadratic or worse in the length of a line or of the text, so one 200 KB line took minutes.
 * Here every expression sees one line, or a window of a few lines for a header wrapped by its mailer,
 * each capped in length, and the whole scan of a message has a work and a time budget. Past the
 * budget the rest of the text counts as the sender's own (nothing is hidden) and a warning says so.
 */

/** Longest line an expression is tried on: real quote headers and signatures are far shorter. */
export const maxTestedLine = 400;
/** Lines a wrapped quote header may span (the original joins any number; real ones wrap onto two or three). */
const windowLines = 4;
const maxWindow = 2 * maxTestedLine;
/** Characters handed to expressions per message (each expression counts its input once). */
const maxWork = 40_000_000;
/** Wall-clock backstop, for inputs that cost more per character than the work count assumes. */
const maxMillis = 250;

export const budgetWarning = 'this message is too long or too unusual to fold its quoted history: shown in full';

export class ScanBudget {
  private work = 0;
  private readonly deadline: number;
  exhausted = false;

  constructor(millis = maxMillis, private readonly limit = maxWork) {
    this.deadline = performance.now() + millis;
  }

  /** Whether `chars` more characters may be tested; checks the clock every so often. */
  spend(chars: number): boolean {
    if (this.exhausted) return false;
    const before = this.work;
    this.work += chars;
    if (this.work > this.limit || (Math.floor(before / 65536) !== Math.floor(this.work / 65536) && performance.now() > this.deadline)) this.exhausted = true;
    return !this.exhausted;
  }
}

/** A memoised per-line test: does any of `regexes` match this line? Too long a line, or no budget left: no. */
export function lineTester(regexes: RegExp[], budget: ScanBudget): (line: string) => boolean {
  const memo = new Map<string, boolean>();
  return (line) => {
    if (line.length > maxTestedLine) return false;
    const known = memo.get(line);
    if (known !== undefined) return known;
    let hit = false;
    for (const r of regexes) {
      if (!budget.spend(line.length + 1)) return false;
      if (r.test(line)) {
        hit = true;
        break;
      }
    }
    memo.set(line, hit);
    return hit;
  };
}

/**
 * A line a quote header can touch: each header expression needs one of these words or a `>` then
 * `:` on one line (a superset, tried first so the windows below are few). Linear: no nested repeats.
 */
const headerHint = /wrote|écrit|escribió|scritto|escreveu|schrieb|schreef|pisze|napisał|skrev|kirjoitti|г\. в|写道|작성:|のメッセージ:|(?:From|Von|De|Van|Da)\s?:|>\s*:|riginal|rindelig|origine|rsprüngliche/i;

/**
 * email-reply-parser's fixBrokenSignatures, bounded: for each header expression in turn, its first
 * match joined onto one line. The original matches over the whole text; here over windows of up to
 * four lines around a line with a header word, so a header spread over more lines is left as it is.
 */
export function joinWrappedHeaders(text: string, headers: RegExp[], budget: ScanBudget): string {
  let lines = text.split('\n');
  let starts = windowStarts(lines, budget);
  for (const regex of headers) {
    for (const i of starts) {
      const window = lines.slice(i, i + windowLines).join('\n');
      if (window.length > maxWindow) continue;
      if (!budget.spend(window.length + 1)) return text;
      const match = regex.exec(window);
      // A header starting further down (past blank lines `^\s*` took) is found, whole, by the window that starts there.
      if (!match || match.index + match[0].indexOf(match[1]) > lines[i].length) continue;
      const [, group] = match;
      // As the original: the first occurrence of the group, with `$` patterns in the replacement as String#replace reads them.
      text = text.replace(group, group.replace(/\n/g, ' '));
      if (group.includes('\n')) {
        lines = text.split('\n');
        starts = windowStarts(lines, budget);
      }
      break;
    }
  }
  return text;
}

/** First lines of the windows worth trying: those within reach of a line with a header word, in order. */
function windowStarts(lines: string[], budget: ScanBudget): number[] {
  const starts: number[] = [];
  for (let i = 0, next = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.length > maxTestedLine || !budget.spend(line.length + 1) || !headerHint.test(line)) continue;
    for (let s = Math.max(next, i - windowLines + 1); s <= i; s++) starts.push(s);
    next = i + 1;
  }
  return starts;
}
