/** One line per reply the outbox tried to send: `h2h outbox --retry` and `sync --watch` print the same. */
import type { SendResult } from '../../core/services/reply-service.js';
import { noSenderHint } from '../error-line.js';
import { safeLine } from './terminal-text.js';

export function sendResultLine(r: SendResult): string {
  if (r.outcome === 'sent') return safeLine(`sent ${r.entry.id} to ${r.entry.to.join(', ')}${r.message ? ` (${r.message})` : ''}`);
  return safeLine(`not sent ${r.entry.id}: ${r.message ?? r.outcome}${r.noSender ? noSenderHint : ''}`);
}
