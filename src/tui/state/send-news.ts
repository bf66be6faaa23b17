/** What the outbox worker did, as the TUI tells the owner on the status line. */
import type { SendResult } from '../../core/services/reply-service.js';
import type { AppAction } from './app-reducer.js';

export function sendNews(results: SendResult[]): AppAction[] {
  const news: AppAction[] = [];
  for (const r of results) {
    // A reply that failed before and still waits is on the status line's outbox count already;
    // announcing it on every retry would overwrite what the owner is reading every 30 s.
    if (r.again) continue;
    if (r.outcome === 'sent') news.push({ type: 'done', message: `sent to ${r.entry.to.join(', ')}: "${r.entry.subject}"` });
    else if (r.outcome === 'filing-failed') news.push({ type: 'failed', message: `reply sent; ${r.message ?? 'not yet in the Sent folder'}` });
    else news.push({ type: 'failed', message: `reply not sent (${r.outcome === 'retry' ? 'kept in the outbox, retried' : r.outcome === 'unknown' ? 'it may have arrived: its conversation says what to do' : 'refused by the server'}): ${r.message ?? ''}` });
  }
  return news;
}
