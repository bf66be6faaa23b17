/**
 * Triage, the same on the list (cursor row or marked rows) and in a conversation: reply, tags,
 * status, snooze, notes, read marks, undo. An action on several conversations asks first.
 */
import type { AppState, Command, Row } from './app-state.js';
import { openPrompt } from './prompt-reducer.js';
import { act, say, withEffects } from './reducer-kit.js';
import { safeLine } from '../../cli/output/terminal-text.js';

export function triageReducer(state: AppState, command: Command, targets: string[]): AppState {
  switch (command.action) {
    case 'compose.new':
      return withEffects(state, { type: 'new-mail', returnTo: state.screen.name === 'compose' ? { name: 'inbox' } : state.screen });
    case 'triage.undo':
      // Right after a send, U takes the reply back (undo send); otherwise it undoes the last triage action.
      if (state.lastSent && state.lastSent.until > state.now) return withEffects({ ...state, lastSent: null }, { type: 'unqueue', entryId: state.lastSent.entryId });
      return withEffects(state, { type: 'undo' });
  }
  if (targets.length === 0) return state;
  switch (command.action) {
    case 'reply.open':
    case 'reply.open-all': {
      if (targets.length > 1) return say(state, 'a reply is for one conversation: unmark the others', true);
      const returnTo = state.screen.name === 'compose' ? ({ name: 'inbox' } as const) : state.screen;
      // The composer shows at once (loading the draft); what is typed meanwhile goes into the reply.
      const loading = { name: 'compose' as const, stage: 'loading' as const, conversationId: targets[0], pending: [], returnTo };
      return withEffects(say({ ...state, screen: loading }, 'opening the reply…'), { type: 'compose', id: targets[0], returnTo, ...(command.action === 'reply.open-all' ? { all: true } : {}) });
    }
    case 'forward.open': {
      if (targets.length > 1) return say(state, 'a forward is of one conversation: unmark the others', true);
      const screen = state.screen;
      const onMessage = screen.name === 'conversation' && screen.current !== undefined && state.detail?.conversation.id === targets[0] ? `#${screen.current + 1}` : undefined;
      return withEffects(state, { type: 'forward-start', id: targets[0], ...(onMessage ? { message: onMessage } : {}), returnTo: screen.name === 'compose' ? { name: 'inbox' } : screen });
    }
    case 'triage.close':
      return act(state, { type: 'status', ids: targets, status: 'closed' }, 'Close');
    case 'triage.spam': {
      // Always asked: it blocks the sender too (h2h unspam takes it all back).
      const customer = targets.length === 1 ? (state.inbox.rows.find((r) => r.id === targets[0])?.email ?? state.detail?.customer.email) : undefined;
      const whom = customer ? `, block ${safeLine(customer)}` : `, block their senders (${targets.length} conversations)`;
      return { ...state, overlay: { kind: 'confirm', question: `Spam: move to Junk${whom}?`, effect: { type: 'spam', ids: targets } } };
    }
    case 'triage.reopen':
      return act(state, { type: 'status', ids: targets, status: 'open' }, 'Reopen');
    case 'triage.wait':
      return act(state, { type: 'status', ids: targets, status: 'waiting' }, 'Mark waiting');
    case 'triage.unread': {
      const rows = targets.map((id) => state.inbox.rows.find((r) => r.id === id)).filter((r): r is Row => !!r);
      // In a conversation it was just read: u marks it unread. In the list, u toggles.
      const read = state.screen.name === 'inbox' && rows.length > 0 && rows.some((r) => r.isUnread);
      return act(state, { type: 'read', ids: targets, read }, read ? 'Mark read' : 'Mark unread');
    }
    case 'triage.tags':
      return openPrompt(state, 'tags', targets, '');
    case 'triage.snooze':
      return openPrompt(state, 'snooze', targets, '');
    case 'triage.promise':
      // On a promise already made, Enter resolves it; typing a time makes a new one.
      return openPrompt(state, 'promise', targets, targets.some((id) => state.inbox.rows.find((r) => r.id === id)?.promise || state.detail?.conversation.id === id && state.detail.conversation.promise) ? 'done' : '');
    case 'triage.note':
      return targets.length === 1 ? openPrompt(state, 'note', targets, '') : say(state, 'a note is for one conversation: unmark the others', true);
    case 'triage.customer-note': {
      const email = customerOf(state, targets[0]);
      return email ? openPrompt(state, 'customer-note', [email], '') : state;
    }
    default:
      return state;
  }
}

function customerOf(state: AppState, id: string): string | undefined {
  if (state.detail?.conversation.id === id) return state.detail.customer.email;
  return state.inbox.rows.find((r) => r.id === id)?.email;
}
