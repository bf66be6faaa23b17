/**
 * The human touch in the TUI (issue 19): W's promises, % the owner's own figures as a page, and M
 * making a new address another address of the person (the conversation suggested it).
 */
import type { Dispatch } from 'react';
import { describeStats } from '../../core/domain/stats/desk-stats.js';
import type { ConversationService } from '../../core/services/conversation-service.js';
import type { CustomerMergeService } from '../../core/services/customer-merge-service.js';
import type { StatsService } from '../../core/services/stats-service.js';
import { promiseDay } from '../../cli/output/promise-flag.js';
import { statsText } from '../../cli/output/stats-text.js';
import { safeLine } from '../../cli/output/terminal-text.js';
import type { AppAction } from '../state/app-reducer.js';
import type { Effect } from '../state/app-state.js';

export type OwnerEffect = Extract<Effect, { type: 'promise' | 'show-stats' | 'merge-customer' }>;
export type OwnerServices = { conversations: ConversationService; stats?: StatsService | null; customerMerges?: CustomerMergeService | null; clock: { now(): number }; columns: number };

const week = 7 * 86_400_000;

export async function runOwnerEffect(effect: OwnerEffect, s: OwnerServices, dispatch: Dispatch<AppAction>, changed: (message: string) => Promise<void>): Promise<void> {
  switch (effect.type) {
    case 'promise': {
      await s.conversations.promise(effect.ids, effect.by === null ? null : { by: Date.parse(effect.by), text: effect.text });
      const plural = effect.ids.length > 1 ? ` (${effect.ids.length} conversations)` : '';
      return changed(`${effect.by === null ? 'promise resolved' : `promised by ${promiseDay(effect.by)}`}${plural}`);
    }
    case 'show-stats': {
      if (!s.stats) return void dispatch({ type: 'failed', message: 'your figures need the full services (h2h with a config)' });
      const report = s.stats.stats({ since: s.clock.now() - week });
      // Plain lines: the page draws them as they are (no colour needed to read a chart).
      const lines = statsText(report, describeStats(report, 'this week'), Math.max(20, s.columns - 2), { ascii: false });
      return void dispatch({ type: 'show-page', page: { title: 'How you are doing: the last 7 days (h2h stats --since 4w for longer)', lines: lines.map((text) => ({ text })) } });
    }
    case 'merge-customer': {
      if (!s.customerMerges) return void dispatch({ type: 'failed', message: 'merging needs the full services (h2h with a config)' });
      const merged = await s.customerMerges.merge(effect.person, effect.address);
      return changed(`${safeLine(effect.address)} is another address of ${safeLine(merged.person)} now (h2h customers split ${safeLine(effect.address)} undoes it)`);
    }
  }
}
