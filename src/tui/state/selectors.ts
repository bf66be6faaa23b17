/** Data derived from the state, computed when asked, cached while its inputs stay the same. */
import type { KeyMode } from '../keys/keymap.js';
import type { AppState } from './app-state.js';
import { conversationLines, type Line } from './conversation-lines.js';

let cache: { key: unknown[]; lines: Line[] } | undefined;

/** The open conversation's lines at the current width (ages to the minute). */
export function currentConversationLines(state: AppState): Line[] {
  const screen = state.screen;
  if (screen.name !== 'conversation' || !state.detail) return [];
  const width = Math.max(20, state.size.columns - 1);
  const minute = Math.floor(state.now / 60_000);
  const key = [state.detail, width, screen.showQuotes, screen.showHistory, minute];
  if (!cache || cache.key.some((k, i) => k !== key[i])) {
    cache = { key, lines: conversationLines(state.detail, { width, showQuotes: screen.showQuotes, showHistory: screen.showHistory, now: state.now }) };
  }
  return cache.lines;
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
