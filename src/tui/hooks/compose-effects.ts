/**
 * The composer's effects that talk to the reply service: opening it on a conversation's draft (in
 * $EDITOR when the owner has one; reply-all's recipients saved with the draft at once, so they come
 * back with it), and To/Cc/Bcc as the owner typed them at the review's prompts.
 */
import type { Dispatch } from 'react';
import type { ReplyService } from '../../core/services/reply-service.js';
import { parseTypedAddresses } from '../../adapters/mime/typed-addresses.js';
import { showAddresses } from '../../cli/output/address-line.js';
import { hintLine, type Keymap } from '../keys/keymap.js';
import type { AppAction } from '../state/app-reducer.js';
import type { Effect, Screen } from '../state/app-state.js';
import { recipientsOf } from '../state/compose-reducer.js';

export async function openComposer(
  effect: Extract<Effect, { type: 'compose' }>,
  replies: ReplyService,
  editor: ((text: string) => Promise<string | null>) | null | undefined,
  keymap: Keymap,
  dispatch: Dispatch<AppAction>,
): Promise<void> {
  const d = await replies.draft(effect.id, undefined, { all: effect.all });
  // R: the other recipients belong to this draft from now on (an autosave of the text keeps them).
  if (effect.all) await replies.saveDraft(d.conversationId, d.text, d.baseSeq, { recipients: d });
  const screen = { conversationId: d.conversationId, from: d.from, to: d.to, cc: d.cc, bcc: d.bcc, replyTo: d.replyTo, subject: d.subject, quote: d.quote, text: d.text, stage: 'edit' as const, baseSeq: d.baseSeq, attachments: d.attachments, returnTo: effect.returnTo };
  const snippetNames = await replies.snippetNames();
  if (editor) {
    const edited = await editor(d.text);
    dispatch({ type: 'compose-loaded', screen: { ...screen, text: edited ?? d.text, stage: 'review' }, snippetNames });
    if (edited !== null) await replies.saveDraft(d.conversationId, edited, d.baseSeq);
    return;
  }
  const keys = hintLine(keymap, 'editor', [['compose.review', 'when done'], ['compose.snippet', 'inserts a snippet']]);
  const cc = d.cc.length ? ` · Cc ${showAddresses(d.cc)}` : '';
  dispatch({ type: 'compose-loaded', screen, snippetNames, note: `${d.isSaved ? 'your saved draft' : 'write your reply'}${cc} · ${keys}` });
}

/**
 * t, c or B in the review: the field as typed, parsed and checked (every address once, someone in
 * To); the draft is saved with it at once. An address typed wrong is one line, the reply unchanged.
 */
export async function setRecipients(effect: Extract<Effect, { type: 'set-recipients' }>, replies: ReplyService | null, screen: Screen, dispatch: Dispatch<AppAction>): Promise<void> {
  if (!replies || screen.name !== 'compose' || screen.stage === 'loading' || screen.conversationId !== effect.conversationId) return;
  const typed = await parseTypedAddresses(effect.text);
  const recipients = replies.checked({ ...recipientsOf(screen), [effect.field]: typed });
  await replies.saveDraft(effect.conversationId, screen.text, screen.baseSeq, { recipients });
  dispatch({ type: 'compose-recipients', conversationId: effect.conversationId, recipients });
  const list = recipients[effect.field];
  dispatch({ type: 'done', message: `${{ to: 'To', cc: 'Cc', bcc: 'Bcc' }[effect.field]}: ${list.length ? showAddresses(list) : 'nobody'}` });
}
