/** The keymap's vocabulary: contexts, modes, action names and bindings (keymap.ts reads them, keymap-defaults.ts fills them). */
import type { KeyName } from './key-events.js';

/**
 * Where keys are looked up. A mode (what the owner is looking at) reads several contexts in order:
 * `global` first (C-c quits anywhere), then its own, then those it shares (see `chainOf`).
 */
export type KeyContext = 'global' | 'app' | 'inbox' | 'conversation' | 'triage' | 'review' | 'editor' | 'prompt' | 'confirm' | 'help';
export const keyContexts: KeyContext[] = ['global', 'app', 'inbox', 'conversation', 'triage', 'review', 'editor', 'prompt', 'confirm', 'help'];

/** What has the keyboard: a screen, or an overlay over it. */
export type KeyMode = 'inbox' | 'conversation' | 'review' | 'editor' | 'prompt' | 'confirm' | 'help';

export const keyActions = [
  'app.quit', 'app.help', 'app.sync',
  'list.next', 'list.previous', 'list.first', 'list.last', 'list.page-down', 'list.page-up', 'list.open', 'list.mark', 'list.filter', 'list.clear', 'list.sort',
  'view.next', 'view.previous', 'view.select',
  'conversation.down', 'conversation.up', 'conversation.page-down', 'conversation.page-up', 'conversation.top', 'conversation.bottom',
  'conversation.next', 'conversation.previous', 'conversation.next-message', 'conversation.previous-message', 'conversation.expand', 'conversation.quotes', 'conversation.history', 'conversation.open-earlier', 'conversation.back',
  'conversation.retry-reply', 'conversation.discard-reply', 'conversation.find', 'conversation.merge-customer', 'list.stats',
  'conversation.open-attachment', 'conversation.save-attachments', 'conversation.pipe-attachment',
  'reply.open', 'reply.open-all', 'compose.new', 'forward.open',
  'triage.tags', 'triage.close', 'triage.reopen', 'triage.wait', 'triage.snooze', 'triage.promise', 'triage.note', 'triage.customer-note', 'triage.unread', 'triage.undo', 'triage.spam',
  'review.down', 'review.up', 'review.page-down', 'review.page-up', 'review.top', 'review.bottom',
  'compose.send', 'compose.edit', 'compose.quote', 'compose.save', 'compose.discard', 'compose.review', 'compose.snippet', 'compose.attach', 'compose.detach', 'compose.to', 'compose.cc', 'compose.bcc', 'compose.subject', 'compose.from', 'compose.language', 'compose.send-later',
  'edit.newline', 'edit.indent', 'edit.backspace', 'edit.delete', 'edit.left', 'edit.right', 'edit.up', 'edit.down',
  'edit.word-left', 'edit.word-right', 'edit.line-start', 'edit.line-end', 'edit.delete-word', 'edit.kill-line', 'edit.clear',
  'prompt.submit', 'prompt.cancel', 'prompt.complete', 'prompt.history-back', 'prompt.history-forward',
  'confirm.yes', 'confirm.no',
  'help.down', 'help.up', 'help.close',
] as const;
export type KeyAction = (typeof keyActions)[number];

/** Actions that take a number (1-based, as the owner writes it: `view.select 3`), and its range. */
export const indexedActions: Partial<Record<KeyAction, number>> = { 'view.select': 9, 'conversation.open-earlier': 9 };

/** `group`: bindings with the same group share one line of the help ("g G  first / last"). */
export type Binding = { action: KeyAction; index?: number; keys: KeyName[]; help: string; group?: string };
export type Keymap = Record<KeyContext, Binding[]>;

