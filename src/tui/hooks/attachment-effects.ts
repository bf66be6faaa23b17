/**
 * Attachments in the TUI. v, E and | on a conversation's attachments run beside the effect lanes:
 * opening a viewer or a slow pipe never holds up a key, a tag or a reply, and they change nothing
 * in the store. a and D in the review change the reply's files (in the write lane, with its draft).
 */
import type { Dispatch } from 'react';
import { AttachmentFolder } from '../../adapters/export/attachment-files.js';
import type { AttachmentViewer } from '../../adapters/process/attachment-viewer.js';
import { safeLine } from '../../cli/output/terminal-text.js';
import { describeError } from '../../core/errors.js';
import type { AttachmentService } from '../../core/services/attachment-service.js';
import type { AppAction } from '../state/app-reducer.js';
import type { Effect, Screen } from '../state/app-state.js';
import type { OutgoingAttachment } from '../../core/ports/mail-store.js';
import type { ReplyService } from '../../core/services/reply-service.js';
import { readFileToAttach } from '../../adapters/files/attach-file.js';
import { expandHome } from '../../adapters/files/home-path.js';
import { formatSize } from '../../cli/output/format-size.js';
import { attachedMessagePage, attachedMessageTypes } from '../state/attached-message-page.js';

export type AttachmentEffect = Extract<Effect, { type: 'open-attachment' | 'save-attachments' | 'pipe-attachment' }>;

export function isAttachmentEffect(effect: Effect): effect is AttachmentEffect {
  return effect.type === 'open-attachment' || effect.type === 'save-attachments' || effect.type === 'pipe-attachment';
}

export type AttachmentServices = { attachments?: AttachmentService | null; viewer?: AttachmentViewer | null };

export async function runAttachmentEffect(effect: AttachmentEffect, services: AttachmentServices, dispatch: Dispatch<AppAction>): Promise<void> {
  const { attachments } = services;
  if (!attachments) return dispatch({ type: 'failed', message: 'attachments cannot be read here' });
  const viewer = services.viewer ?? null;
  try {
    // An attached message (a forwarded mail) is read here, as a message: no other program needed.
    if (effect.type === 'open-attachment' && attachedMessageTypes.has(attachments.select(effect.id, [effect.number])[0].type.toLowerCase())) {
      dispatch({ type: 'show-page', page: attachedMessagePage(await attachments.message(effect.id, effect.number)) });
      return;
    }
    // Saving needs no other program; opening and piping do.
    if (!viewer && effect.type !== 'save-attachments') return dispatch({ type: 'failed', message: 'attachments cannot be opened here' });
    switch (effect.type) {
      case 'open-attachment': {
        const [{ attachment, content }] = await attachments.files(effect.id, [effect.number]);
        dispatch({ type: 'done', message: `opening ${safeLine(attachment.name || '(unnamed)')} with ${safeLine(viewer!.openerFor(attachment.type).label)}…` });
        await viewer!.open(attachment.name, content, attachment.type);
        return;
      }
      case 'save-attachments': {
        const folder = new AttachmentFolder(expandHome(effect.folder));
        const files = await attachments.files(effect.id, effect.numbers);
        for (const { attachment, content } of files) await folder.save(null, attachment.index, attachment.name, content);
        dispatch({ type: 'done', message: `saved ${files.length} attachment${files.length === 1 ? '' : 's'} in ${safeLine(folder.root)}` });
        return;
      }
      case 'pipe-attachment': {
        const [{ attachment, content }] = await attachments.files(effect.id, [effect.number]);
        const r = await viewer!.pipe(effect.command, content);
        const first = r.output.split('\n').find((l) => l.trim()) ?? '';
        const how = r.signal ? `stopped (${r.signal})` : r.code === 0 ? 'done' : `exit ${r.code}`;
        const message = `${safeLine(attachment.name || '(unnamed)')} | ${safeLine(effect.command)}: ${how}${first ? ` · ${safeLine(first)}` : ''}`;
        dispatch(r.code === 0 ? { type: 'done', message } : { type: 'failed', message });
        return;
      }
    }
  } catch (error) {
    dispatch({ type: 'failed', message: describeError(error) });
  }
}

/**
 * a and D in the review: a file copied into the store and added to the reply, or one taken off;
 * the draft is saved with the new list at once (a crash keeps it). A file that cannot be attached
 * (missing, a folder, over the limit) is one line on the status line, the reply unchanged.
 */
export async function changeReplyAttachments(
  effect: Extract<Effect, { type: 'attach-file' | 'detach-file' }>,
  replies: ReplyService | null,
  screen: Screen,
  dispatch: Dispatch<AppAction>,
): Promise<void> {
  if (!replies || screen.name !== 'compose' || screen.stage === 'loading' || screen.conversationId !== effect.conversationId) return;
  const current = screen.attachments ?? [];
  let attachments: OutgoingAttachment[];
  let message: string;
  if (effect.type === 'attach-file') {
    const file = await readFileToAttach(expandHome(effect.path), replies.maxAttachmentBytes());
    attachments = await replies.attach([file], current);
    message = `attached ${safeLine(file.name)} (${formatSize(file.content.byteLength)}) · D removes it`;
  } else {
    const gone = current[effect.index];
    attachments = current.filter((_, i) => i !== effect.index);
    message = gone ? `removed ${safeLine(gone.name)}` : 'no such attachment';
  }
  await replies.saveDraft(effect.conversationId, screen.text, screen.baseSeq, { attachments });
  dispatch({ type: 'compose-attachments', conversationId: effect.conversationId, attachments });
  dispatch({ type: 'done', message });
}
