/**
 * The TUI's reducer: keys and results in, the next state (with any effects to run) out. Pure, so
 * every key of a fast or pasted chunk is applied in order, each on the state the previous one left,
 * whatever screen that is. Triage on several conversations asks for confirmation first.
 */
import { parseTimeSpec } from '../../core/domain/time-spec.js';
import type { ConversationStatus } from '../../core/domain/conversation.js';
import type { ConversationDetail } from '../../core/services/conversation-service.js';
import { textOfKey, type KeyName } from '../keys/key-events.js';
import { actionFor, type KeyAction } from '../keys/keymap.js';
import { listEffect, views, type AppState, type ComposeScreen, type Effect, type Prompt, type PromptPurpose, type Row, type SyncStatus } from './app-state.js';
import { conversationLineCount } from './selectors.js';
import { bodyHeight } from './layout.js';

export type AppAction =
  | { type: 'key'; key: KeyName }
  | { type: 'resize'; columns: number; rows: number }
  | { type: 'tick'; now: number }
  | { type: 'list-loaded'; rows: Row[]; tagsInUse: string[] }
  | { type: 'list-failed'; message: string; filter: string }
  | { type: 'detail-loaded'; detail: ConversationDetail }
  | { type: 'detail-failed'; message: string }
  | { type: 'done'; message: string }
  | { type: 'failed'; message: string }
  | { type: 'sync-status'; status: Partial<SyncStatus> }
  | { type: 'effects-taken'; count: number }
  | { type: 'compose-loaded'; screen: Omit<ComposeScreen, 'name' | 'cursor' | 'showQuote'>; note?: string; snippetNames?: string[] }
  | { type: 'compose-insert'; text: string }
  | { type: 'compose-edited'; text: string }
  | { type: 'reply-queued'; entryId: string; conversationId: string; until: number; message: string }
  | { type: 'reply-stopped'; message: string; conversationId: string }
  /** The composer is done with (discarded): back where it was opened from. */
  | { type: 'compose-closed'; message: string }
  /** Mail arrived or another process changed the store: load the list (and the open conversation) again. */
  | { type: 'reload' };

const snoozeChoices = ['tomorrow 9:00', 'next week 9:00', 'monday 9:00', '3d', '1w', '2w'];

export function appReducer(state: AppState, action: AppAction): AppState {
  switch (action.type) {
    case 'key':
      return onKey(state, action.key);
    case 'resize':
      return keepCursorVisible({ ...state, size: { columns: action.columns, rows: action.rows } });
    case 'tick':
      return { ...state, now: action.now };
    case 'list-loaded': {
      // Keep the cursor on the same conversation when it is still listed.
      const current = state.rows[state.cursor]?.id;
      const index = current === undefined ? -1 : action.rows.findIndex((r) => r.id === current);
      const ids = state.marked.size ? new Set(action.rows.map((r) => r.id)) : null;
      const marked = ids ? new Set([...state.marked].filter((id) => ids.has(id))) : state.marked;
      const cursor = index >= 0 ? index : Math.min(state.cursor, Math.max(0, action.rows.length - 1));
      return keepCursorVisible({ ...state, rows: action.rows, loaded: true, cursor, marked, tagsInUse: action.tagsInUse });
    }
    case 'list-failed':
      // A bad query leaves the list as it was; the filter goes back to the one it shows.
      return { ...state, filter: action.filter, message: { text: action.message, isError: true } };
    case 'detail-loaded':
      if (state.screen.name !== 'conversation' || state.screen.id !== action.detail.conversation.id) return state;
      return { ...state, detail: action.detail };
    case 'detail-failed':
      return { ...state, screen: { name: 'inbox' }, detail: null, message: { text: action.message, isError: true } };
    case 'done':
      return { ...state, message: { text: action.message, isError: false } };
    case 'failed':
      return { ...state, message: { text: action.message, isError: true } };
    case 'sync-status':
      return { ...state, sync: { ...state.sync, ...action.status } };
    case 'effects-taken':
      return { ...state, effects: state.effects.slice(action.count) };
    case 'compose-loaded': {
      // The cursor goes where the owner's words go: after the greeting, at the end of what is there
      // already (the last paragraph before the signature).
      const text = action.screen.text;
      const firstBreak = text.indexOf('\n\n');
      const beforeSignature = text.lastIndexOf('\n\n');
      const cursor = firstBreak < 0 ? text.length : beforeSignature > firstBreak ? beforeSignature : firstBreak + 2;
      return {
        ...state,
        screen: { name: 'compose', showQuote: false, cursor, ...action.screen },
        message: action.note ? { text: action.note, isError: false } : null,
        snippetNames: action.snippetNames ?? state.snippetNames,
      };
    }
    case 'compose-insert': {
      if (state.screen.name !== 'compose') return state;
      const { text, cursor } = state.screen;
      return { ...state, screen: { ...state.screen, text: text.slice(0, cursor) + action.text + text.slice(cursor), cursor: cursor + action.text.length } };
    }
    case 'compose-edited':
      return state.screen.name === 'compose' ? { ...state, screen: { ...state.screen, text: action.text, cursor: Math.min(state.screen.cursor, action.text.length), stage: 'review' } } : state;
    case 'reply-queued': {
      const back = state.screen.name === 'compose' ? state.screen.returnTo : state.screen;
      return withEffects({ ...state, screen: back, lastSent: { entryId: action.entryId, conversationId: action.conversationId, until: action.until }, message: { text: action.message, isError: false } }, listEffect(state));
    }
    case 'compose-closed':
      return { ...state, screen: state.screen.name === 'compose' ? state.screen.returnTo : state.screen, message: { text: action.message, isError: false } };
    case 'reply-stopped': {
      // The conversation changed under the reply: show it; the draft is kept and r reopens it.
      const screen = { name: 'conversation' as const, id: action.conversationId, scroll: Number.MAX_SAFE_INTEGER, showQuotes: false, showHistory: false, back: [] };
      return withEffects({ ...state, screen, detail: null, message: { text: action.message, isError: true } }, { type: 'open', id: action.conversationId });
    }
    case 'reload': {
      const screen = state.screen;
      return screen.name === 'conversation' ? withEffects(state, listEffect(state), { type: 'refresh', id: screen.id }) : withEffects(state, listEffect(state));
    }
  }
}

const withEffects = (state: AppState, ...effects: Effect[]): AppState => ({ ...state, effects: [...state.effects, ...effects] });

function onKey(state: AppState, key: KeyName): AppState {
  if (key === 'ctrl-c') return withEffects(state, { type: 'quit' });
  const overlay = state.overlay;
  if (overlay?.kind === 'confirm') {
    if (key === 'y' || key === 'Y') return withEffects({ ...state, overlay: null, marked: new Set() }, overlay.effect);
    if (key === 'n' || key === 'N' || key === 'escape' || key === 'q') return { ...state, overlay: null, message: { text: 'cancelled', isError: false } };
    return state;
  }
  if (overlay?.kind === 'prompt') return onPromptKey(state, overlay.prompt, key);
  if (overlay?.kind === 'help') {
    if (key === 'j' || key === 'down') return { ...state, overlay: { kind: 'help', scroll: overlay.scroll + 1 } };
    if (key === 'k' || key === 'up') return { ...state, overlay: { kind: 'help', scroll: Math.max(0, overlay.scroll - 1) } };
    if (key === '?' || key === 'q' || key === 'escape' || key === 'return') return { ...state, overlay: null };
    return state;
  }
  if (state.screen.name === 'compose') return onComposeKey(state, state.screen, key);
  const action = actionFor(state.screen.name, key);
  if (!action) return state;
  // A new key press replaces the last message.
  const next = { ...state, message: null };
  return state.screen.name === 'inbox' ? onInboxAction(next, action, key) : onConversationAction(next, action, key);
}

/** The composer: in `edit` every key types (Esc ends editing); in `review`, keys from the keymap. */
function onComposeKey(state: AppState, screen: ComposeScreen, key: KeyName): AppState {
  const set = (change: Partial<ComposeScreen>) => ({ ...state, message: null, screen: { ...screen, ...change } });
  if (screen.stage === 'edit') {
    const { text, cursor } = screen;
    const lineStart = text.lastIndexOf('\n', cursor - 1) + 1;
    const column = cursor - lineStart;
    switch (key) {
      case 'escape':
        return set({ stage: 'review' });
      case 'ctrl-t':
        return openPrompt(state, 'snippet', [screen.conversationId], '');
      case 'return':
        return set({ text: text.slice(0, cursor) + '\n' + text.slice(cursor), cursor: cursor + 1 });
      case 'backspace': {
        if (cursor === 0) return state;
        const before = [...text.slice(0, cursor)];
        const removed = before.pop()!;
        return set({ text: before.join('') + text.slice(cursor), cursor: cursor - removed.length });
      }
      case 'left':
        return set({ cursor: Math.max(0, cursor - ([...text.slice(0, cursor)].pop()?.length ?? 0)) });
      case 'right':
        return set({ cursor: Math.min(text.length, cursor + ([...text.slice(cursor)][0]?.length ?? 0)) });
      case 'up': {
        if (lineStart === 0) return set({ cursor: 0 });
        const prevStart = text.lastIndexOf('\n', lineStart - 2) + 1;
        return set({ cursor: Math.min(prevStart + column, lineStart - 1) });
      }
      case 'down': {
        const lineEnd = text.indexOf('\n', cursor);
        if (lineEnd < 0) return set({ cursor: text.length });
        const nextEnd = text.indexOf('\n', lineEnd + 1);
        return set({ cursor: Math.min(lineEnd + 1 + column, nextEnd < 0 ? text.length : nextEnd) });
      }
      case 'home':
        return set({ cursor: lineStart });
      case 'end': {
        const lineEnd = text.indexOf('\n', cursor);
        return set({ cursor: lineEnd < 0 ? text.length : lineEnd });
      }
      default: {
        const typed = key === 'tab' ? '    ' : textOfKey(key);
        return typed === null ? state : set({ text: text.slice(0, cursor) + typed + text.slice(cursor), cursor: cursor + typed.length });
      }
    }
  }
  const action = actionFor('compose', key);
  const body = () => (screen.showQuote ? `${screen.text.trimEnd()}\n\n${screen.quote}\n` : screen.text);
  switch (action) {
    case 'compose.send':
      return withEffects({ ...state, message: { text: 'queuing…', isError: false } }, { type: 'queue-reply', conversationId: screen.conversationId, text: body(), baseSeq: screen.baseSeq });
    case 'compose.edit':
      return withEffects(set({ stage: 'edit' }), { type: 'edit-external', text: screen.text });
    case 'compose.quote':
      return set({ showQuote: !screen.showQuote });
    case 'compose.save':
      return withEffects({ ...state, screen: screen.returnTo, message: { text: 'saving the draft…', isError: false } }, { type: 'save-draft', conversationId: screen.conversationId, text: screen.text, baseSeq: screen.baseSeq, announce: true });
    case 'compose.discard':
      return { ...state, overlay: { kind: 'confirm', question: 'Discard this reply? (y/n)', effect: { type: 'discard-draft', conversationId: screen.conversationId } } };
    case 'app.help':
      return { ...state, overlay: { kind: 'help', scroll: 0 } };
    case 'app.quit':
      return withEffects(state, { type: 'quit' });
    default:
      return state;
  }
}

function onInboxAction(state: AppState, action: KeyAction, key: KeyName): AppState {
  const page = bodyHeight(state.size);
  const move = (to: number) => keepCursorVisible({ ...state, cursor: Math.max(0, Math.min(to, state.rows.length - 1)) });
  const allViews = [...views, ...state.savedViews];
  const setView = (index: number) => {
    const view = allViews[(index + allViews.length) % allViews.length];
    const next = { ...state, view, cursor: 0, top: 0, marked: new Set<string>() };
    return withEffects(next, listEffect(next));
  };
  switch (action) {
    case 'list.next':
      return move(state.cursor + 1);
    case 'list.previous':
      return move(state.cursor - 1);
    case 'list.first':
      return move(0);
    case 'list.last':
      return move(state.rows.length - 1);
    case 'list.page-down':
      return move(state.cursor + page);
    case 'list.page-up':
      return move(state.cursor - page);
    case 'list.open': {
      const row = state.rows[state.cursor];
      return row ? openConversation(state, row.id, []) : state;
    }
    case 'list.mark': {
      const row = state.rows[state.cursor];
      if (!row) return state;
      const marked = new Set(state.marked);
      if (marked.has(row.id)) marked.delete(row.id);
      else marked.add(row.id);
      return keepCursorVisible({ ...state, marked, cursor: Math.min(state.cursor + 1, state.rows.length - 1) });
    }
    case 'list.filter':
      return openPrompt(state, 'filter', [], state.filter);
    case 'list.clear':
      if (state.marked.size > 0) return { ...state, marked: new Set() };
      if (state.filter) {
        const next = { ...state, filter: '', cursor: 0, top: 0 };
        return withEffects(next, listEffect(next));
      }
      return state;
    case 'list.sort': {
      const next = { ...state, sort: state.sort === 'activity' ? ('waiting' as const) : ('activity' as const), cursor: 0, top: 0 };
      return withEffects({ ...next, message: { text: next.sort === 'waiting' ? 'longest waiting first' : 'newest activity first', isError: false } }, listEffect(next));
    }
    case 'view.next':
      return setView(allViews.indexOf(state.view) + 1);
    case 'view.previous':
      return setView(allViews.indexOf(state.view) - 1);
    case 'view.saved': {
      const saved = state.savedViews[Number(key) - 6];
      return saved ? setView(views.length + Number(key) - 6) : { ...state, message: { text: 'no saved search on that key: add "searches" to the config', isError: false } };
    }
    case 'view.open':
    case 'view.waiting':
    case 'view.snoozed':
    case 'view.closed':
    case 'view.all':
      return setView(views.indexOf(action.slice('view.'.length) as (typeof views)[number]));
    default:
      return onCommonAction(state, action, inboxTargets(state));
  }
}

function onConversationAction(state: AppState, action: KeyAction, key: KeyName): AppState {
  const screen = state.screen;
  if (screen.name !== 'conversation') return state;
  const page = bodyHeight(state.size);
  const total = conversationLineCount(state);
  const scrollTo = (to: number) => ({ ...state, screen: { ...screen, scroll: Math.max(0, Math.min(to, total - page)) } });
  const neighbour = (delta: number) => {
    const index = state.rows.findIndex((r) => r.id === screen.id);
    const row = index < 0 ? undefined : state.rows[index + delta];
    if (!row) return { ...state, message: { text: delta > 0 ? 'last conversation in this view' : 'first conversation in this view', isError: false } };
    return openConversation({ ...state, cursor: index + delta }, row.id, []);
  };
  switch (action) {
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
    case 'conversation.history':
      return { ...state, screen: { ...screen, showHistory: !screen.showHistory, scroll: 0 } };
    case 'conversation.open-earlier': {
      const other = state.detail?.otherConversations[Number(key) - 1];
      if (!other) return state;
      return openConversation(state, other.id, [...screen.back, screen.id]);
    }
    case 'conversation.back': {
      const previous = screen.back.at(-1);
      if (previous) return openConversation(state, previous, screen.back.slice(0, -1));
      return keepCursorVisible({ ...state, screen: { name: 'inbox' }, detail: null });
    }
    default:
      return onCommonAction(state, action, [screen.id]);
  }
}

/** Triage and app keys, the same on both screens. */
function onCommonAction(state: AppState, action: KeyAction, targets: string[]): AppState {
  switch (action) {
    case 'app.help':
      return { ...state, overlay: { kind: 'help', scroll: 0 } };
    case 'app.quit':
      return withEffects(state, { type: 'quit' });
    case 'app.sync':
      return withEffects({ ...state, message: { text: 'syncing…', isError: false } }, { type: 'sync-now' });
    case 'triage.undo':
      // Right after a send, U takes the reply back (undo send); otherwise it undoes the last triage action.
      if (state.lastSent && state.lastSent.until > state.now) return withEffects({ ...state, lastSent: null }, { type: 'unqueue', entryId: state.lastSent.entryId });
      return withEffects(state, { type: 'undo' });
  }
  if (targets.length === 0) return state;
  switch (action) {
    case 'reply.open': {
      if (targets.length > 1) return { ...state, message: { text: 'a reply is for one conversation: unmark the others', isError: true } };
      const returnTo = state.screen.name === 'compose' ? ({ name: 'inbox' } as const) : state.screen;
      return withEffects({ ...state, message: { text: 'opening the reply…', isError: false } }, { type: 'compose', id: targets[0], returnTo });
    }
    case 'triage.close':
      return act(state, { type: 'status', ids: targets, status: 'closed' }, 'Close');
    case 'triage.reopen':
      return act(state, { type: 'status', ids: targets, status: 'open' }, 'Reopen');
    case 'triage.wait':
      return act(state, { type: 'status', ids: targets, status: 'waiting' }, 'Mark waiting');
    case 'triage.unread': {
      const rows = targets.map((id) => state.rows.find((r) => r.id === id)).filter((r): r is Row => !!r);
      // In a conversation it was just read: u marks it unread. In the list, u toggles.
      const read = state.screen.name === 'inbox' && rows.length > 0 && rows.some((r) => r.isUnread);
      return act(state, { type: 'read', ids: targets, read }, read ? 'Mark read' : 'Mark unread');
    }
    case 'triage.tags':
      return openPrompt(state, 'tags', targets, '');
    case 'triage.snooze':
      return openPrompt(state, 'snooze', targets, '');
    case 'triage.note':
      return targets.length === 1 ? openPrompt(state, 'note', targets, '') : { ...state, message: { text: 'a note is for one conversation: unmark the others', isError: true } };
    case 'triage.customer-note': {
      const email = customerOf(state, targets[0]);
      return email ? openPrompt(state, 'customer-note', [email], '') : state;
    }
    default:
      return state;
  }
}

/** An action on one conversation runs at once; on several, after a yes. */
function act(state: AppState, effect: Effect & { ids: string[] }, verb: string): AppState {
  if (effect.ids.length === 1) return withEffects(afterTriage(state, effect), effect);
  return { ...state, overlay: { kind: 'confirm', question: `${verb} ${effect.ids.length} marked conversations? (y/n)`, effect } };
}

/** Closing, snoozing or marking waiting from a conversation returns to the list: it is dealt with. */
function afterTriage(state: AppState, effect: Effect): AppState {
  if (effect.type === 'status' && effect.status !== 'open' && state.screen.name === 'conversation' && state.screen.back.length === 0) {
    return keepCursorVisible({ ...state, screen: { name: 'inbox' }, detail: null });
  }
  return state;
}

function inboxTargets(state: AppState): string[] {
  if (state.marked.size > 0) return state.rows.filter((r) => state.marked.has(r.id)).map((r) => r.id);
  const row = state.rows[state.cursor];
  return row ? [row.id] : [];
}

function customerOf(state: AppState, id: string): string | undefined {
  if (state.detail?.conversation.id === id) return state.detail.customer.email;
  return state.rows.find((r) => r.id === id)?.email;
}

function openConversation(state: AppState, id: string, back: string[]): AppState {
  const screen = { name: 'conversation' as const, id, scroll: 0, showQuotes: false, showHistory: true, back };
  return withEffects({ ...state, screen, detail: null }, { type: 'open', id });
}

function openPrompt(state: AppState, purpose: PromptPurpose, targets: string[], text: string): AppState {
  const many = targets.length > 1 ? ` (${targets.length} marked)` : '';
  const labels: Record<PromptPurpose, string> = {
    filter: 'filter: ',
    tags: `tags${many} +add -remove: `,
    snooze: `snooze${many} until: `,
    note: 'note: ',
    'customer-note': `note about ${targets[0]}: `,
    snippet: 'insert snippet: ',
  };
  const prompt: Prompt = { purpose, label: labels[purpose], text, targets, hint: '' };
  return { ...state, overlay: { kind: 'prompt', prompt: { ...prompt, hint: promptHint(state, prompt) } } };
}

function promptHint(state: AppState, prompt: Prompt): string {
  switch (prompt.purpose) {
    case 'filter':
      return 'tag:refund from:anna status:open is:unread after:3d "words" @saved · Enter applies, Esc cancels';
    case 'tags': {
      const current = prompt.targets.length === 1 ? state.rows.find((r) => r.id === prompt.targets[0])?.tags ?? state.detail?.conversation.tags ?? [] : [];
      const word = lastWord(prompt.text).replace(/^[+-]/, '');
      const matches = state.tagsInUse.filter((t) => t.startsWith(word)).slice(0, 8);
      return `${current.length ? `now: ${current.map((t) => `+${t}`).join(' ')} · ` : ''}Tab: ${matches.join(' ') || 'no tag matches'}`;
    }
    case 'snooze':
      return `Tab: ${snoozeChoices.join(' · ')} · or a date (2026-12-24 9:00)`;
    case 'snippet': {
      const matches = state.snippetNames.filter((n) => n.startsWith(prompt.text));
      return state.snippetNames.length === 0 ? 'no snippets yet: text files in the config folder, snippets/<name>.txt' : `Tab: ${matches.join(' ') || 'no snippet matches'}`;
    }
    default:
      return 'Enter saves, Esc cancels';
  }
}

const lastWord = (text: string) => text.slice(text.lastIndexOf(' ') + 1);

function onPromptKey(state: AppState, prompt: Prompt, key: KeyName): AppState {
  const update = (text: string) => {
    const next = { ...prompt, text };
    return { ...state, overlay: { kind: 'prompt' as const, prompt: { ...next, hint: promptHint(state, next) } } };
  };
  if (key === 'escape') return { ...state, overlay: null };
  if (key === 'backspace') return update([...prompt.text].slice(0, -1).join(''));
  if (key === 'ctrl-u') return update('');
  if (key === 'ctrl-w') return update(prompt.text.replace(/\S*\s*$/, ''));
  if (key === 'tab') return update(complete(state, prompt));
  if (key === 'return') return submitPrompt({ ...state, overlay: null }, prompt);
  const text = textOfKey(key);
  return text === null ? state : update(prompt.text + text);
}

function complete(state: AppState, prompt: Prompt): string {
  if (prompt.purpose === 'snooze') {
    const index = snoozeChoices.indexOf(prompt.text);
    const match = snoozeChoices.find((c) => c.startsWith(prompt.text) && c !== prompt.text);
    return index >= 0 ? snoozeChoices[(index + 1) % snoozeChoices.length] : (match ?? prompt.text);
  }
  if (prompt.purpose === 'snippet') return state.snippetNames.find((n) => n.startsWith(prompt.text) && n !== prompt.text) ?? prompt.text;
  if (prompt.purpose !== 'tags') return prompt.text;
  const word = lastWord(prompt.text);
  const sign = /^[+-]/.test(word) ? word[0] : '';
  const stem = word.slice(sign.length);
  const match = state.tagsInUse.find((t) => t.startsWith(stem) && t !== stem);
  return match ? `${prompt.text.slice(0, prompt.text.length - word.length)}${sign}${match} ` : prompt.text;
}

function submitPrompt(state: AppState, prompt: Prompt): AppState {
  const text = prompt.text.trim();
  switch (prompt.purpose) {
    case 'filter': {
      const next = { ...state, filter: text, cursor: 0, top: 0, marked: new Set<string>() };
      return withEffects(next, { ...listEffect(next), revertFilter: state.filter });
    }
    case 'tags': {
      const words = text.split(/\s+/).filter(Boolean);
      if (words.length === 0) return state;
      const add = words.filter((w) => !w.startsWith('-')).map((w) => w.replace(/^\+/, ''));
      const remove = words.filter((w) => w.startsWith('-')).map((w) => w.slice(1));
      return act(state, { type: 'tag', ids: prompt.targets, add, remove }, `Tag ${words.join(' ')} on`);
    }
    case 'snooze': {
      const until = parseTimeSpec(text, state.now, 'future');
      if (until === undefined || until <= state.now) return { ...state, message: { text: `"${text}" is not a time in the future (try tomorrow 9:00, 3d, 2026-12-24)`, isError: true } };
      return act(state, { type: 'status', ids: prompt.targets, status: 'snoozed' as ConversationStatus, until: new Date(until).toISOString() }, 'Snooze');
    }
    case 'note':
      return text ? withEffects(state, { type: 'note', id: prompt.targets[0], text }) : state;
    case 'customer-note':
      return text ? withEffects(state, { type: 'customer-note', email: prompt.targets[0], text }) : state;
    case 'snippet':
      return text ? withEffects(state, { type: 'insert-snippet', name: text, conversationId: prompt.targets[0] }) : state;
  }
}

function keepCursorVisible(state: AppState): AppState {
  const height = bodyHeight(state.size);
  let top = Math.min(state.top, Math.max(0, state.rows.length - height));
  if (state.cursor < top) top = state.cursor;
  if (state.cursor >= top + height) top = state.cursor - height + 1;
  return top === state.top ? state : { ...state, top: Math.max(0, top) };
}
