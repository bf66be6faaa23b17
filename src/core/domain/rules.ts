/**
 * The owner's rules: "mail that matches this query gets these actions", in the query language of
 * `h2h list` and the TUI's `/`, applied in order to new mail at import and sync (and to stored mail
 * on request). Actions, as written in the config:
 *   `+tag` `-tag`            add or remove a tag
 *   `close` `open` `wait`    set the status (closed, open, waiting on the customer)
 *   `snooze 3d`              snooze until then (any time `h2h snooze` takes, from when the rule runs)
 *   `read`                   mark read
 *   `automated`              the new mail is a machine's (`automated:list` etc. for a kind):
 *                            out of Open and Waiting, no waiting clock
 *   `spam`                   into the Junk folder, the sender blocked
 */
import { automatedKinds, type AutomatedKind } from './automated.js';
import type { QueryNode } from './query/query-ast.js';
import { parseTimeSpec } from './time-spec.js';

export type RuleAction =
  | { type: 'tag'; add: string[]; remove: string[] }
  | { type: 'status'; status: 'closed' | 'open' | 'waiting' }
  | { type: 'snooze'; until: string }
  | { type: 'read' }
  | { type: 'automated'; kind: AutomatedKind }
  | { type: 'spam' };

export type Rule = { name: string; match: string; actions: RuleAction[]; /** `do` as written, for listing. */ written: string[] };

/** A rule as the config states it, checked; `query` is parsed when it runs (after:3d means 3 days before then). */
export type RuleWithQuery = Rule & { query: QueryNode };

const known = '+tag, -tag, close, open, wait, snooze <time>, read, automated[:kind], spam';

/** One `do` entry: the action, or a problem in words (the config names the rule and the entry). */
export function parseRuleAction(text: string, now: number, validTag: (tag: string) => string | null): RuleAction | { problem: string } {
  const t = text.trim();
  if (/^[+-]/.test(t)) {
    const tag = t.slice(1).toLowerCase();
    const bad = validTag(tag);
    if (bad) return { problem: bad };
    return t[0] === '+' ? { type: 'tag', add: [tag], remove: [] } : { type: 'tag', add: [], remove: [tag] };
  }
  const [word, ...rest] = t.split(/\s+/);
  const arg = rest.join(' ');
  switch (word.toLowerCase()) {
    case 'close':
    case 'open':
    case 'wait':
      if (arg) break;
      return { type: 'status', status: word.toLowerCase() === 'close' ? 'closed' : word.toLowerCase() === 'wait' ? 'waiting' : 'open' };
    case 'read':
    case 'spam':
      if (arg) break;
      return { type: word.toLowerCase() as 'read' | 'spam' };
    case 'snooze':
      if (!arg) return { problem: 'snooze needs a time: "snooze 3d", "snooze monday 9:00"' };
      if (parseTimeSpec(arg, now, 'future') === undefined) return { problem: `"${arg}" is not a time (try 3d, 12h, tomorrow, monday 9:00, 2026-12-24)` };
      return { type: 'snooze', until: arg };
    default: {
      const m = t.match(/^automated(?::([\w-]+))?$/i);
      if (!m) break;
      const kind = (m[1]?.toLowerCase() ?? 'notification') as AutomatedKind;
      if (!automatedKinds.includes(kind)) return { problem: `automated: must be one of ${automatedKinds.join(', ')}` };
      return { type: 'automated', kind };
    }
  }
  return { problem: `unknown action ${JSON.stringify(t)} (known: ${known})` };
}

/** What a rule does, in words: "+invoice close". */
export const ruleActionsText = (rule: Rule) => rule.written.join(' ');
