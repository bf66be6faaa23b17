/** The overlays that are not prompts: a yes/no question, and the help. */
import type { AppState, Command, Effect, Page } from './app-state.js';
import { afterTriage, withEffects } from './reducer-kit.js';

export function confirmReducer(state: AppState, effect: Effect, command: Command, no?: Effect): AppState {
  switch (command.action) {
    case 'confirm.yes':
      return withEffects(afterTriage({ ...state, overlay: null, inbox: { ...state.inbox, marked: new Set() } }, effect), effect);
    case 'confirm.no':
      return no ? withEffects({ ...state, overlay: null }, no) : { ...state, overlay: null, message: { text: 'cancelled', isError: false } };
    default:
      return state;
  }
}

export function helpReducer(state: AppState, scroll: number, command: Command, page?: Page): AppState {
  switch (command.action) {
    case 'help.down':
      return { ...state, overlay: { kind: 'help', scroll: scroll + 1, ...(page ? { page } : {}) } };
    case 'help.up':
      return { ...state, overlay: { kind: 'help', scroll: Math.max(0, scroll - 1), ...(page ? { page } : {}) } };
    case 'help.close':
      return { ...state, overlay: null };
    default:
      return state;
  }
}
