/**
 * y and L in the review: the mail as it will go (with the quote when added) into the outbox, now or
 * (send later, issue 19) at a time; a text still holding a {{placeholder}}, or speaking of an
 * attachment with none attached, asks first.
 */
import { ownWords, unfilledPlaceholders } from '../../core/domain/reply.js';
import { attachmentMention } from '../../core/domain/attachment-words.js';
import type { Recipients } from '../../core/domain/recipients.js';
import type { AppState, ComposeScreen } from './app-state.js';
import { say, withEffects } from './reducer-kit.js';

export function sendFromReview(state: AppState, screen: ComposeScreen, at?: number): AppState {
  const attachments = screen.attachments ?? [];
  const text = screen.showQuote ? `${screen.text.trimEnd()}\n\n${screen.quote}\n` : screen.text;
  const effect = { type: 'queue-reply' as const, conversationId: screen.conversationId, text, baseSeq: screen.baseSeq, attachments, recipients: recipientsOf(screen), ...(at !== undefined ? { at: new Date(at).toISOString() } : {}) };
  // A snippet variable left unfilled would reach the customer as "{{customer.size}}": ask first.
  const left = unfilledPlaceholders(screen.text);
  if (left.length) return { ...state, overlay: { kind: 'confirm', question: `The ${noun(screen)} still holds ${left.slice(0, 2).join(' ')}${left.length > 2 ? ' …' : ''}: send it as it is?`, effect } };
  // "See the attached label" with nothing attached: ask first, as mail programs do.
  const mention = attachments.length === 0 ? attachmentMention(ownWords(screen.text, '')) : null;
  if (mention) return { ...state, overlay: { kind: 'confirm', question: `The ${noun(screen)} says "${mention}" but has no attachment (a adds one): send it as it is?`, effect } };
  return withEffects(say(state, at !== undefined ? 'scheduling…' : 'queuing…'), effect);
}

/** To, Cc and Bcc as the review shows them. */
export function recipientsOf(screen: ComposeScreen): Recipients {
  return { to: screen.to, cc: screen.cc ?? [], bcc: screen.bcc ?? [] };
}

/** What the composer writes, in a word: "reply", "mail", "forward". */
export function noun(screen: Pick<ComposeScreen, 'kind'>): string {
  return screen.kind === 'new' ? 'mail' : (screen.kind ?? 'reply');
}
