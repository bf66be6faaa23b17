/**
 * A conversation: scrolling its messages, quotes and the customer's history shown or folded, the
 * customer's earlier conversations opened from the history pane (q walks back through them), and
 * J/K to the next or previous conversation of the list. Triage keys act on this conversation.
 */
import type { AppState, Command, ConversationScreen } from './app-state.js';
import { bodyHeight } from './layout.js';
import { conversationLineCount, currentConversationLayout } from './selectors.js';
import { openConversation, say, setInbox, toInbox } from './reducer-kit.js';
import { safeLine } from '../../cli/output/terminal-text.js';
import { triageReducer } from './triage-reducer.js';
import { openPrompt } from './prompt-reducer.js';
import { attachmentCount, downloadsFolder } from './attachment-prompts.js';

export function conversationReducer(state: AppState, screen: ConversationScreen, command: Command): AppState {
  const page = bodyHeight(state.size);
  const total = conversationLineCount(state);
  const scrollTo = (to: number) => ({ ...state, screen: { ...screen, scroll: Math.max(0, Math.min(to, total - page)) } });
  const neighbour = (delta: number) => {
    const rows = state.inbox.rows;
    const index = rows.findIndex((r) => r.id === screen.id);
    const row = index < 0 ? undefined : rows[index + delta];
    if (!row) return say(state, delta > 0 ? 'last conversation in this view' : 'first conversation in this view');
    return openConversation(setInbox(state, { cursor: index + delta }), row.id, []);
  };
  const messages = state.detail?.messages.length ?? 0;
  /** n / p: onto a message, its first line at the top of the screen. */
  const toMessage = (index: number) => {
    if (messages === 0) return state;
    const current = Math.max(0, Math.min(messages - 1, index));
    const next = { ...state, screen: { ...screen, current } };
    const start = currentConversationLayout(next).starts[current] ?? 0;
    return { ...next, screen: { ...next.screen, scroll: Math.max(0, Math.min(start, conversationLineCount(next) - page)) } };
  };
  switch (command.action) {
    case 'conversation.next-message':
      return toMessage((screen.current ?? 0) + 1);
    case 'conversation.previous-message':
      return toMessage((screen.current ?? 0) - 1);
    case 'conversation.expand': {
      // Opens a message shown as one line (or folds it again).
      const current = screen.current ?? 0;
      if (current >= (screen.focus ?? 0)) return state;
      const expanded = screen.expanded ?? [];
      return { ...state, screen: { ...screen, expanded: expanded.includes(current) ? expanded.filter((i) => i !== current) : [...expanded, current] } };
    }
    case 'conversation.down':
      return scrollTo(screen.scroll + 1);
    case 'conversation.up':
      return scrollTo(screen.scroll - 1);
    case 'conversation.page-down':
      return scrollTo(screen.scroll + page - 1);
    case 'conversation.page-up':
      return scrollTo(screen.scroll - page + 1);
    case 'conversation.top':
      return scrollTo(0);
    case 'conversation.bottom':
      return scrollTo(total);
    case 'conversation.next':
      return neighbour(1);
    case 'conversation.previous':
      return neighbour(-1);
    case 'conversation.quotes':
      return { ...state, screen: { ...screen, showQuotes: !screen.showQuotes } };
    case 'conversation.merge-customer': {
      const merge = state.detail?.suggestedMerge;
      if (!merge) return say(state, 'no new address wrote in this conversation');
      return { ...state, overlay: { kind: 'confirm', question: `Make ${safeLine(merge.address)} another address of ${safeLine(merge.person)} (their conversations and notes together)?`, effect: { type: 'merge-customer', person: merge.person, address: merge.address } } };
    }
    case 'conversation.history':
      return { ...state, screen: { ...screen, showHistory: !screen.showHistory, scroll: 0 } };
    case 'conversation.open-earlier': {
      const other = state.detail?.otherConversations[(command.index ?? 1) - 1];
      if (!other) return state;
      return openConversation(state, other.id, [...screen.back, screen.id]);
    }
    case 'conversation.find':
      return openPrompt(state, 'find', [screen.id], '');
    case 'conversation.open-attachment':
    case 'conversation.save-attachments':
    case 'conversation.pipe-attachment':
      return attachmentPrompt(state, screen, command.action);
    case 'conversation.retry-reply': {
      // The newest reply that did not go; one of unknown fate may have arrived: asked first.
      const trouble = state.troubles.filter((t) => t.status !== 'scheduled').at(-1);
      if (!trouble) return say(state, 'no reply here waits to be sent again');
      const effect = { type: 'retry-reply' as const, entryId: trouble.entryId };
      if (trouble.status === 'unknown') return { ...state, overlay: { kind: 'confirm', question: 'h2h stopped while sending this reply: it may have arrived already. Send it again?', effect } };
      return { ...state, effects: [...state.effects, effect] };
    }
    case 'conversation.discard-reply': {
      // The newest reply that did not go, or one waiting to go later (to edit it).
      const trouble = state.troubles.at(-1);
      if (!trouble) return say(state, 'no reply here waits to be sent');
      return { ...state, effects: [...state.effects, { type: 'discard-reply', entryId: trouble.entryId }] };
    }
    case 'conversation.back': {
      const previous = screen.back.at(-1);
      if (previous) return openConversation(state, previous, screen.back.slice(0, -1));
      return toInbox(state);
    }
    default:
      return triageReducer(state, command, [screen.id]);
  }
}

/**
 * v, W, |: a prompt for which attachment (numbered across the conversation, as shown) and what to
 * do with it; v with a single attachment opens it at once.
 */
function attachmentPrompt(state: AppState, screen: ConversationScreen, action: 'conversation.open-attachment' | 'conversation.save-attachments' | 'conversation.pipe-attachment'): AppState {
  const count = attachmentCount(state);
  if (count === 0) return say(state, 'no attachments in this conversation');
  if (action === 'conversation.open-attachment') {
    if (count === 1) return { ...state, effects: [...state.effects, { type: 'open-attachment', id: screen.id, number: 1 }] };
    return openPrompt(state, 'open-attachment', [screen.id], '');
  }
  if (action === 'conversation.save-attachments') return openPrompt(state, 'save-attachments', [screen.id], `all ${downloadsFolder}`);
  return openPrompt(state, 'pipe-attachment', [screen.id], count === 1 ? '1 ' : '');
}
