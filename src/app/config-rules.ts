/**
 * The config's `rules`: `[{"name", "match": "<query>", "do": ["+tag", "close", …]}]` (core/domain/rules.ts),
 * checked when the config is read: a bad rule stops every command with one line naming the rule,
 * the entry and, for a query, the column of the bad token.
 */
import { QueryError } from '../core/errors.js';
import { parseQuery } from '../core/domain/query/parse-query.js';
import { parseRuleAction, type Rule, type RuleAction } from '../core/domain/rules.js';
import { isTagWord } from '../core/domain/decision-changes.js';

type Fail = (field: string, problem: string) => never;
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A tag a rule may set: the same words `h2h tag` takes. */
function tagProblem(tag: string): string | null {
  return isTagWord(tag) ? null : `"${tag}" is not a valid tag (one word, up to 64 characters)`;
}

export function parseRules(raw: unknown, searches: Record<string, string>, fail: Fail): Rule[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) fail('rules', 'must be a list of rules, e.g. [{"name": "invoices", "match": "from:@supplier.example subject:invoice", "do": ["+invoice"]}]');
  const names = new Set<string>();
  return (raw as unknown[]).map((r, i) => {
    const at = `rules[${i}]`;
    if (!isObj(r)) fail(at, 'must be an object with name, match and do');
    const rule = r as Record<string, unknown>;
    if (typeof rule.name !== 'string' || !/^[\p{L}\p{N}][\p{L}\p{N} _.-]{0,63}$/u.test(rule.name)) fail(`${at}.name`, 'must be a short name (letters, digits, spaces, - _ .)');
    const name = rule.name as string;
    if (names.has(name.toLowerCase())) fail(`${at}.name`, `rule "${name}" is named twice`);
    names.add(name.toLowerCase());
    for (const key of Object.keys(rule)) if (!['name', 'match', 'do'].includes(key)) fail(`${at}.${key}`, `rule "${name}": unknown field (a rule has name, match and do)`);
    if (typeof rule.match !== 'string' || rule.match.trim() === '') fail(`${at}.match`, `rule "${name}": match must be a query, e.g. "from:@marketplace.example"`);
    const match = (rule.match as string).trim();
    try {
      parseQuery(match, { now: Date.now(), searches });
    } catch (error) {
      if (!(error instanceof QueryError)) throw error;
      fail(`${at}.match`, `rule "${name}": ${error.message}, in "${match}"`);
    }
    const written = typeof rule.do === 'string' ? [rule.do] : rule.do;
    if (!Array.isArray(written) || written.length === 0 || written.some((d) => typeof d !== 'string')) fail(`${at}.do`, `rule "${name}": do must be a list of actions, e.g. ["+invoice", "close"]`);
    const actions: RuleAction[] = (written as string[]).map((d, j) => {
      const action = parseRuleAction(d, Date.now(), tagProblem);
      if ('problem' in action) fail(`${at}.do`, `rule "${name}", action ${j + 1}: ${action.problem}`);
      return action as RuleAction;
    });
    return { name, match, actions, written: (written as string[]).map((d) => d.trim()) };
  });
}
