/**
 * v, W and | on a conversation's attachments, run beside the effect lanes: opening a viewer or a
 * slow pipe never holds up a key, a tag or a reply, and they change nothing in the store.
 */
import type { Dispatch } from 'react';
import { homedir } from 'node:os';
import { AttachmentFolder } from '../../adapters/export/attachment-files.js';
import type { AttachmentViewer } from '../../adapters/process/attachment-viewer.js';
import { safeLine } from '../../cli/output/terminal-text.js';
import { describeError } from '../../core/errors.js';
import type { AttachmentService } from '../../core/services/attachment-service.js';
import type { AppAction } from '../state/app-reducer.js';
import type { Effect } from '../state/app-state.js';

export type AttachmentEffect = Extract<Effect, { type: 'open-attachment' | 'save-attachments' | 'pipe-attachment' }>;

export function isAttachmentEffect(effect: Effect): effect is AttachmentEffect {
  return effect.type === 'open-attachment' || effect.type === 'save-attachments' || effect.type === 'pipe-attachment';
}

export type AttachmentServices = { attachments?: AttachmentService | null; viewer?: AttachmentViewer | null };

export async function runAttachmentEffect(effect: AttachmentEffect, services: AttachmentServices, dispatch: Dispatch<AppAction>): Promise<void> {
  const { attachments, viewer } = services;
  if (!attachments || !viewer) return dispatch({ type: 'failed', message: 'attachments cannot be opened here' });
  try {
    switch (effect.type) {
      case 'open-attachment': {
        const [{ attachment, content }] = await attachments.files(effect.id, [effect.number]);
        dispatch({ type: 'done', message: `opening ${safeLine(attachment.name || '(unnamed)')} with ${safeLine(viewer.opener())}…` });
        await viewer.open(attachment.name, content);
        return;
      }
      case 'save-attachments': {
        const folder = new AttachmentFolder(effect.folder.replace(/^~(?=$|\/)/, homedir()));
        const files = await attachments.files(effect.id, effect.numbers);
        for (const { attachment, content } of files) await folder.save(null, attachment.index, attachment.name, content);
        dispatch({ type: 'done', message: `saved ${files.length} attachment${files.length === 1 ? '' : 's'} in ${safeLine(folder.root)}` });
        return;
      }
      case 'pipe-attachment': {
        const [{ attachment, content }] = await attachments.files(effect.id, [effect.number]);
        const r = await viewer.pipe(effect.command, content);
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
