/**
 * The TUI's keys as shipped, per context. Keys follow mutt and aerc (j/k, g/G, Enter, q, /, ?) and
 * readline in text (C-a/C-e, M-b/M-f, C-w, C-k) where they have one. The owner's `keys` section in
 * the config changes these (keymap-config.ts); everything else reads the result through keymap.ts.
 */
import type { Binding, KeyContext } from './keymap-types.js';

/** `view.select 1` … `view.select 9` (the built-in views, then saved searches). */
const viewKeys: Binding[] = Array.from({ length: 9 }, (_, i) => ({
  action: 'view.select' as const,
  index: i + 1,
  keys: [String(i + 1)],
  help: i < 6 ? ['view: open', 'view: waiting on the customer', 'view: snoozed', 'view: closed', 'view: all', 'view: other (machine mail)'][i] : `saved search ${i - 5}`,
  group: i < 6 ? 'views (open … other)' : 'saved searches',
}));

/** `conversation.open-earlier 1` … `9`: the customer's other conversations, as numbered in the history pane. */
const earlierKeys: Binding[] = Array.from({ length: 9 }, (_, i) => ({
  action: 'conversation.open-earlier' as const,
  index: i + 1,
  keys: [String(i + 1)],
  help: `open earlier conversation ${i + 1}`,
  group: 'open from history',
}));

/** Editing keys the composer and the prompts share (readline's), as fresh objects for each context. */
function lineEditing(): Binding[] {
  return [
    { action: 'edit.backspace', keys: ['backspace', 'ctrl-h'], help: 'delete before the cursor' },
    { action: 'edit.delete', keys: ['ctrl-d'], help: 'delete under the cursor' },
    { action: 'edit.word-left', keys: ['alt-b'], help: 'word left', group: 'word left / right' },
    { action: 'edit.word-right', keys: ['alt-f'], help: 'word right', group: 'word left / right' },
    { action: 'edit.line-start', keys: ['home', 'ctrl-a'], help: 'line start', group: 'line start / end' },
    { action: 'edit.line-end', keys: ['end', 'ctrl-e'], help: 'line end', group: 'line start / end' },
    { action: 'edit.delete-word', keys: ['ctrl-w'], help: 'delete the word before' },
  ];
}

export const defaultKeymap: Record<KeyContext, Binding[]> = {
  global: [{ action: 'app.quit', keys: ['ctrl-c'], help: 'quit (anywhere)' }],
  app: [
    { action: 'app.help', keys: ['?'], help: 'this help' },
    { action: 'app.sync', keys: ['$'], help: 'sync now' },
  ],
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
    // % for "how am I doing": the owner's own figures of the week (h2h stats).
    { action: 'list.stats', keys: ['%'], help: 'your week in figures' },
    { action: 'view.next', keys: ['tab'], help: 'next view', group: 'next / previous view' },
    { action: 'view.previous', keys: ['shift-tab'], help: 'previous view', group: 'next / previous view' },
    ...viewKeys,
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
    { action: 'conversation.next-message', keys: ['n'], help: 'next message', group: 'next / prev message' },
    { action: 'conversation.previous-message', keys: ['p'], help: 'previous message', group: 'next / prev message' },
    { action: 'conversation.expand', keys: ['return'], help: 'open / fold message' },
    { action: 'conversation.quotes', keys: ['T'], help: 'show / fold quotes' },
    { action: 'conversation.history', keys: ['H'], help: "customer's history" },
    { action: 'conversation.find', keys: ['/'], help: 'find (again: / Enter)' },
    // v views an attachment as in mutt; E exports them to a folder (s is snooze, W a promise); | pipes one, as in mutt and aerc.
    { action: 'conversation.open-attachment', keys: ['v'], help: 'open an attachment' },
    { action: 'conversation.save-attachments', keys: ['E'], help: 'save attachments' },
    { action: 'conversation.pipe-attachment', keys: ['|'], help: 'pipe attachment' },
    ...earlierKeys,
    { action: 'conversation.back', keys: ['q', 'escape'], help: 'back' },
    // Only when a reply of this conversation did not go (it is shown at the end of the thread).
    { action: 'conversation.retry-reply', keys: ['S'], help: 'send a failed reply again', group: 'reply not sent: again / draft' },
    { action: 'conversation.discard-reply', keys: ['D'], help: 'failed reply to draft', group: 'reply not sent: again / draft' },
    // Only when another address wrote in the thread (said above the messages): M merges, as one person.
    { action: 'conversation.merge-customer', keys: ['M'], help: 'merge the new address' },
  ],
  triage: [
    { action: 'reply.open', keys: ['r'], help: 'reply' },
    // R as in mutt's group-reply and aerc's reply -a.
    { action: 'reply.open-all', keys: ['R'], help: 'reply to all' },
    // m as in mutt and aerc (mail); needs no conversation, but lives with r and R.
    { action: 'compose.new', keys: ['m'], help: 'new mail' },
    // f as in mutt and aerc: the message n/p are on, else the customer's newest.
    { action: 'forward.open', keys: ['f'], help: 'forward (to a supplier)' },
    { action: 'triage.tags', keys: ['t'], help: 'tags +add -remove' },
    { action: 'triage.close', keys: ['c'], help: 'close' },
    { action: 'triage.reopen', keys: ['o'], help: 'reopen' },
    { action: 'triage.wait', keys: ['w'], help: 'waiting on customer' },
    { action: 'triage.snooze', keys: ['s'], help: 'snooze: tomorrow, 3d…', group: 'snooze / promise by' },
    // W for "will do by": the conversation comes back open and first on the day, until resolved.
    { action: 'triage.promise', keys: ['W'], help: 'promise: back by then', group: 'snooze / promise by' },
    // a for annotate: n and p move between messages in a conversation (as in mutt's pager).
    { action: 'triage.note', keys: ['a'], help: 'note on conversation' },
    { action: 'triage.customer-note', keys: ['N'], help: 'note about customer' },
    { action: 'triage.unread', keys: ['u'], help: 'unread / read' },
    { action: 'triage.undo', keys: ['U'], help: 'undo send / triage' },
    // ! as in aerc's and Thunderbird's junk key (J there): asks first, as it blocks the sender.
    { action: 'triage.spam', keys: ['!'], help: 'spam: to Junk, block sender' },
  ],
  review: [
    { action: 'compose.send', keys: ['y'], help: 'send (U: take back)' },
    { action: 'compose.send-later', keys: ['L'], help: 'send later, at a time' },
    { action: 'compose.edit', keys: ['e'], help: 'edit ($EDITOR if set)' },
    { action: 'compose.quote', keys: ['Q'], help: 'add / drop the quote' },
    { action: 'compose.save', keys: ['s', 'q'], help: 'save draft, back' },
    { action: 'compose.discard', keys: ['d'], help: 'discard' },
    { action: 'compose.attach', keys: ['a'], help: 'attach a file' },
    { action: 'compose.detach', keys: ['D'], help: 'remove an attachment' },
    { action: 'compose.to', keys: ['t'], help: 'edit To' },
    { action: 'compose.cc', keys: ['c'], help: 'edit Cc' },
    { action: 'compose.bcc', keys: ['B'], help: 'edit Bcc' },
    { action: 'compose.subject', keys: ['S'], help: 'edit the subject (new mail)' },
    { action: 'compose.from', keys: ['F'], help: 'next From: your addresses' },
    // l for language: the greeting and sign-off in another (L is kept for send later).
    { action: 'compose.language', keys: ['l'], help: 'greet in another language' },
    { action: 'review.down', keys: ['j', 'down'], help: 'scroll down', group: 'scroll down / up' },
    { action: 'review.up', keys: ['k', 'up'], help: 'scroll up', group: 'scroll down / up' },
    { action: 'review.page-down', keys: ['space', 'pagedown'], help: 'page down', group: 'page down / up' },
    { action: 'review.page-up', keys: ['b', 'pageup'], help: 'page up', group: 'page down / up' },
    { action: 'review.top', keys: ['g', 'home'], help: 'top', group: 'top / bottom' },
    { action: 'review.bottom', keys: ['G', 'end'], help: 'bottom', group: 'top / bottom' },
  ],
  editor: [
    { action: 'compose.review', keys: ['escape'], help: 'done: review the reply' },
    { action: 'compose.snippet', keys: ['ctrl-t'], help: 'insert a snippet' },
    { action: 'edit.newline', keys: ['return'], help: 'new line' },
    { action: 'edit.indent', keys: ['tab'], help: 'indent (4 spaces)' },
    { action: 'edit.left', keys: ['left'], help: 'left', group: 'character left / right' },
    { action: 'edit.right', keys: ['right'], help: 'right', group: 'character left / right' },
    { action: 'edit.up', keys: ['up', 'ctrl-p'], help: 'up', group: 'line up / down' },
    { action: 'edit.down', keys: ['down', 'ctrl-n'], help: 'down', group: 'line up / down' },
    ...lineEditing(),
    { action: 'edit.kill-line', keys: ['ctrl-k'], help: 'delete to the line end' },
  ],
  prompt: [
    { action: 'prompt.submit', keys: ['return'], help: 'apply' },
    { action: 'prompt.cancel', keys: ['escape'], help: 'cancel' },
    { action: 'prompt.complete', keys: ['tab'], help: 'complete' },
    { action: 'prompt.history-back', keys: ['up', 'ctrl-p'], help: 'earlier', group: 'history: earlier / later' },
    { action: 'prompt.history-forward', keys: ['down', 'ctrl-n'], help: 'later', group: 'history: earlier / later' },
    // One line: C-b / C-f move as in readline (in the editor they would be page keys elsewhere).
    { action: 'edit.left', keys: ['left', 'ctrl-b'], help: 'left', group: 'character left / right' },
    { action: 'edit.right', keys: ['right', 'ctrl-f'], help: 'right', group: 'character left / right' },
    ...lineEditing(),
    { action: 'edit.clear', keys: ['ctrl-u'], help: 'clear' },
  ],
  confirm: [
    { action: 'confirm.yes', keys: ['y', 'Y'], help: 'yes' },
    { action: 'confirm.no', keys: ['n', 'N', 'escape', 'q'], help: 'no' },
  ],
  help: [
    { action: 'help.down', keys: ['j', 'down', 'space'], help: 'scroll down', group: 'scroll down / up' },
    { action: 'help.up', keys: ['k', 'up', 'b'], help: 'scroll up', group: 'scroll down / up' },
    { action: 'help.close', keys: ['?', 'q', 'escape', 'return'], help: 'close the help' },
  ],
};
