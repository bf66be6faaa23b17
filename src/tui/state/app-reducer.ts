/**
 * The TUI's reducer: a router over the screens' reducers. Keys and results in, the next state (with
 * any effects to run) out. Pure, so every key of a fast or pasted chunk is applied in order, each on
 * the state the previous one left, and goes to whatever screen is current by then.
 *
 * This is the only module that sees keys: it asks the keymap what a key means where it was pressed
 * (`matchKey`) and hands the screen a named action, or the typed text where keys type.
 */
import type { OutgoingAttachment } from '../../core/ports/mail-store.js';
import type { Recipients } from '../../core/domain/recipients.js';
import type { Address } from '../../core/domain/address.js';
import type { ConversationDetail } from '../../core/services/conversation-service.js';
import { textOfKey, type KeyName } from '../keys/key-events.js';
import { matchKey, type KeyMode } from '../keys/keymap.js';
import { listEffect, type AppState, type Command, type ComposeScreen, type Effect, type Page, type PromptPurpose, type ReplyTrouble, type Row, type SyncStatus } from './app-state.js';
import { editorReducer, initialCursor, reviewReducer } from './compose-reducer.js';
import { conversationReducer } from './conversation-reducer.js';
import { confirmReducer, helpReducer } from './dialog-reducers.js';
import { inboxLoaded, inboxReducer } from './inbox-reducer.js';
import { openPrompt, promptReducer } from './prompt-reducer.js';
import { insertText } from './line-editor.js';
import { keepCursorVisible, openConversation, say, withEffects } from './reducer-kit.js';
import { currentConversationLayout } from './selectors.js';
import { bodyHeight } from './layout.js';

export type AppAction =
  | { type: 'key'; key: KeyName }
  | { type: 'resize'; columns: number; rows: number }
  | { type: 'tick'; now: number }
  | { type: 'list-loaded'; rows: Row[]; tagsInUse: string[] }
  | { type: 'list-failed'; message: string; filter: string }
  | { type: 'detail-loaded'; detail: ConversationDetail; troubles?: ReplyTrouble[] }
  | { type: 'detail-failed'; message: string }
  | { type: 'preview-loaded'; detail: ConversationDetail }
  | { type: 'done'; message: string }
  | { type: 'failed'; message: string }
  | { type: 'sync-status'; status: Partial<SyncStatus> }
  | { type: 'effects-taken'; count: number }
  | { type: 'compose-loaded'; screen: Omit<ComposeScreen, 'name' | 'cursor' | 'showQuote'>; note?: string; snippetNames?: string[] }
  | { type: 'compose-insert'; text: string }
  | { type: 'compose-edited'; text: string }
  | { type: 'compose-attachments'; conversationId: string; attachments: OutgoingAttachment[] }
  | { type: 'compose-recipients'; conversationId: string; recipients: Recipients }
  | { type: 'compose-subject'; conversationId: string; subject: string }
  | { type: 'compose-from'; conversationId: string; from: Address; text: string }
  | { type: 'compose-greeting'; conversationId: string; greeting: NonNullable<ComposeScreen['greeting']>; text: string }
  /** A question from the runner (recall a draft?): `effect` on yes, `no` on no. */
  | { type: 'ask'; question: string; effect: Effect; no?: Effect }
  /** A text to read over the screen (an attached message), with the help's keys. */
  | { type: 'show-page'; page: Page }
  /** A prompt the runner opens (who new mail goes to). */
  | { type: 'prompt'; purpose: PromptPurpose; targets: string[]; text: string }
  /** The attach prompt's path as completed from `typed`, and the names still to choose from. */
  | { type: 'prompt-completed'; typed: string; text: string; choices: string[] }
  | { type: 'reply-queued'; entryId: string; conversationId: string; until: number; message: string }
  | { type: 'reply-stopped'; message: string; conversationId: string }
  /** The composer is done with (discarded): back where it was opened from. */
  | { type: 'compose-closed'; message: string }
  /** Mail arrived or another process changed the store: load the list (and the open conversation) again. */
  | { type: 'reload' };

/** Effects that are undoable triage: once one follows a send, U takes back that, not the reply. */
const triageEffects: ReadonlySet<string> = new Set(['tag', 'status', 'note', 'customer-note', 'read']);

export function appReducer(state: AppState, action: AppAction): AppState {
  switch (action.type) {
    case 'key': {
      const next = onKey(state, action.key);
      // U undoes the last action the status line named: a later triage action replaces the send.
      if (next.lastSent && next.effects.length > state.effects.length && next.effects.slice(state.effects.length).some((e) => triageEffects.has(e.type))) return { ...next, lastSent: null };
      return next;
    }
    case 'resize':
      return keepCursorVisible({ ...state, size: { columns: action.columns, rows: action.rows } });
    case 'tick':
      return { ...state, now: action.now };
    case 'list-loaded':
      return inboxLoaded(state, action.rows, action.tagsInUse);
    case 'list-failed':
      // A bad query leaves the list as it was; the filter goes back to the one it shows.
      return say({ ...state, inbox: { ...state.inbox, filter: action.filter } }, action.message, true);
    case 'detail-loaded':
      if (state.screen.name !== 'conversation' || state.screen.id !== action.detail.conversation.id) return state;
      {
        const loaded = { ...state, detail: action.detail, troubles: action.troubles ?? [] };
        return state.screen.focus === undefined ? openAtFocus(loaded, action.detail) : loaded;
      }
    case 'preview-loaded':
      return { ...state, preview: action.detail };
    case 'detail-failed':
      return say({ ...state, screen: { name: 'inbox' }, detail: null }, action.message, true);
    case 'done':
      return say(state, action.message);
    case 'failed':
      // A reply that could not be opened: back where `r` was pressed (what was typed meanwhile had nowhere to go).
      if (state.screen.name === 'compose' && state.screen.stage === 'loading') return say({ ...state, screen: state.screen.returnTo }, action.message, true);
      return say(state, action.message, true);
    case 'sync-status':
      return { ...state, sync: { ...state.sync, ...action.status } };
    case 'effects-taken':
      return { ...state, effects: state.effects.slice(action.count) };
    case 'compose-loaded':
      return composeLoaded(state, action);
    case 'compose-insert':
      return state.screen.name === 'compose' && state.screen.stage !== 'loading' ? { ...state, screen: { ...state.screen, ...insertText(state.screen, action.text) } } : state;
    case 'prompt-completed': {
      const prompt = state.overlay?.kind === 'prompt' ? state.overlay.prompt : null;
      // Only onto the text it was asked for: typing since wins.
      if (!prompt || prompt.purpose !== 'attach-file' || prompt.text !== action.typed) return state;
      const hint = action.choices.length ? action.choices.join('  ') : action.text === action.typed ? 'no file starts so' : prompt.hint;
      return { ...state, overlay: { kind: 'prompt', prompt: { ...prompt, text: action.text, cursor: action.text.length, hint } } };
    }
    case 'compose-attachments':
      return state.screen.name === 'compose' && state.screen.stage !== 'loading' && state.screen.conversationId === action.conversationId ? { ...state, screen: { ...state.screen, attachments: action.attachments } } : state;
    case 'compose-subject':
      return state.screen.name === 'compose' && state.screen.stage !== 'loading' && state.screen.conversationId === action.conversationId ? { ...state, screen: { ...state.screen, subject: action.subject } } : state;
    case 'compose-from':
      return state.screen.name === 'compose' && state.screen.stage !== 'loading' && state.screen.conversationId === action.conversationId ? { ...state, screen: { ...state.screen, from: action.from, text: action.text, cursor: Math.min(state.screen.cursor, action.text.length) } } : state;
    case 'compose-greeting':
      return state.screen.name === 'compose' && state.screen.stage !== 'loading' && state.screen.conversationId === action.conversationId ? { ...state, screen: { ...state.screen, greeting: action.greeting, text: action.text, cursor: Math.min(state.screen.cursor, action.text.length) } } : state;
    case 'show-page':
      return { ...state, overlay: { kind: 'help', scroll: 0, page: action.page } };
    case 'ask':
      return { ...state, overlay: { kind: 'confirm', question: action.question, effect: action.effect, ...(action.no ? { no: action.no } : {}) } };
    case 'prompt':
      return openPrompt(state, action.purpose, action.targets, action.text);
    case 'compose-recipients':
      return state.screen.name === 'compose' && state.screen.stage !== 'loading' && state.screen.conversationId === action.conversationId ? { ...state, screen: { ...state.screen, ...action.recipients } } : state;
    case 'compose-edited':
      return state.screen.name === 'compose' && state.screen.stage !== 'loading' ? { ...state, screen: { ...state.screen, text: action.text, cursor: Math.min(state.screen.cursor, action.text.length), stage: 'review' } } : state;
    case 'reply-queued': {
      const back = state.screen.name === 'compose' ? state.screen.returnTo : state.screen;
      return withEffects(say({ ...state, screen: back, lastSent: { entryId: action.entryId, conversationId: action.conversationId, until: action.until } }, action.message), listEffect(state.inbox));
    }
    case 'compose-closed':
      return say({ ...state, screen: state.screen.name === 'compose' ? state.screen.returnTo : state.screen }, action.message);
    case 'reply-stopped':
      // The conversation changed under the reply: show it at its end; the draft is kept and r reopens it.
      return say({ ...state, ...openConversationAtEnd(state, action.conversationId) }, action.message, true);
    case 'reload': {
      const screen = state.screen;
      return screen.name === 'conversation' ? withEffects(state, listEffect(state.inbox), { type: 'refresh', id: screen.id }) : withEffects(state, listEffect(state.inbox));
    }
  }
}

/**
 * A conversation first shown opens at its first unread message, else its newest; the messages before
 * are one line each. The customer's header stays on screen when the message fits below it.
 */
function openAtFocus(state: AppState, detail: ConversationDetail): AppState {
  if (state.screen.name !== 'conversation') return state;
  const unread = detail.messages.findIndex((m) => m.isUnread);
  const focus = unread >= 0 ? unread : Math.max(0, detail.messages.length - 1);
  const screen = { ...state.screen, focus, current: focus, expanded: [] };
  const opened = { ...state, screen };
  // Opened at its end on purpose (a reply stopped by new mail): leave it there.
  if (state.screen.scroll === Number.MAX_SAFE_INTEGER) return opened;
  const start = currentConversationLayout(opened).starts[focus] ?? 0;
  const page = bodyHeight(state.size);
  return { ...opened, screen: { ...screen, scroll: start + 4 <= page ? 0 : Math.max(0, start - 1) } };
}

function openConversationAtEnd(state: AppState, id: string): AppState {
  const opened = openConversation(state, id, []);
  return opened.screen.name === 'conversation' ? { ...opened, screen: { ...opened.screen, scroll: Number.MAX_SAFE_INTEGER, showHistory: false } } : opened;
}

/** The draft is read: the composer opens, and keys typed since `r` are typed into the built-in editor. */
function composeLoaded(state: AppState, action: Extract<AppAction, { type: 'compose-loaded' }>): AppState {
  const loading = state.screen.name === 'compose' && state.screen.stage === 'loading' ? state.screen : null;
  // New mail has no key until it is loaded: its keys are kept for the new mail that comes.
  const pending = loading && (loading.conversationId === action.screen.conversationId || (loading.kind === 'new' && action.screen.kind === 'new')) ? loading.pending : [];
  const screen: ComposeScreen = { name: 'compose', showQuote: false, cursor: initialCursor(action.screen.text), ...action.screen };
  let next: AppState = { ...state, screen, message: action.note ? { text: action.note, isError: false } : null, snippetNames: action.snippetNames ?? state.snippetNames };
  // Only into the editor: replayed into the review (an external editor ran), a typed y would send.
  if (screen.stage === 'edit') for (const key of pending) next = onKey(next, key);
  return next;
}

/** What has the keyboard now: an overlay, else the screen (null: the composer is still loading). */
function modeOf(state: AppState): KeyMode | null {
  const overlay = state.overlay;
  if (overlay) return overlay.kind;
  const screen = state.screen;
  if (screen.name !== 'compose') return screen.name;
  return screen.stage === 'loading' ? null : screen.stage === 'edit' ? 'editor' : 'review';
}

/** Where unbound keys type text. */
const typingModes: ReadonlySet<KeyMode> = new Set(['editor', 'prompt']);

function onKey(state: AppState, key: KeyName): AppState {
  const mode = modeOf(state);
  if (mode === null) {
    const screen = state.screen;
    if (screen.name !== 'compose' || screen.stage !== 'loading') return state;
    if (matchKey(state.keymap, 'editor', key)?.action === 'app.quit') return withEffects(state, { type: 'quit' });
    return { ...state, screen: { ...screen, pending: [...screen.pending, key] } };
  }
  const bound = matchKey(state.keymap, mode, key);
  let command: Command | undefined = bound;
  if (!command && typingModes.has(mode)) {
    const text = textOfKey(key);
    if (text !== null) command = { action: 'type', text };
  }
  if (!command) return state;
  // On the list and in a conversation, a new key press replaces the last message.
  const base = mode === 'inbox' || mode === 'conversation' ? { ...state, message: null } : state;
  // What the app as a whole does (quit, help, sync now) is the same wherever its key is bound.
  switch (command.action) {
    case 'app.quit':
      return withEffects(base, { type: 'quit' });
    case 'app.help':
      return { ...base, overlay: { kind: 'help', scroll: 0 } };
    case 'app.sync':
      return withEffects(say(base, 'syncing…'), { type: 'sync-now' });
  }
  const screen = state.screen;
  const overlay = state.overlay;
  switch (mode) {
    case 'confirm':
      return overlay?.kind === 'confirm' ? confirmReducer(state, overlay.effect, command, overlay.no) : state;
    case 'prompt':
      return overlay?.kind === 'prompt' ? promptReducer(state, overlay.prompt, command) : state;
    case 'help':
      return overlay?.kind === 'help' ? helpReducer(state, overlay.scroll, command, overlay.page) : state;
    case 'editor':
      return screen.name === 'compose' && screen.stage === 'edit' ? editorReducer(state, screen, command) : state;
    case 'review':
      return screen.name === 'compose' && screen.stage === 'review' ? reviewReducer(state, screen, command) : state;
    case 'inbox':
      return inboxReducer(base, command);
    case 'conversation':
      return screen.name === 'conversation' ? conversationReducer(base, screen, command) : state;
  }
}
