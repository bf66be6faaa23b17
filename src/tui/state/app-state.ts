/**
 * The TUI's whole state, and what it asks the outside world to do (effects). Screens and overlays
 * are discriminated unions; derived data (visible rows, conversation lines) lives in selectors.
 * Nothing here touches services, Ink or the terminal.
 */
import type { ConversationStatus } from '../../core/domain/conversation.js';
import type { ConversationDetail } from '../../core/services/conversation-service.js';
import type { Address } from '../../core/domain/address.js';
import type { Recipients } from '../../core/domain/recipients.js';
import type { ReplyDraft } from '../../core/services/reply-service.js';
import type { OutgoingAttachment } from '../../core/ports/mail-store.js';
import type { KeyName } from '../keys/key-events.js';
import type { Bound, Keymap } from '../keys/keymap.js';
import { defaultKeymap } from '../keys/keymap-defaults.js';

import { queryOf, type ViewName } from './views.js';
export { queryOf, views, type ViewName } from './views.js';
export type SortOrder = 'activity' | 'waiting';

import type { Row } from './list-rows.js';
export type { Row } from './list-rows.js';

/**
 * What a screen's reducer is given: a named action from the keymap, or text typed where keys type
 * (the editor, prompts). Never a raw key: the router (app-reducer.ts) alone turns keys into these.
 */
export type Command = Bound | { action: 'type'; text: string };

/**
 * The composer between `r` and the draft being read (`loading`): keys typed meanwhile are kept and
 * replayed into the built-in editor once it opens, so a greeting typed at once lands in the reply.
 */
export type ComposeLoading = {
  name: 'compose';
  stage: 'loading';
  /** Absent: a reply. */
  kind?: ComposeKind;
  conversationId: string;
  pending: KeyName[];
  returnTo: Exclude<Screen, { name: 'compose' }>;
};

/** What the composer writes besides a reply: new mail (m) or a forward (f). */
export type ComposeKind = 'new' | 'forward';

/** Who new mail goes to, as h2h knows them, shown below it as the conversation is shown beside a reply. */
export type ComposeAbout = { name: string; email: string; since: string | null; notes: string[]; conversations: { subject: string; status: string; lastAt: string }[] };

/** The message a forward carries (its #N in the conversation), below the text or attached whole, with its own attachments. */
export type ComposeForwarding = { number: number; from: Address | null; date: string; as: 'inline' | 'attachment'; carried: { name: string; size: number }[] };

/** Mail being written (stage `edit`, the built-in editor) or looked over before it goes (`review`): a reply unless `kind` says. */
export type ComposeScreen = {
  name: 'compose';
  kind?: ComposeKind;
  /** The draft's key: a reply's conversation, or new mail's "new-…" (core/domain/draft-keys.ts). */
  conversationId: string;
  /** New mail: the first recipient's history with the shop. */
  about?: ComposeAbout;
  /** A forward: the message it carries, and how. */
  forwarding?: ComposeForwarding;
  from: Address;
  to: Address[];
  /** Reply-all's other recipients, or those the owner added (t, c, B in the review); none when absent. */
  cc?: Address[];
  bcc?: Address[];
  /** The answered message's Reply-To against its sender, for the review to mark (core/domain/reply-to.ts). */
  replyTo?: ReplyDraft['replyTo'];
  /** How the text greets and signs off, in which language, and whether the sender may not be a person (l switches the language). */
  greeting?: Pick<ReplyDraft['greeting'], 'line' | 'signOff' | 'language' | 'languageFrom' | 'warning'> & Partial<Pick<ReplyDraft['greeting'], 'register' | 'registerFrom'>>;
  /** The customer's remembered facts in one line ("size: 39 · prefers: phone"); absent when none. */
  facts?: string;
  subject: string;
  /** The answered message, quoted; added below the reply when `showQuote`. */
  quote: string;
  showQuote: boolean;
  text: string;
  /** Where typing goes: an index into `text`. */
  cursor: number;
  /** The review's first line shown (compose-lines.ts). */
  scroll?: number;
  stage: 'edit' | 'review';
  baseSeq: number;
  /** Files to send with it (kept in the store, with the draft); none when absent. */
  attachments?: OutgoingAttachment[];
  /** Where q goes back to. */
  returnTo: Exclude<Screen, { name: 'compose' }>;
};

export type ConversationScreen = {
  name: 'conversation';
  id: string;
  /** First line shown. */
  scroll: number;
  showQuotes: boolean;
  showHistory: boolean;
  /** Conversations opened before this one from the history pane, to go back to. */
  back: string[];
  /** Set when the conversation is first shown: the message it opened at (the first unread, else the newest); those before it are one line each. */
  focus?: number;
  /** The message n/p are on. */
  current?: number;
  /** Messages before `focus` the owner opened (Enter). */
  expanded?: number[];
  /** The words `/` found last (marked on screen; an empty `/` finds them again). */
  find?: string;
};

export type Screen = ComposeScreen | ComposeLoading | { name: 'inbox' } | ConversationScreen;

/** The list: kept while other screens are shown (J/K walk it from a conversation). */
export type InboxState = {
  rows: Row[];
  /** The list has been loaded at least once. */
  loaded: boolean;
  cursor: number;
  /** First row shown. */
  top: number;
  marked: ReadonlySet<string>;
  view: ViewName;
  /** Saved searches of the config, as views after the built-in ones (keys 7–9, Tab). */
  savedViews: `@${string}`[];
  sort: SortOrder;
  filter: string;
  tagsInUse: string[];
};

export type PromptPurpose = 'filter' | 'tags' | 'snooze' | 'note' | 'customer-note' | 'snippet' | 'find' | 'open-attachment' | 'save-attachments' | 'pipe-attachment' | 'attach-file' | 'detach-file' | RecipientField | 'new-to' | 'new-subject' | 'subject' | 'forward-to' | 'language' | 'promise' | 'send-at';
/** The review's To, Cc and Bcc, each edited at its own prompt. */
export type RecipientField = 'to' | 'cc' | 'bcc';
/**
 * `cursor`: where typing goes, an index into `text` (line-editor.ts). `browsing`: while up/down walk
 * the history, the position in it and the text that was being typed before.
 */
export type Prompt = { purpose: PromptPurpose; label: string; text: string; cursor: number; targets: string[]; hint: string; browsing?: { index: number; typed: string } };

export type Page = { title: string; lines: { text: string; dim?: boolean; bold?: boolean; color?: string }[] };

/** A yes/no question: `effect` on yes; `no`, when given, on no (else no just cancels). */
/**
 * `help` is the key list, or (`page`) a text read with the same keys: an attached message (a
 * forwarded mail) opened with v. Lines are terminal-safe already and wrapped when drawn.
 */
export type Overlay = null | { kind: 'help'; scroll: number; page?: Page } | { kind: 'prompt'; prompt: Prompt } | { kind: 'confirm'; question: string; effect: Effect; no?: Effect };

export type Effect =
  /** `filter`: the owner's part of `query`, checked alone so errors point into what they typed; `revertFilter`: the filter to go back to when it is bad. */
  | { type: 'load-list'; query: string; filter: string; sort: SortOrder; revertFilter?: string }
  | { type: 'open'; id: string }
  /** Show the open conversation again as it is now (new mail in it), without marking it read. */
  | { type: 'refresh'; id: string }
  | { type: 'tag'; ids: string[]; add: string[]; remove: string[] }
  | { type: 'status'; ids: string[]; status: ConversationStatus; until?: string }
  /** %: the owner's figures of the last week, as a page; M: `address` another address of `person`. */
  | { type: 'show-stats' }
  | { type: 'merge-customer'; person: string; address: string }
  /** W: a promise due at `by` (ISO) with what was promised; `by` null resolves it. */
  | { type: 'promise'; ids: string[]; by: string | null; text: string }
  /** To the Junk folder, out of every view, the customer blocked. */
  | { type: 'spam'; ids: string[] }
  | { type: 'note'; id: string; text: string }
  | { type: 'customer-note'; email: string; text: string }
  | { type: 'read'; ids: string[]; read: boolean }
  | { type: 'undo' }
  /** Opens the composer on a conversation's draft (in $EDITOR when the owner has one). */
  | { type: 'compose'; id: string; returnTo: Exclude<Screen, { name: 'compose' }>; all?: boolean }
  /** m: recall the newest unsent new mail (asked first), or (`fresh`, or none kept) ask who new mail goes to. */
  | { type: 'new-mail'; returnTo: Exclude<Screen, { name: 'compose' }>; fresh?: boolean }
  /** New mail to the addresses typed, under the subject typed. */
  | { type: 'compose-new'; to: string; subject: string; returnTo: Exclude<Screen, { name: 'compose' }> }
  | { type: 'set-subject'; conversationId: string; subject: string }
  /** F: the next of the owner's addresses as From, the signature following it. */
  | { type: 'cycle-from'; conversationId: string }
  /** l: the greeting and sign-off in this language (a two-letter code), for this mail only. */
  | { type: 'set-language'; conversationId: string; language: string }
  /** f: the conversation's forward being written, or (none) who it goes to; `message`: #N, the one n/p are on. */
  | { type: 'forward-start'; id: string; message?: string; returnTo: Exclude<Screen, { name: 'compose' }> }
  | { type: 'compose-forward'; id: string; to: string; message?: string; returnTo: Exclude<Screen, { name: 'compose' }> }
  | { type: 'edit-external'; text: string }
  /** `announce`: say so when it is on disk (the owner asked for it; autosaves are quiet). */
  | { type: 'save-draft'; conversationId: string; text: string; baseSeq: number; announce?: boolean }
  | { type: 'discard-draft'; conversationId: string }
  /** `at`: send later (ISO), L in the review. */
  | { type: 'queue-reply'; conversationId: string; text: string; baseSeq: number; attachments: OutgoingAttachment[]; recipients: Recipients; at?: string }
  /** The owner's text for To, Cc or Bcc: parsed, checked, and the draft saved with it. */
  | { type: 'set-recipients'; conversationId: string; field: RecipientField; text: string }
  /** A file added to, or the `index`th (0-based) taken from, the reply being written; the draft saved with them. */
  | { type: 'attach-file'; conversationId: string; path: string }
  /** Tab at the attach prompt: the path completed from the file system (prompt-completed comes back). */
  | { type: 'complete-path'; text: string }
  | { type: 'detach-file'; conversationId: string; index: number }
  | { type: 'unqueue'; entryId: string }
  /** A reply that failed, was refused or may not have arrived: send it again now, or take it back as the draft. */
  | { type: 'retry-reply'; entryId: string }
  | { type: 'discard-reply'; entryId: string }
  | { type: 'insert-snippet'; name: string; conversationId: string }
  | { type: 'sync-now' }
  /** A received attachment (numbered across the conversation) to the owner's opener, into a folder (none: every one), or into a command. */
  | { type: 'open-attachment'; id: string; number: number }
  | { type: 'save-attachments'; id: string; numbers: number[]; folder: string }
  | { type: 'pipe-attachment'; id: string; number: number; command: string }
  | { type: 'quit' };

export type ConnectionState = 'local' | 'connecting' | 'syncing' | 'watching' | 'reconnecting' | 'offline';

export type SyncStatus = {
  connection: ConnectionState;
  /** Account or folder being watched, shown next to the state. */
  detail: string;
  lastSyncAt: number | null;
  outbox: number;
  error: string | null;
  /** Offline after an error: when the sync tries again by itself ($ tries now). */
  retryAt?: number | null;
};

/** A reply of the open conversation that did not go, as the conversation shows it. */
/** A reply of the open conversation that did not go, or (`scheduled`, with `sendAt`) waits to go later. */
export type ReplyTrouble = { entryId: string; status: 'failed' | 'rejected' | 'unknown' | 'scheduled'; queuedAt: string; error: string; sendAt?: string };

export type AppState = {
  screen: Screen;
  overlay: Overlay;
  inbox: InboxState;
  /** The keys in effect (the defaults, changed by the config's `keys`). */
  keymap: Keymap;
  /** Links in mail as OSC 8 hyperlinks (config `tui.hyperlinks`). */
  hyperlinks: boolean;
  detail: ConversationDetail | null;
  /** On a wide terminal, the conversation under the inbox's cursor, shown beside the list (null until read). */
  preview: ConversationDetail | null;
  /** The open conversation's replies that did not go (failed, refused, of unknown fate), newest last. */
  troubles: ReplyTrouble[];
  size: { columns: number; rows: number };
  now: number;
  sync: SyncStatus;
  /** One line for the owner: what just happened, or what went wrong. */
  message: { text: string; isError: boolean } | null;
  /** What was entered at each kind of prompt this session, oldest first (up/down bring it back). */
  promptHistory: Partial<Record<PromptPurpose, string[]>>;
  /** The owner's snippets (saved replies), for completion in the composer. */
  snippetNames: string[];
  /** The reply sent last, while it can still be taken back (U). */
  lastSent: { entryId: string; conversationId: string; until: number } | null;
  /** Effects asked for and not yet taken by the runner, in order. */
  effects: Effect[];
};

export function initialState(options: { columns: number; rows: number; now: number; hasAccount: boolean; savedSearches?: string[]; keymap?: Keymap; hyperlinks?: boolean }): AppState {
  const inbox: InboxState = {
    rows: [],
    loaded: false,
    cursor: 0,
    top: 0,
    marked: new Set(),
    view: 'open',
    savedViews: (options.savedSearches ?? []).map((name) => `@${name}` as const),
    sort: 'activity',
    filter: '',
    tagsInUse: [],
  };
  const state: AppState = {
    screen: { name: 'inbox' },
    overlay: null,
    inbox,
    keymap: options.keymap ?? defaultKeymap,
    hyperlinks: options.hyperlinks ?? false,
    detail: null,
    preview: null,
    troubles: [],
    size: { columns: options.columns, rows: options.rows },
    now: options.now,
    sync: { connection: options.hasAccount ? 'connecting' : 'local', detail: '', lastSyncAt: null, outbox: 0, error: null },
    message: null,
    lastSent: null,
    promptHistory: {},
    snippetNames: [],
    effects: [],
  };
  return { ...state, effects: [listEffect(inbox)] };
}

export function listEffect(state: Pick<InboxState, 'view' | 'filter' | 'sort'>): Extract<Effect, { type: 'load-list' }> {
  return { type: 'load-list', query: queryOf(state.view, state.filter), filter: state.filter, sort: state.sort };
}
