/**
 * A bad rule is a config error: one line naming the file, the line of the rule's entry, the rule,
 * and what is wrong (for a query, the column of the bad token). A good one reads back as written.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.js';

const dir = mkdtempSync(join(tmpdir(), 'h2h-rules-'));
function configWith(rules: string): string {
  const file = join(dir, `config-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, `{\n  "agent": { "name": "Riitta Virtanen", "email": "riitta@shop.example" },\n  "rules": ${rules}\n}\n`, { mode: 0o600 });
  return file;
}
const two = (second: string) =>
  `[\n    { "name": "invoices", "match": "from:@supplier.example subject:invoice", "do": ["+invoice", "read"] },\n    ${second}\n  ]`;

describe('rules in the config', () => {
  it('reads good rules in order, each action as written', async () => {
    const config = await loadConfig(configWith(two('{ "name": "marketplace", "match": "from:@marketplace.example", "do": ["automated", "close", "snooze 3d", "-urgent", "automated:list", "wait", "open", "spam"] }')));
    expect(config.rules.map((r) => [r.name, r.match, r.written])).toEqual([
      ['invoices', 'from:@supplier.example subject:invoice', ['+invoice', 'read']],
      ['marketplace', 'from:@marketplace.example', ['automated', 'close', 'snooze 3d', '-urgent', 'automated:list', 'wait', 'open', 'spam']],
    ]);
    expect(config.rules[1].actions.slice(0, 3)).toEqual([{ type: 'automated', kind: 'notification' }, { type: 'status', status: 'closed' }, { type: 'snooze', until: '3d' }]);
  });

  it.each([
    ['a bad query, pointing at the token', '{ "name": "market", "match": "from:@m.example stauts:open", "do": ["close"] }', 'rules[1].match', /rule "market": bad query at column 17: unknown field "stauts:"/],
    ['an unknown action', '{ "name": "market", "match": "from:@m.example", "do": ["close", "clsoe"] }', 'rules[1].do', /rule "market", action 2: unknown action "clsoe" \(known: \+tag, -tag, close/],
    ['a snooze without a time', '{ "name": "market", "match": "from:@m.example", "do": ["snooze someday"] }', 'rules[1].do', /rule "market", action 1: "someday" is not a time/],
    ['a bad tag', '{ "name": "market", "match": "from:@m.example", "do": ["+two words"] }', 'rules[1].do', /"two words" is not a valid tag/],
    ['an unknown kind of machine', '{ "name": "market", "match": "from:@m.example", "do": ["automated:robot"] }', 'rules[1].do', /automated: must be one of auto-reply, list, bulk, bounce, notification/],
    ['a name used twice', '{ "name": "Invoices", "match": "from:@m.example", "do": ["close"] }', 'rules[1].name', /rule "Invoices" is named twice/],
    ['no actions', '{ "name": "market", "match": "from:@m.example", "do": [] }', 'rules[1].do', /do must be a list of actions/],
    ['an unknown field', '{ "name": "market", "match": "from:@m.example", "do": ["close"], "when": "always" }', 'rules[1].when', /unknown field/],
  ])('refuses %s: one line naming the line, the rule and the entry', async (_what, rule, field, problem) => {
    const file = configWith(two(rule));
    const error = await loadConfig(file).then(() => null, (e: Error) => e);
    // The second rule's entry is on line 5 of this layout.
    expect(error?.message.split('\n')).toHaveLength(1);
    expect(error?.message.startsWith(`${file}:5: ${field}: `)).toBe(true);
    expect(error?.message).toMatch(problem);
  });

  it('refuses rules that are not a list', async () => {
    await expect(loadConfig(configWith('{ "name": "x" }'))).rejects.toThrow(/rules: must be a list of rules/);
  });
});
