/** One line per reply the outbox tried to send: `h2h outbox --retry` and `sync --watch` print the same. */
import type { SendResult } from '../../core/services/reply-service.js';
import type { OutboxEntry } from '../../core/ports/mail-store.js';
import { noSenderHint } from '../error-line.js';
import { safeLine } from './terminal-text.js';

export function sendResultLine(r: SendResult): string {
  if (r.outcome === 'sent') return safeLine(`sent ${r.entry.id} to ${sentToLine(r.entry)}${r.message ? ` (${r.message})` : ''}`);
  return safeLine(`not sent ${r.entry.id}: ${r.message ?? r.outcome}${r.noSender ? noSenderHint : ''}`);
}

/** "anna@example.fi, cc ben@example.com, bcc riitta@…": every address it went to, bare. */
export function sentToLine(e: Pick<OutboxEntry, 'to' | 'cc' | 'bcc'>): string {
  const part = (label: string, list: string[] | undefined) => (list?.length ? [`${label}${list.map(safeLine).join(', ')}`] : []);
  return [...part('', e.to), ...part('cc ', e.cc), ...part('bcc ', e.bcc)].join(', ');
}
