/**
 * The one-line prompts over a screen (filter, tags, snooze, notes, snippet): a line editor
 * (line-editor.ts), Tab completion, a hint under it, and what Enter does with the text.
 */
import { parseTimeSpec } from '../../core/domain/time-spec.js';
import { parseQuery } from '../../core/domain/query/parse-query.js';
import { QueryError } from '../../core/errors.js';
import { displayWidth } from '../../cli/output/terminal-width.js';
import { safeLine } from '../../cli/output/terminal-text.js';
import { listEffect, type AppState, type Command, type Prompt, type PromptPurpose } from './app-state.js';
import { applyEdit, insertText, type EditAction } from './line-editor.js';
import { act, say, setInbox, withEffects } from './reducer-kit.js';
import { findInThread } from './thread-search.js';
import { attachmentEffect, attachmentHint, attachmentLabels } from './attachment-prompts.js';
import { forwardDraftKey } from '../../core/domain/draft-keys.js';
import { sendFromReview } from './compose-send.js';

const snoozeChoices = ['tomorrow 9:00', 'next week 9:00', 'monday 9:00', '3d', '1w', '2w'];

export function openPrompt(state: AppState, purpose: PromptPurpose, targets: string[], text: string): AppState {
  const many = targets.length > 1 ? ` (${targets.length} marked)` : '';
  const labels: Record<PromptPurpose, string> = {
    filter: 'filter: ',
    tags: `tags${many} +add -remove: `,
    snooze: `snooze${many} until: `,
    note: 'note: ',
    'customer-note': `note about ${targets[0]}: `,
    snippet: 'insert snippet: ',
    find: 'find in this conversation: ',
    ...attachmentLabels,
    'attach-file': 'attach file: ',
    'detach-file': 'remove attachment: ',
    to: 'To: ',
    cc: 'Cc: ',
    bcc: 'Bcc: ',
    'new-to': 'new mail to: ',
    'forward-to': 'forward to: ',
    'new-subject': 'subject: ',
    subject: 'Subject: ',
    language: 'greet in language: ',
    promise: `promise${many} by (when, what): `,
    'send-at': 'send at: ',
  };
  const prompt: Prompt = { purpose, label: labels[purpose], text, cursor: text.length, targets, hint: '' };
  return { ...state, overlay: { kind: 'prompt', prompt: { ...prompt, hint: promptHint(state, prompt) } } };
}

export function promptReducer(state: AppState, prompt: Prompt, command: Command): AppState {
  const update = (next: { text: string; cursor: number }) => {
    // Editing a text brought back from the history makes it the owner's own: up/down start over.
    const changed: Prompt = { ...prompt, ...next, browsing: undefined };
    return { ...state, overlay: { kind: 'prompt' as const, prompt: { ...changed, hint: promptHint(state, changed) } } };
  };
  switch (command.action) {
    case 'type':
      // A prompt is one line: pasted line breaks become spaces.
      return update(insertText(prompt, command.text.replace(/[\r\n]+/g, ' ')));
    case 'prompt.cancel':
      return { ...state, overlay: null };
    case 'prompt.submit': {
      const refused = refusal(state, prompt);
      if (refused) return refused;
      return submitPrompt(remember({ ...state, overlay: null }, prompt), prompt);
    }
    case 'prompt.history-back':
    case 'prompt.history-forward':
      return browse(state, prompt, command.action === 'prompt.history-back' ? -1 : 1);
    case 'prompt.complete': {
      if (prompt.purpose === 'attach-file') return withEffects(state, { type: 'complete-path', text: prompt.text });
      const text = complete(state, prompt);
      return update({ text, cursor: text.length });
    }
    default:
      return command.action.startsWith('edit.') ? update(applyEdit(prompt, command.action as EditAction)) : state;
  }
}

const historyLimit = 50;

/** The text entered, kept at the end of its prompt's history (once: an older equal entry moves). */
function remember(state: AppState, prompt: Prompt): AppState {
  const text = prompt.text.trim();
  if (!text) return state;
  const before = (state.promptHistory[prompt.purpose] ?? []).filter((t) => t !== text);
  return { ...state, promptHistory: { ...state.promptHistory, [prompt.purpose]: [...before, text].slice(-historyLimit) } };
}

/** Up (-1) and down (+1) through what was entered at this kind of prompt; down past the newest brings back what was being typed. */
function browse(state: AppState, prompt: Prompt, step: -1 | 1): AppState {
  const history = state.promptHistory[prompt.purpose] ?? [];
  const at = prompt.browsing?.index ?? history.length;
  const index = Math.max(0, Math.min(history.length, at + step));
  if (index === at) return state;
  const typed = prompt.browsing?.typed ?? prompt.text;
  const text = index === history.length ? typed : history[index];
  const next: Prompt = { ...prompt, text, cursor: text.length, browsing: index === history.length ? undefined : { index, typed } };
  return { ...state, overlay: { kind: 'prompt', prompt: { ...next, hint: promptHint(state, next) } } };
}

/**
 * A filter the query language cannot read stays in its prompt, as typed, with the cursor on the bad
 * token and a caret under it; the list is left as it was. Saved searches are checked by name here
 * (their own text by the list, where a bad one is reported as before).
 */
function refusal(state: AppState, prompt: Prompt): AppState | null {
  if (prompt.purpose === 'open-attachment' || prompt.purpose === 'save-attachments' || prompt.purpose === 'pipe-attachment') {
    // Stays open, as typed, saying what is missing or wrong.
    const effect = attachmentEffect(state, prompt);
    return 'refused' in effect ? say({ ...state, overlay: { kind: 'prompt', prompt: { ...prompt, browsing: undefined, hint: effect.refused } } }, effect.refused, true) : null;
  }
  if (prompt.purpose === 'language' && !/^[a-z]{2}$/i.test(prompt.text.trim())) {
    const problem = `not a language code: ${safeLine(prompt.text.trim()) || '(nothing)'} (two letters: fi, sv, de, ja…)`;
    return say({ ...state, overlay: { kind: 'prompt', prompt: { ...prompt, browsing: undefined, hint: problem } } }, problem, true);
  }
  if (prompt.purpose !== 'filter') return null;
  const lead = prompt.text.length - prompt.text.trimStart().length;
  const searches = Object.fromEntries(state.inbox.savedViews.map((v) => [v.slice(1), '']));
  try {
    parseQuery(prompt.text.trim(), { now: state.now, searches });
    return null;
  } catch (error) {
    if (!(error instanceof QueryError)) throw error;
    const cursor = Math.min(prompt.text.length, lead + Math.max(0, error.column - 1));
    // The status line under the prompt: the caret, and what is wrong there.
    const problem = error.message.replace(/^bad query at column \d+: /, '');
    const caret = `${' '.repeat(displayWidth(prompt.label) + displayWidth(prompt.text.slice(0, cursor)))}^ ${problem}`;
    const refused: Prompt = { ...prompt, cursor, browsing: undefined, hint: caret };
    return say({ ...state, overlay: { kind: 'prompt', prompt: refused } }, error.message, true);
  }
}

function promptHint(state: AppState, prompt: Prompt): string {
  switch (prompt.purpose) {
    case 'filter':
      return 'tag:refund from:anna status:open is:unread after:3d "words" @saved · Enter applies, Esc cancels';
    case 'tags': {
      const current = prompt.targets.length === 1 ? (state.inbox.rows.find((r) => r.id === prompt.targets[0])?.tags ?? state.detail?.conversation.tags ?? []) : [];
      const word = lastWord(prompt.text).replace(/^[+-]/, '');
      const matches = state.inbox.tagsInUse.filter((t) => t.startsWith(word)).slice(0, 8);
      return `${current.length ? `now: ${current.map((t) => `+${t}`).join(' ')} · ` : ''}Tab: ${matches.join(' ') || 'no tag matches'}`;
    }
    case 'snooze':
      return `Tab: ${snoozeChoices.join(' · ')} · or a date (2026-12-24 9:00)`;
    case 'find': {
      const last = state.screen.name === 'conversation' ? state.screen.find : undefined;
      return `Enter finds${last ? ` (empty: "${last}" again)` : ''}, Esc cancels; case does not matter`;
    }
    case 'snippet': {
      const matches = state.snippetNames.filter((n) => n.startsWith(prompt.text));
      return state.snippetNames.length === 0 ? 'no snippets yet: text files in the config folder, snippets/<name>.txt' : `Tab: ${matches.join(' ') || 'no snippet matches'}`;
    }
    case 'open-attachment':
    case 'save-attachments':
    case 'pipe-attachment':
      return attachmentHint(state, prompt);
    case 'attach-file':
      return 'a file (~ is your home; Tab completes) · Enter attaches it, Esc cancels';
    case 'detach-file':
      return `which one? 1–${composeAttachmentCount(state)} · Enter removes it, Esc cancels`;
    case 'new-to':
      return 'addresses, comma between: Anna <anna@example.fi> · Enter, then the subject';
    case 'new-subject':
    case 'subject':
      return 'Enter writes the mail, Esc cancels';
    case 'send-at':
      return 'friday 9:00, 2h, 2026-12-24 9:00 · not sent if the customer writes first';
    case 'promise':
      return 'friday 9:00, check with the courier · 3d · done resolves it · it comes back open and first';
    case 'language':
      return 'a two-letter code: en fi sv nl de fr es it ja ko zh… · Enter rewrites the greeting and sign-off';
    case 'forward-to':
      return `the courier or supplier: claims@courier.example${prompt.targets[1] ? ` · forwards message ${prompt.targets[1]}` : " · the customer's newest message"}`;
    case 'to':
    case 'cc':
    case 'bcc':
      return `addresses, comma between: Anna <anna@example.fi>, ben@example.com${prompt.purpose === 'bcc' ? ' · nobody sees Bcc' : ''}`;
    default:
      return 'Enter saves, Esc cancels';
  }
}

const lastWord = (text: string) => text.slice(text.lastIndexOf(' ') + 1);

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
  const match = state.inbox.tagsInUse.find((t) => t.startsWith(stem) && t !== stem);
  return match ? `${prompt.text.slice(0, prompt.text.length - word.length)}${sign}${match} ` : prompt.text;
}

function submitPrompt(state: AppState, prompt: Prompt): AppState {
  const text = prompt.text.trim();
  switch (prompt.purpose) {
    case 'filter': {
      const next = setInbox(state, { filter: text, cursor: 0, top: 0, marked: new Set<string>() });
      return withEffects(next, { ...listEffect(next.inbox), revertFilter: state.inbox.filter });
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
      if (until === undefined || until <= state.now) return say(state, `"${text}" is not a time in the future (try tomorrow 9:00, 3d, 2026-12-24)`, true);
      return act(state, { type: 'status', ids: prompt.targets, status: 'snoozed', until: new Date(until).toISOString() }, 'Snooze');
    }
    case 'send-at': {
      const at = parseTimeSpec(text, state.now, 'future');
      if (at === undefined || at <= state.now) return say(state, `"${text}" is not a time in the future (try friday 9:00, 2h, 2026-12-24 9:00)`, true);
      return state.screen.name === 'compose' && state.screen.stage !== 'loading' ? sendFromReview(state, state.screen, at) : state;
    }
    case 'promise': {
      if (text === 'done' || text === '-') return act(state, { type: 'promise', ids: prompt.targets, by: null, text: '' }, 'Resolve the promise on');
      const [when, ...what] = text.split(',');
      const by = parseTimeSpec(when, state.now, 'future');
      if (by === undefined || by <= state.now) return say(state, `"${when.trim()}" is not a time in the future (try friday 9:00, 3d, 2026-12-24)`, true);
      return act(state, { type: 'promise', ids: prompt.targets, by: new Date(by).toISOString(), text: what.join(',').trim() }, 'Promise on');
    }
    case 'note':
      return text ? withEffects(state, { type: 'note', id: prompt.targets[0], text }) : state;
    case 'customer-note':
      return text ? withEffects(state, { type: 'customer-note', email: prompt.targets[0], text }) : state;
    case 'snippet':
      return text ? withEffects(state, { type: 'insert-snippet', name: text, conversationId: prompt.targets[0] }) : state;
    case 'find':
      return findInThread(state, text);
    case 'open-attachment':
    case 'save-attachments':
    case 'pipe-attachment': {
      // refusal() has kept a prompt that asks for nothing possible open.
      const effect = attachmentEffect(state, prompt);
      return 'refused' in effect ? state : withEffects(state, effect);
    }
    case 'attach-file':
      return text ? withEffects(state, { type: 'attach-file', conversationId: prompt.targets[0], path: text }) : state;
    case 'new-to':
      return text ? openPrompt(state, 'new-subject', [text], '') : state;
    case 'new-subject': {
      if (!text) return say(openPrompt(state, 'new-subject', prompt.targets, ''), 'new mail needs a subject', true);
      const returnTo = state.screen.name === 'compose' ? ({ name: 'inbox' } as const) : state.screen;
      const loading = { name: 'compose' as const, stage: 'loading' as const, kind: 'new' as const, conversationId: '', pending: [], returnTo };
      return withEffects(say({ ...state, screen: loading }, 'opening new mail…'), { type: 'compose-new', to: prompt.targets[0], subject: text, returnTo });
    }
    case 'subject':
      return text ? withEffects(state, { type: 'set-subject', conversationId: prompt.targets[0], subject: text }) : state;
    case 'language':
      return withEffects(state, { type: 'set-language', conversationId: prompt.targets[0], language: text.toLowerCase() });
    case 'forward-to': {
      if (!text) return state;
      const [id, message] = prompt.targets;
      const returnTo = state.screen.name === 'compose' ? ({ name: 'inbox' } as const) : state.screen;
      const loading = { name: 'compose' as const, stage: 'loading' as const, kind: 'forward' as const, conversationId: forwardDraftKey(id), pending: [], returnTo };
      return withEffects(say({ ...state, screen: loading }, 'opening the forward…'), { type: 'compose-forward', id, to: text, ...(message ? { message } : {}), returnTo });
    }
    case 'to':
    case 'cc':
    case 'bcc':
      // Empty is a choice too (no Cc); the service refuses an empty To with a reason.
      return withEffects(state, { type: 'set-recipients', conversationId: prompt.targets[0], field: prompt.purpose, text });
    case 'detach-file': {
      const count = composeAttachmentCount(state);
      const n = Number(text);
      if (!Number.isInteger(n) || n < 1 || n > count) return say(state, `no attachment ${text || '(none given)'}: 1–${count}`, true);
      return withEffects(state, { type: 'detach-file', conversationId: prompt.targets[0], index: n - 1 });
    }
  }
}

function composeAttachmentCount(state: AppState): number {
  return state.screen.name === 'compose' && state.screen.stage !== 'loading' ? (state.screen.attachments?.length ?? 0) : 0;
}
