/**
 * Reads the conversation under the inbox's cursor for the preview pane of a wide terminal. Only the
 * row the cursor rests on is read (a held-down j passes rows without reading each), and a late
 * answer for a row the cursor has left is dropped.
 */
import { useEffect, useRef, type Dispatch } from 'react';
import type { ConversationService } from '../../core/services/conversation-service.js';
import type { AppAction } from '../state/app-reducer.js';
import type { AppState } from '../state/app-state.js';
import { previewWidth } from '../state/layout.js';

const restMs = 40;

export function usePreview(state: AppState, dispatch: Dispatch<AppAction>, conversations: ConversationService): void {
  const wide = previewWidth(state.size) > 0 && state.screen.name === 'inbox' && !state.overlay;
  const row = wide ? state.inbox.rows[state.inbox.cursor] : undefined;
  const ticket = useRef(0);
  useEffect(() => {
    if (!row) return;
    const mine = ++ticket.current;
    const timer = setTimeout(() => {
      conversations.show(row.id).then(
        (detail) => mine === ticket.current && dispatch({ type: 'preview-loaded', detail }),
        () => {}, // gone meanwhile (forgotten elsewhere): the pane keeps saying loading until the cursor moves
      );
    }, restMs);
    return () => clearTimeout(timer);
  }, [row]);
}
