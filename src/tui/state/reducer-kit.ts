/** What every screen's reducer needs: effects, the message line, moving between screens, asking before acting on several. */
import type { AppState, Effect, InboxState, Screen } from './app-state.js';
import { bodyHeight } from './layout.js';

export const withEffects = (state: AppState, ...effects: Effect[]): AppState => ({ ...state, effects: [...state.effects, ...effects] });

export const say = (state: AppState, text: string, isError = false): AppState => ({ ...state, message: { text, isError } });

export const setInbox = (state: AppState, change: Partial<InboxState>): AppState => ({ ...state, inbox: { ...state.inbox, ...change } });

/** The list scrolled so its cursor row is on screen (virtual scrolling: only visible rows are drawn). */
export function keepCursorVisible(state: AppState): AppState {
  const { inbox } = state;
  const height = bodyHeight(state.size);
  let top = Math.min(inbox.top, Math.max(0, inbox.rows.length - height));
  if (inbox.cursor < top) top = inbox.cursor;
  if (inbox.cursor >= top + height) top = inbox.cursor - height + 1;
  return top === inbox.top ? state : setInbox(state, { top: Math.max(0, top) });
}

/** Shows a conversation (loaded by the `open` effect); `back`: where q goes first. */
export function openConversation(state: AppState, id: string, back: string[]): AppState {
  const screen: Screen = { name: 'conversation', id, scroll: 0, showQuotes: false, showHistory: true, back };
  return withEffects({ ...state, screen, detail: null }, { type: 'open', id });
}

/** Back to the list, keeping its cursor in view. */
export const toInbox = (state: AppState): AppState => keepCursorVisible({ ...state, screen: { name: 'inbox' }, detail: null });

/** An action on one conversation runs at once; on several, after a yes. */
export function act(state: AppState, effect: Effect & { ids: string[] }, verb: string): AppState {
  if (effect.ids.length === 1) return withEffects(afterTriage(state, effect), effect);
  return { ...state, overlay: { kind: 'confirm', question: `${verb} ${effect.ids.length} marked conversations?`, effect } };
}

/** Closing, snoozing or marking waiting from a conversation returns to the list: it is dealt with. */
export function afterTriage(state: AppState, effect: Effect): AppState {
  const dealtWith = (effect.type === 'status' && effect.status !== 'open') || effect.type === 'spam';
  if (dealtWith && state.screen.name === 'conversation' && state.screen.back.length === 0) return toInbox(state);
  return state;
}
