/**
 * Every key of the TUI, per screen, as data: the reducer looks keys up here and the `?` help is
 * generated from it, so the help can never miss a key. Keys follow mutt and aerc (j/k, g/G, Enter,
 * q, /, ?) where they have one; action names are `<scope>.<verb>`.
 */
import type { KeyName } from './key-events.js';

export type KeyContext = 'inbox' | 'conversation' | 'triage' | 'compose' | 'app';

export type KeyAction =
  | 'list.next'
  | 'list.previous'
  | 'list.first'
  | 'list.last'
  | 'list.page-down'
  | 'list.page-up'
  | 'list.open'
  | 'list.filter'
  | 'list.clear'
  | 'list.sort'
  | 'list.mark'
  | 'view.next'
  | 'view.previous'
  | 'view.open'
  | 'view.waiting'
  | 'view.snoozed'
  | 'view.closed'
  | 'view.all'
  | 'view.saved'
  | 'conversation.down'
  | 'conversation.up'
  | 'conversation.page-down'
  | 'conversation.page-up'
  | 'conversation.top'
  | 'conversation.bottom'
  | 'conversation.next'
  | 'conversation.previous'
  | 'conversation.quotes'
  | 'conversation.history'
  | 'conversation.open-earlier'
  | 'conversation.back'
  | 'reply.open'
  | 'compose.send'
  | 'compose.edit'
  | 'compose.quote'
  | 'compose.save'
  | 'compose.discard'
  | 'compose.review'
  | 'compose.snippet'
  | 'triage.tags'
  | 'triage.close'
  | 'triage.reopen'
  | 'triage.wait'
  | 'triage.snooze'
  | 'triage.note'
  | 'triage.customer-note'
  | 'triage.unread'
  | 'triage.undo'
  | 'app.help'
  | 'app.sync'
  | 'app.quit';

/** `group`: bindings with the same group share one line of the help ("g G  first / last"). */
export type Binding = { action: KeyAction; keys: KeyName[]; help: string; group?: string };

export const keymap: Record<KeyContext, Binding[]> = {
  inbox: [
    { action: 'list.next', keys: ['j', 'down'], help: 'next conversation' },
    { action: 'list.previous', keys: ['k', 'up'], help: 'previous conversation' },
    { action: 'list.first', keys: ['g', 'home'], help: 'first', group: 'first / last' },
    { action: 'list.last', keys: ['G', 'end'], help: 'last', group: 'first / last' },
    { action: 'list.page-down', keys: ['pagedown'], help: 'page down', group: 'page down / up' },
    { action: 'list.page-up', keys: ['pageup'], help: 'page up', group: 'page down / up' },
    { action: 'list.open', keys: ['return'], help: 'open' },
    { action: 'list.mark', keys: ['x', 'space'], help: 'mark for bulk triage' },
    { action: 'list.filter', keys: ['/'], help: 'filter with a query' },
    { action: 'list.clear', keys: ['escape'], help: 'clear marks / filter' },
    { action: 'list.sort', keys: ['S'], help: 'sort newest / waiting' },
    { action: 'view.next', keys: ['tab'], help: 'next view', group: 'next / previous view' },
    { action: 'view.previous', keys: ['shift-tab'], help: 'previous view', group: 'next / previous view' },
    { action: 'view.open', keys: ['1'], help: 'view: open', group: 'views (open … all)' },
    { action: 'view.waiting', keys: ['2'], help: 'view: waiting on the customer', group: 'views (open … all)' },
    { action: 'view.snoozed', keys: ['3'], help: 'view: snoozed', group: 'views (open … all)' },
    { action: 'view.closed', keys: ['4'], help: 'view: closed', group: 'views (open … all)' },
    { action: 'view.all', keys: ['5'], help: 'view: all', group: 'views (open … all)' },
    { action: 'view.saved', keys: ['6', '7', '8', '9'], help: 'saved searches' },
    { action: 'app.quit', keys: ['q'], help: 'quit' },
  ],
  conversation: [
    { action: 'conversation.down', keys: ['j', 'down'], help: 'scroll down', group: 'scroll down / up' },
    { action: 'conversation.up', keys: ['k', 'up'], help: 'scroll up', group: 'scroll down / up' },
    { action: 'conversation.page-down', keys: ['space', 'pagedown'], help: 'page down' },
    { action: 'conversation.page-up', keys: ['b', 'pageup'], help: 'page up' },
    { action: 'conversation.top', keys: ['g', 'home'], help: 'top', group: 'top / bottom' },
    { action: 'conversation.bottom', keys: ['G', 'end'], help: 'bottom', group: 'top / bottom' },
    { action: 'conversation.next', keys: ['J'], help: 'next in the list', group: 'next / prev in list' },
    { action: 'conversation.previous', keys: ['K'], help: 'previous in the list', group: 'next / prev in list' },
    { action: 'conversation.quotes', keys: ['T'], help: 'show / fold quotes' },
    { action: 'conversation.history', keys: ['H'], help: "customer's history" },
    { action: 'conversation.open-earlier', keys: ['1', '2', '3', '4', '5', '6', '7', '8', '9'], help: 'open from history' },
    { action: 'conversation.back', keys: ['q', 'escape'], help: 'back' },
  ],
  triage: [
    { action: 'reply.open', keys: ['r'], help: 'reply' },
    { action: 'triage.tags', keys: ['t'], help: 'tags +add -remove' },
    { action: 'triage.close', keys: ['c'], help: 'close' },
    { action: 'triage.reopen', keys: ['o'], help: 'reopen' },
    { action: 'triage.wait', keys: ['w'], help: 'waiting on customer' },
    { action: 'triage.snooze', keys: ['s'], help: 'snooze: tomorrow, 3d…' },
    { action: 'triage.note', keys: ['n'], help: 'note on conversation' },
    { action: 'triage.customer-note', keys: ['N'], help: 'note about customer' },
    { action: 'triage.unread', keys: ['u'], help: 'unread / read' },
    { action: 'triage.undo', keys: ['U'], help: 'undo send / triage' },
  ],
  compose: [
    { action: 'compose.review', keys: ['escape'], help: 'end editing: review' },
    { action: 'compose.snippet', keys: ['ctrl-t'], help: 'editing: snippet' },
    { action: 'compose.send', keys: ['y'], help: 'send (U: take back)' },
    { action: 'compose.edit', keys: ['e'], help: 'edit ($EDITOR if set)' },
    { action: 'compose.quote', keys: ['Q'], help: 'add / drop the quote' },
    { action: 'compose.save', keys: ['s', 'q'], help: 'save draft, back' },
    { action: 'compose.discard', keys: ['d'], help: 'discard' },
  ],
  app: [
    { action: 'app.help', keys: ['?'], help: 'this help' },
    { action: 'app.sync', keys: ['$'], help: 'sync now' },
    { action: 'app.quit', keys: ['ctrl-c'], help: 'quit (anywhere)' },
  ],
};

/** The contexts whose keys work on a screen, in the order they are looked up (and shown in the help). */
export function contextsOf(screen: 'inbox' | 'conversation' | 'compose'): KeyContext[] {
  return screen === 'compose' ? ['compose', 'app'] : [screen, 'triage', 'app'];
}

/** The action a key means on a screen: the screen's own keys first, then triage, then app-wide ones. */
export function actionFor(screen: 'inbox' | 'conversation' | 'compose', key: KeyName): KeyAction | undefined {
  for (const context of contextsOf(screen)) {
    const binding = keymap[context].find((b) => b.keys.includes(key));
    if (binding) return binding.action;
  }
  return undefined;
}

const keyLabels: Record<string, string> = { return: 'Enter', escape: 'Esc', space: 'Space', tab: 'Tab', 'shift-tab': 'S-Tab', pagedown: 'PgDn', pageup: 'PgUp', home: 'Home', end: 'End', up: '↑', down: '↓', left: '←', right: '→' };

/** How a key is written in the help: "j", "Enter", "C-d". */
export function keyLabel(key: KeyName): string {
  if (keyLabels[key]) return keyLabels[key];
  if (key.startsWith('ctrl-')) return `C-${key.slice(5)}`;
  return key;
}

/**
 * The help, generated from the keymap: per section, "keys — what they do" lines (grouped bindings
 * share one). Like mutt's, it shows the keys of the screen it is asked on (all of them by default).
 */
export function helpSections(contexts: KeyContext[] = Object.keys(keymap) as KeyContext[]): { title: string; lines: { keys: string; help: string }[] }[] {
  const titles: Record<KeyContext, string> = { inbox: 'Inbox', conversation: 'Conversation', triage: 'Triage (list: cursor or marked)', compose: 'Reply (review; while editing, keys type)', app: 'Anywhere' };
  return contexts.map((context) => {
    const lines: { keys: string; help: string; group?: string }[] = [];
    for (const b of keymap[context]) {
      const keys = b.keys.every((k) => /^\d$/.test(k)) && b.keys.length > 1 ? `${b.keys[0]}-${b.keys.at(-1)}` : b.keys.map(keyLabel).join(' ');
      const last = lines.at(-1);
      if (b.group && last?.group === b.group) {
        // Digits in a row read as a range ("1-5"), other keys as alternatives ("g Home / G End").
        last.keys = /^\d/.test(last.keys) && /^\d$/.test(keys) ? `${last.keys[0]}-${keys}` : `${last.keys} / ${keys}`;
      } else lines.push({ keys, help: b.group ?? b.help, group: b.group });
    }
    return { title: titles[context], lines: lines.map(({ keys, help }) => ({ keys, help })) };
  });
}
