/**
 * Runs the owner's rules (core/domain/rules.ts) inside one store transaction, in order, each on
 * the conversations the caller names (those new mail reached, or those a query picks): a rule's
 * query sees what the rules before it did. Returns what changed, for the undo record and the report;
 * `rules test` runs the same and rolls the transaction back.
 */
import type { Automation } from '../domain/automated.js';
import type { ConversationState } from '../domain/conversation.js';
import { setReadOn, setStatusOn, setTagsOn } from '../domain/decision-changes.js';
import { parseQuery } from '../domain/query/parse-query.js';
import { spamTag, withoutSpam } from '../domain/spam.js';
import { markSpamIn } from './spam-marks.js';
import type { Rule, RuleAction } from '../domain/rules.js';
import { parseTimeSpec } from '../domain/time-spec.js';
import type { AutomatedChange, StoreTx, UndoRecord } from '../ports/mail-store.js';
import { rewriteRecords } from './conversation-records.js';

export type RuleScope = {
  /** The conversations the rules look at. */
  ids: string[];
  /** Only these messages become a machine's (`automated`): the new mail; absent, every message from outside. */
  newSeqs?: Set<number>;
  now: number;
  searches: Record<string, string>;
  /** The shop's addresses: never blocked by a rule's `spam`. */
  shop?: Set<string>;
};

export type RuleHits = { name: string; conversations: string[] }[];
export type RuleOutcome = { hits: RuleHits; changes: UndoRecord['changes']; automated: AutomatedChange[]; spam: string[] };

export function applyRules(tx: StoreTx, rules: Rule[], scope: RuleScope): RuleOutcome {
  const hits: RuleHits = [];
  const before = new Map<string, ConversationState>();
  const automated: AutomatedChange[] = [];
  const spam = new Set<string>();
  const nowIso = new Date(scope.now).toISOString();
  if (scope.ids.length === 0) return { hits, changes: [], automated, spam: [] };
  for (const rule of rules) {
    const query = withoutSpam(parseQuery(rule.match, { now: scope.now, searches: scope.searches }));
    const matched = tx.findConversations({ query, now: scope.now, ids: scope.ids }).map((e) => e.record.id);
    if (matched.length === 0) continue;
    hits.push({ name: rule.name, conversations: matched });
    const states = new Map<string, ConversationState>();
    for (const id of matched) {
      const entry = tx.conversation(id)!;
      if (!before.has(id)) before.set(id, entry.state);
      const next = structuredClone(entry.state);
      for (const action of rule.actions) {
        if (action.type === 'automated') automated.push(...markAutomated(tx, id, action.kind, rule.name, scope.newSeqs));
        else if (action.type === 'spam') {
          // The tag is part of the undoable change; the block is the owner's to lift (h2h unspam, h2h block --remove).
          setTagsOn(next, [spamTag], []);
          spam.add(id);
        } else applyAction(next, entry.record, action, nowIso, scope.now);
      }
      states.set(id, next);
    }
    tx.writeStates(states);
  }
  if (spam.size) markSpamIn(tx, [...spam], { nowIso, block: true, shop: scope.shop ?? new Set() });
  const changes = [...before].map(([id, state]) => ({ id, before: state, after: tx.conversation(id)!.state }));
  return { hits, changes, automated, spam: [...spam] };
}

function applyAction(s: ConversationState, record: Parameters<typeof setReadOn>[1], action: Exclude<RuleAction, { type: 'automated' | 'spam' }>, nowIso: string, now: number): void {
  switch (action.type) {
    case 'tag':
      setTagsOn(s, action.add, action.remove);
      return;
    case 'status':
      setStatusOn(s, record, action.status, nowIso);
      return;
    case 'snooze': {
      // Checked when the config was read; a time that has no future now (a past date) leaves the status be.
      const until = parseTimeSpec(action.until, now, 'future');
      if (until !== undefined && until > now) setStatusOn(s, record, 'snoozed', nowIso, until);
      return;
    }
    case 'read':
      setReadOn(s, record, true);
  }
}

/** The conversation's mail from outside (the new mail only, at import) becomes a machine's; its record follows. */
function markAutomated(tx: StoreTx, conversationId: string, kind: Automation['kind'], rule: string, only: Set<number> | undefined): AutomatedChange[] {
  const out: AutomatedChange[] = [];
  for (const m of tx.conversationMessages(conversationId)) {
    if (m.direction !== 'in' || m.automated || (only && !only.has(m.seq))) continue;
    const after = { kind, by: `rule "${rule}"` };
    tx.setAutomated(m.seq, after);
    out.push({ seq: m.seq, conversationId, before: null, after });
  }
  if (out.length) rewriteRecords(tx, [conversationId]);
  return out;
}

/**
 * The rules on a batch of new mail, inside its import transaction: on the conversations new mail
 * from outside reached (the shop's own sent mail, synced, triggers nothing). What they did is one
 * undoable change ("rules on new mail: invoices (2)"). Returns the hits by rule.
 */
export function rulesOnNewMail(tx: StoreTx, rules: Rule[], placed: Map<string, number[]>, inbound: Set<number>, o: { now: number; searches: Record<string, string>; shop: Set<string> }): RuleHits {
  if (rules.length === 0 || inbound.size === 0) return [];
  const ids = [...placed].filter(([, seqs]) => seqs.some((s) => inbound.has(s))).map(([id]) => id);
  const outcome = applyRules(tx, rules, { ids, newSeqs: inbound, ...o });
  if (outcome.hits.length === 0) return [];
  tx.pushUndoRecord({
    action: `rules on new mail: ${outcome.hits.map((h) => `${h.name} (${h.conversations.length})`).join(', ')}`,
    at: new Date(o.now).toISOString(),
    changes: outcome.changes,
    ...(outcome.automated.length ? { automated: outcome.automated } : {}),
  });
  return outcome.hits;
}
