/** Data derived from the state, computed when asked, cached while its inputs stay the same. */
import { replyTroubleLines } from './reply-trouble-lines.js';
import { keyLabel, keysFor, type KeyMode } from '../keys/keymap.js';
import type { AppState } from './app-state.js';
import { conversationLayout, type ConversationLayout, type Line } from './conversation-lines.js';

let cache: { key: unknown[]; layout: ConversationLayout } | undefined;
const none: ConversationLayout = { lines: [], starts: [] };

/** The open conversation's lines and message starts at the current width (ages to the minute). */
export function currentConversationLayout(state: AppState): ConversationLayout {
  const screen = state.screen;
  if (screen.name !== 'conversation' || !state.detail) return none;
  const width = Math.max(20, state.size.columns - 1);
  const minute = Math.floor(state.now / 60_000);
  const key = [state.detail, width, screen.showQuotes, screen.showHistory, minute, screen.focus, screen.current, screen.expanded, state.troubles, state.hyperlinks];
  if (!cache || cache.key.some((k, i) => k !== key[i])) {
    const options = { width, showQuotes: screen.showQuotes, showHistory: screen.showHistory, now: state.now, collapseBefore: screen.focus ?? 0, expanded: new Set(screen.expanded), current: screen.current, historyKeys: historyKeys(state), mergeKey: keysFor(state.keymap, 'conversation', 'conversation.merge-customer').map(keyLabel)[0], trailer: replyTroubleLines(state, width), links: state.hyperlinks };
    cache = { key, layout: conversationLayout(state.detail, options) };
  }
  return cache.layout;
}

/** The open conversation's lines at the current width. */
export function currentConversationLines(state: AppState): Line[] {
  return currentConversationLayout(state).lines;
}

export function conversationLineCount(state: AppState): number {
  return currentConversationLines(state).length;
}

/** The mode of the screen under any overlay (what the help and the hint line describe). */
export function screenMode(state: AppState): Exclude<KeyMode, 'prompt' | 'confirm' | 'help'> {
  const screen = state.screen;
  if (screen.name !== 'compose') return screen.name;
  return screen.stage === 'review' ? 'review' : 'editor';
}

/** "H hides, 1-9 opens": the history pane's keys as the keymap has them. */
function historyKeys(state: AppState): string {
  const hide = keysFor(state.keymap, 'conversation', 'conversation.history')[0];
  const open = keysFor(state.keymap, 'conversation', 'conversation.open-earlier');
  const opens = open.length > 1 ? `${keyLabel(open[0])}-${keyLabel(open.at(-1)!)}` : open.length ? keyLabel(open[0]) : '';
  return [hide ? `${keyLabel(hide)} hides` : '', opens ? `${opens} opens` : ''].filter(Boolean).join(', ');
}
