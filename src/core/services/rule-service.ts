/**
 * The owner's rules on stored mail: listed (`h2h rules`), tried without changing anything (`h2h
 * rules test`: run in a store transaction that is rolled back, so the store's bytes stay as they
 * were), and run (`h2h rules apply [query]`: one undoable change). New mail meets them at import
 * (rule-engine.ts, rulesOnNewMail).
 */
import type { Rule } from '../domain/rules.js';
import type { Clock } from '../ports/clock.js';
import type { MailStore, StoreTx } from '../ports/mail-store.js';
import type { ConversationService } from './conversation-service.js';
import { applyRules, type RuleOutcome } from './rule-engine.js';

/** What a rule did (or would do): the conversations it matched, as a list shows them. */
export type RuleReport = { name: string; actions: string[]; conversations: { id: string; subject: string; customer: string }[] }[];

/** Thrown inside `test`'s transaction, carrying what the rules did, so the transaction rolls back. */
class DryRun {
  constructor(readonly report: RuleReport) {}
}

export class RuleService {
  constructor(
    private readonly store: MailStore,
    private readonly conversations: ConversationService,
    private readonly rules: Rule[],
    private readonly searches: Record<string, string>,
    private readonly clock: Clock,
    private readonly shop: Set<string> = new Set(),
  ) {}

  list(): Rule[] {
    return this.rules;
  }

  /** What the rules would do to stored conversations (active since `since`, when given); changes nothing. */
  async test(since?: number): Promise<RuleReport> {
    const ids = await this.scope(since === undefined ? '' : `after:${new Date(since).toISOString().slice(0, 10)}`);
    try {
      await this.store.transact((tx) => {
        throw new DryRun(this.report(tx, this.run(tx, ids)));
      });
    } catch (error) {
      if (error instanceof DryRun) return error.report;
      throw error;
    }
    throw new Error('unreachable: a dry run always rolls back');
  }

  /** Runs the rules on the conversations the query matches (all when empty): one undoable change. */
  async apply(query: string): Promise<RuleReport> {
    const ids = await this.scope(query);
    return this.store.transact((tx) => {
      const outcome = this.run(tx, ids);
      if (outcome.hits.length) {
        tx.pushUndoRecord({
          action: `rules on ${outcome.changes.length} conversation${outcome.changes.length === 1 ? '' : 's'}: ${outcome.hits.map((h) => h.name).join(', ')}`,
          at: new Date(this.clock.now()).toISOString(),
          changes: outcome.changes,
          ...(outcome.automated.length ? { automated: outcome.automated } : {}),
        });
      }
      return this.report(tx, outcome);
    });
  }

  private async scope(query: string): Promise<string[]> {
    return (await this.conversations.list(query)).map((c) => c.id);
  }

  private run(tx: StoreTx, ids: string[]): RuleOutcome {
    return applyRules(tx, this.rules, { ids, now: this.clock.now(), searches: this.searches, shop: this.shop });
  }

  private report(tx: StoreTx, outcome: RuleOutcome): RuleReport {
    return outcome.hits.map((h) => ({
      name: h.name,
      actions: this.rules.find((r) => r.name === h.name)!.written,
      conversations: h.conversations.map((id) => {
        const record = tx.conversation(id)!.record;
        return { id, subject: record.subject, customer: record.customer };
      }),
    }));
  }
}
