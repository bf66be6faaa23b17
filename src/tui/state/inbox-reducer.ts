/**
 * The inbox: the list of conversations of a view (built-in or saved search), a filter, a sort, the
 * cursor and the marks for bulk triage. Keys arrive as named actions (keymap.ts); triage keys on
 * the cursor row or the marked rows go to triage-reducer.ts.
 */
import { listEffect, views, type AppState, type Command, type Row } from './app-state.js';
import { bodyHeight } from './layout.js';
import { keepCursorVisible, openConversation, say, setInbox, withEffects } from './reducer-kit.js';
import { openPrompt } from './prompt-reducer.js';
import { triageReducer } from './triage-reducer.js';

/** A new list: the cursor stays on the same conversation while it is still listed; marks on listed ones stay. */
export function inboxLoaded(state: AppState, rows: Row[], tagsInUse: string[]): AppState {
  const inbox = state.inbox;
  const current = inbox.rows[inbox.cursor]?.id;
  const index = current === undefined ? -1 : rows.findIndex((r) => r.id === current);
  const ids = inbox.marked.size ? new Set(rows.map((r) => r.id)) : null;
  const marked = ids ? new Set([...inbox.marked].filter((id) => ids.has(id))) : inbox.marked;
  const cursor = index >= 0 ? index : Math.min(inbox.cursor, Math.max(0, rows.length - 1));
  return keepCursorVisible(setInbox(state, { rows, loaded: true, cursor, marked, tagsInUse }));
}

/** The marked conversations, or the one under the cursor. */
export function inboxTargets(state: AppState): string[] {
  const { marked, rows, cursor } = state.inbox;
  if (marked.size > 0) return rows.filter((r) => marked.has(r.id)).map((r) => r.id);
  const row = rows[cursor];
  return row ? [row.id] : [];
}

export function inboxReducer(state: AppState, command: Command): AppState {
  const inbox = state.inbox;
  const page = bodyHeight(state.size);
  const move = (to: number) => keepCursorVisible(setInbox(state, { cursor: Math.max(0, Math.min(to, inbox.rows.length - 1)) }));
  const allViews = [...views, ...inbox.savedViews];
  const setView = (index: number) => {
    const view = allViews[(index + allViews.length) % allViews.length];
    const next = setInbox(state, { view, cursor: 0, top: 0, marked: new Set<string>() });
    return withEffects(next, listEffect(next.inbox));
  };
  switch (command.action) {
    case 'list.next':
      return move(inbox.cursor + 1);
    case 'list.previous':
      return move(inbox.cursor - 1);
    case 'list.first':
      return move(0);
    case 'list.last':
      return move(inbox.rows.length - 1);
    case 'list.page-down':
      return move(inbox.cursor + page);
    case 'list.page-up':
      return move(inbox.cursor - page);
    case 'list.open': {
      const row = inbox.rows[inbox.cursor];
      return row ? openConversation(state, row.id, []) : state;
    }
    case 'list.mark': {
      const row = inbox.rows[inbox.cursor];
      if (!row) return state;
      const marked = new Set(inbox.marked);
      if (marked.has(row.id)) marked.delete(row.id);
      else marked.add(row.id);
      return keepCursorVisible(setInbox(state, { marked, cursor: Math.min(inbox.cursor + 1, inbox.rows.length - 1) }));
    }
    case 'list.filter':
      return openPrompt(state, 'filter', [], inbox.filter);
    case 'list.clear':
      if (inbox.marked.size > 0) return setInbox(state, { marked: new Set() });
      if (inbox.filter) {
        const next = setInbox(state, { filter: '', cursor: 0, top: 0 });
        return withEffects(next, listEffect(next.inbox));
      }
      return state;
    case 'list.stats':
      return withEffects(state, { type: 'show-stats' });
    case 'list.sort': {
      const next = setInbox(state, { sort: inbox.sort === 'activity' ? 'waiting' : 'activity', cursor: 0, top: 0 });
      return withEffects(say(next, next.inbox.sort === 'waiting' ? 'longest waiting first' : 'newest activity first'), listEffect(next.inbox));
    }
    case 'view.next':
      return setView(allViews.indexOf(inbox.view) + 1);
    case 'view.previous':
      return setView(allViews.indexOf(inbox.view) - 1);
    case 'view.select': {
      const index = (command.index ?? 1) - 1;
      if (index >= 0 && index < allViews.length) return setView(index);
      return say(state, 'no saved search on that key: add "searches" to the config');
    }
    default:
      return triageReducer(state, command, inboxTargets(state));
  }
}
