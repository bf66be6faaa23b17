/**
 * Reading the inbox list for the TUI (the `load-list` effect): the owner's filter checked alone (so
 * an error points into what they typed), the list brought up to date from what changed since it
 * was last read, and the owner's drafts and replies that did not go marked on its rows.
 */
import type { Dispatch, MutableRefObject } from 'react';
import { describeError } from '../../core/errors.js';
import type { ConversationService, ListSnapshot } from '../../core/services/conversation-service.js';
import type { ReplyService } from '../../core/services/reply-service.js';
import type { AppAction } from '../state/app-reducer.js';
import type { Effect } from '../state/app-state.js';
import { rowsOf } from '../state/list-rows.js';

export type ListReading = {
  conversations: ConversationService;
  replies: ReplyService | null;
  /** The last list read, to bring up to date. */
  snapshot: MutableRefObject<ListSnapshot | null>;
  /** The drafts and troubles last shown (a change there redraws though no item changed). */
  shownMarks: MutableRefObject<string>;
  /** Whether the list on screen is loaded, and the filter to go back to on a bad one. */
  current(): { loaded: boolean; filter: string };
  dispatch: Dispatch<AppAction>;
};

export async function loadList(effect: Extract<Effect, { type: 'load-list' }>, r: ListReading): Promise<void> {
  const { conversations, replies, dispatch } = r;
  try {
    if (effect.filter) conversations.parse(effect.filter);
    const previous = r.snapshot.current;
    const snapshot = await conversations.listSnapshot(effect.query, { sort: effect.sort }, previous);
    r.snapshot.current = snapshot;
    // Drafts and the outbox are the owner's documents, beside the index: a draft saved or a
    // reply failed changes no item.
    const drafts = (await replies?.draftIds()) ?? [];
    const troubled = (await replies?.troubles())?.map((e) => e.conversationId) ?? [];
    const marks = `${drafts.join(' ')}|${troubled.join(' ')}|${JSON.stringify(snapshot.paused)}`;
    // A reload that found nothing new (the watcher woken by a commit already shown) draws nothing.
    if (snapshot.items !== previous?.items || marks !== r.shownMarks.current || !r.current().loaded) {
      r.shownMarks.current = marks;
      dispatch({ type: 'list-loaded', rows: rowsOf(snapshot.items, new Set(drafts), new Set(troubled), snapshot.paused), tagsInUse: conversations.tagsInUse() });
    }
  } catch (error) {
    dispatch({ type: 'list-failed', message: describeError(error), filter: effect.revertFilter ?? r.current().filter });
  }
}
