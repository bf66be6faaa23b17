/**
 * The composer: `edit` is the built-in editor (line-editor.ts; keys not bound there type), `review`
 * shows the reply as it will go, with send, edit, quote, save and discard.
 */
import type { AppState, Command, ComposeScreen, RecipientField } from './app-state.js';
import type { Recipients } from '../../core/domain/recipients.js';
import { addressListInput } from '../../core/domain/address.js';
import { applyEdit, insertText, type EditAction } from './line-editor.js';
import { composeLines } from './compose-lines.js';
import { bodyHeight } from './layout.js';
import { openPrompt } from './prompt-reducer.js';
import { say, withEffects } from './reducer-kit.js';
import { noun, recipientsOf, sendFromReview } from './compose-send.js';

/** Where the owner's words go in a fresh composer: after the greeting, at the end of what is there (before the signature). */
export function initialCursor(text: string): number {
  const firstBreak = text.indexOf('\n\n');
  const beforeSignature = text.lastIndexOf('\n\n');
  return firstBreak < 0 ? text.length : beforeSignature > firstBreak ? beforeSignature : firstBreak + 2;
}

export function editorReducer(state: AppState, screen: ComposeScreen, command: Command): AppState {
  const set = (change: Partial<ComposeScreen>) => ({ ...state, message: null, screen: { ...screen, ...change } });
  switch (command.action) {
    case 'type':
      return set(insertText(screen, command.text));
    case 'compose.review':
      return set({ stage: 'review' });
    case 'compose.snippet':
      return openPrompt(state, 'snippet', [screen.conversationId], '');
    default: {
      if (!command.action.startsWith('edit.')) return state;
      const edited = applyEdit(screen, command.action as EditAction);
      return edited.text === screen.text && edited.cursor === screen.cursor ? state : set(edited);
    }
  }
}

export function reviewReducer(state: AppState, screen: ComposeScreen, command: Command): AppState {
  const set = (change: Partial<ComposeScreen>) => ({ ...state, message: null, screen: { ...screen, ...change } });
  const page = bodyHeight(state.size);
  const scrollTo = (to: number) => {
    const total = composeLines(screen, Math.max(20, state.size.columns - 1)).lines.length;
    return set({ scroll: Math.max(0, Math.min(to, total - page)) });
  };
  const scroll = screen.scroll ?? 0;
  switch (command.action) {
    case 'review.down':
      return scrollTo(scroll + 1);
    case 'review.up':
      return scrollTo(scroll - 1);
    case 'review.page-down':
      return scrollTo(scroll + page - 1);
    case 'review.page-up':
      return scrollTo(scroll - page + 1);
    case 'review.top':
      return scrollTo(0);
    case 'review.bottom':
      return scrollTo(Number.MAX_SAFE_INTEGER);
    case 'compose.send':
      return sendFromReview(state, screen);
    case 'compose.send-later':
      // The customer's reply cancels a reply sent later; new mail and forwards have no such rule.
      if (screen.kind !== undefined) return say(state, `send later is for replies: y sends the ${noun(screen)}`);
      return openPrompt(state, 'send-at', [screen.conversationId], '');
    case 'compose.edit':
      return withEffects(set({ stage: 'edit' }), { type: 'edit-external', text: screen.text });
    case 'compose.quote':
      return set({ showQuote: !screen.showQuote });
    case 'compose.save':
      return withEffects(say({ ...state, screen: screen.returnTo }, 'saving the draft…'), { type: 'save-draft', conversationId: screen.conversationId, text: screen.text, baseSeq: screen.baseSeq, announce: true });
    case 'compose.attach':
      return openPrompt(state, 'attach-file', [screen.conversationId], '');
    case 'compose.detach': {
      const count = screen.attachments?.length ?? 0;
      if (count === 0) return say(state, 'no attachments to remove');
      if (count === 1) return withEffects(state, { type: 'detach-file', conversationId: screen.conversationId, index: 0 });
      return openPrompt(state, 'detach-file', [screen.conversationId], '');
    }
    case 'compose.to':
    case 'compose.cc':
    case 'compose.bcc': {
      const field = command.action.slice('compose.'.length) as RecipientField;
      // The list as it stands, to change in place ("Name <address>", as typed in a mail program).
      return openPrompt(state, field, [screen.conversationId], addressListInput(recipientsOf(screen)[field]));
    }
    case 'compose.subject':
      // A reply keeps its conversation's subject ("Re: …"), so the customer's mail program threads it.
      if (screen.kind !== 'new') return say(state, "a reply keeps its conversation's subject");
      return openPrompt(state, 'subject', [screen.conversationId], screen.subject);
    case 'compose.from':
      return withEffects(state, { type: 'cycle-from', conversationId: screen.conversationId });
    case 'compose.language':
      return openPrompt(state, 'language', [screen.conversationId], screen.greeting?.language ?? '');
    case 'compose.discard':
      return { ...state, overlay: { kind: 'confirm', question: `Discard this ${noun(screen)}?`, effect: { type: 'discard-draft', conversationId: screen.conversationId } } };
    default:
      return state;
  }
}

export { noun, recipientsOf } from './compose-send.js';
