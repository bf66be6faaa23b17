/**
 * Runs the effects the reducer asks for against the services, in two lanes (effect-lanes.ts: writes
 * in the order asked, reads latest-wins and never behind a write), and reports results back as
 * actions. Replies are sent by the outbox worker, beside both lanes. The only place the TUI calls
 * services; the rules themselves (opening marks read, a reply colliding with new mail) are theirs.
 */
import { useEffect, useRef, type Dispatch } from 'react';
import { describeError } from '../../core/errors.js';
import type { ConversationService, ListSnapshot } from '../../core/services/conversation-service.js';
import type { ReplyService, SendResult } from '../../core/services/reply-service.js';
import type { OutboxWorker } from '../../core/services/outbox-worker.js';
import { EffectLanes } from './effect-lanes.js';
import { completePath } from '../../adapters/files/complete-path.js';
import { changeReplyAttachments, isAttachmentEffect, runAttachmentEffect, type AttachmentServices } from './attachment-effects.js';
import type { AppAction } from '../state/app-reducer.js';
import { listEffect, type AppState, type Effect, type ReplyTrouble } from '../state/app-state.js';
import { sendNews } from '../state/send-news.js';
import { troubleOf } from '../state/reply-trouble-lines.js';
import { loadList } from './list-effects.js';
import { safeLine } from '../../cli/output/terminal-text.js';
import type { SpamReport, SpamService } from '../../core/services/spam-service.js';
import { runOwnerEffect, type OwnerServices } from './owner-effects.js';
import { insertSnippet, queuedNews, queueMail, runComposeEffect, takenBack } from './compose-effects.js';
import { noun } from '../state/compose-reducer.js';
import type { ForwardService } from '../../core/services/forward-service.js';
import type { NewMailService } from '../../core/services/new-mail-service.js';

export type EffectServices = AttachmentServices & Pick<OwnerServices, 'stats' | 'customerMerges'> & {
  conversations: ConversationService;
  replies?: ReplyService | null;
  /** New mail (m); present with `replies`. */
  newMail?: NewMailService | null;
  /** Forwards (f); present with `replies`. */
  forwards?: ForwardService | null;
  /** Opens the owner's $VISUAL/$EDITOR on a text; resolves with the saved text (null when it was left unchanged or failed). */
  editor?: ((text: string) => Promise<string | null>) | null;
  /** Spam and blocking (!). */
  spam?: SpamService | null;
  /** Sends replies when they are due (present with `replies`). */
  outbox?: OutboxWorker | null;
  clock: { now(): number };
};

export type EffectHooks = {
  /** The owner changed something the mail server should hear about (read marks, tags). */
  onLocalChange(): void;
  onSyncNow(): void;
  onQuit(): void;
};

export function useEffectRunner(state: AppState, dispatch: Dispatch<AppAction>, services: EffectServices, hooks: EffectHooks): void {
  const lanes = useRef<EffectLanes | null>(null);
  lanes.current ??= new EffectLanes((error) => dispatch({ type: 'failed', message: describeError(error) }));
  const latest = useRef(state);
  latest.current = state;
  const listSnapshot = useRef<ListSnapshot | null>(null);
  const shownDrafts = useRef('');

  useEffect(() => {
    if (state.effects.length === 0) return;
    const effects = state.effects;
    dispatch({ type: 'effects-taken', count: effects.length });
    for (const effect of effects) schedule(effect);
  }, [state.effects]);

  const { conversations } = services;
  const replies = services.replies ?? null;
  const newMail = services.newMail ?? null;
  const composeServices = (r: ReplyService) => ({ replies: r, newMail, forwards: services.forwards ?? null, editor: services.editor, keymap: latest.current.keymap });
  const worker = useRef(services.outbox ?? null);

  // Replies: the outbox count on the status line; the worker sends each when its undo delay is
  // over, and retries, while the TUI is open, without ever holding up a key.
  useEffect(() => {
    const outbox = worker.current;
    if (!outbox) return;
    const stop = new AbortController();
    void countOutbox();
    outbox.start({ onResults: (results) => void sent(results), onError: (error) => dispatch({ type: 'failed', message: describeError(error) }) }, stop.signal);
    return () => stop.abort();
  }, []);

  // Drafts are saved as the owner types (a crash or kill loses at most the last moment), in line
  // with the other writes; once the reply is sent, saved or discarded, a late autosave is dropped
  // (it would bring back a draft of a reply that is gone).
  const compose = state.screen.name === 'compose' && state.screen.stage !== 'loading' ? state.screen : null;
  const composeClosed = useRef(false);
  useEffect(() => {
    if (!replies || !compose) return;
    const { conversationId, text, baseSeq } = compose;
    const timer = setTimeout(() => {
      void lanes.current!.write(() => (composeClosed.current ? Promise.resolve() : replies.saveDraft(conversationId, text, baseSeq).catch(() => {})));
    }, 300);
    return () => clearTimeout(timer);
  }, [compose?.text]);

  /** Reads go to the read lane; everything else changes something and keeps its order. */
  function schedule(effect: Effect): void {
    const l = lanes.current!;
    if (effect.type === 'load-list') void l.read('list', () => run(effect));
    // Opening is a kind of its own: a refresh must not stand in for it (opening also marks read).
    else if (effect.type === 'open' || effect.type === 'refresh') void l.read(effect.type, () => run(effect));
    else if (effect.type === 'sync-now') hooks.onSyncNow();
    else if (isAttachmentEffect(effect)) void runAttachmentEffect(effect, services, dispatch);
    else if (effect.type === 'complete-path') void completePath(effect.text).then((r) => dispatch({ type: 'prompt-completed', typed: effect.text, ...r }));
    else void l.write(() => run(effect));
  }

  /** The conversation's replies that did not go, and those to send later, as it shows them. */
  async function troublesOf(id: string): Promise<ReplyTrouble[]> {
    return replies ? [...(await replies.troubles(id)), ...(await replies.scheduled(id))].map(troubleOf) : [];
  }

  async function countOutbox(): Promise<void> {
    if (!worker.current) return;
    dispatch({ type: 'sync-status', status: { outbox: await worker.current.pending() } });
  }

  async function sent(results: SendResult[]): Promise<void> {
    for (const news of sendNews(results)) dispatch(news);
    hooks.onLocalChange();
    reload();
    await countOutbox();
  }

  /** The list and the open conversation read again (after a change), in the read lane. */
  function reload(): void {
    const s = latest.current;
    schedule(listEffect(s.inbox));
    if (s.screen.name === 'conversation') schedule({ type: 'refresh', id: s.screen.id });
  }

  async function changed(message: string): Promise<void> {
    const undo = conversations.lastUndoable();
    dispatch({ type: 'done', message: undo ? `${message} · U undoes` : message });
    hooks.onLocalChange();
    reload();
  }

  async function run(effect: Effect): Promise<void> {
    switch (effect.type) {
      case 'load-list':
        return loadList(effect, { conversations, replies, snapshot: listSnapshot, shownMarks: shownDrafts, current: () => latest.current.inbox, dispatch });
      case 'open': {
        let detail;
        try {
          detail = await conversations.show(effect.id);
        } catch (error) {
          dispatch({ type: 'detail-failed', message: describeError(error) });
          return;
        }
        dispatch({ type: 'detail-loaded', detail, troubles: await troublesOf(effect.id) });
        // Shown: now it counts as read (the service's rule), in order with the owner's other changes.
        // Queued once it is shown, so a conversation opened and left before it came is not marked.
        if (detail.conversation.isUnread) {
          void lanes.current!.write(async () => {
            if (!(await conversations.opened(effect.id))) return;
            hooks.onLocalChange();
            schedule(listEffect(latest.current.inbox));
          });
        }
        return;
      }
      case 'refresh': {
        const s = latest.current;
        if (s.screen.name === 'conversation' && s.screen.id === effect.id) dispatch({ type: 'detail-loaded', detail: await conversations.show(effect.id), troubles: await troublesOf(effect.id) });
        return;
      }
      case 'retry-reply': {
        if (!replies) return;
        await replies.retry(effect.entryId);
        dispatch({ type: 'done', message: 'sending your reply again' });
        // Sent beside the lanes, as every reply is; what happens is announced as the worker's news.
        void worker.current?.run({ ids: [effect.entryId], force: true }).then(sent, (error: unknown) => dispatch({ type: 'failed', message: describeError(error) }));
        return reload();
      }
      case 'discard-reply': {
        if (!replies) return;
        const { kind } = await replies.discard(effect.entryId);
        dispatch({ type: 'done', message: takenBack(kind, latest.current.keymap) });
        worker.current?.wake();
        await countOutbox();
        return reload();
      }
      case 'tag': {
        await conversations.tag(effect.ids, effect.add, effect.remove);
        return changed(`tagged ${[...effect.add.map((t) => `+${t}`), ...effect.remove.map((t) => `-${t}`)].join(' ')}${plural(effect.ids.length)}`);
      }
      case 'spam':
        if (!services.spam) return dispatch({ type: 'failed', message: 'spam needs the full services (h2h with a config)' });
        return changed(spamLine(await services.spam.spam(effect.ids)));
      case 'status': {
        await conversations.setStatus(effect.ids, effect.status, effect.until ? Date.parse(effect.until) : undefined);
        const verb = { open: 'reopened', waiting: 'marked waiting', closed: 'closed', snoozed: `snoozed until ${effect.until?.slice(0, 16).replace('T', ' ')} UTC` }[effect.status];
        return changed(`${verb}${plural(effect.ids.length)}`);
      }
      case 'promise':
      case 'show-stats':
      case 'merge-customer':
        return runOwnerEffect(effect, { conversations, stats: services.stats, customerMerges: services.customerMerges, clock: services.clock, columns: latest.current.size.columns }, dispatch, changed);
      case 'read':
        await conversations.markRead(effect.ids, effect.read);
        return changed(`marked ${effect.read ? 'read' : 'unread'}${plural(effect.ids.length)}`);
      case 'note':
        await conversations.addNote(effect.id, effect.text);
        return changed('note saved');
      case 'customer-note':
        await conversations.addCustomerNote(effect.email, effect.text);
        return changed(`note about ${effect.email} saved`);
      case 'undo': {
        const result = await conversations.undo();
        if (!result) {
          dispatch({ type: 'done', message: 'nothing to undo' });
          return;
        }
        const kept = result.kept.length ? ` (${result.kept.length} changed since, kept)` : '';
        dispatch({ type: 'done', message: `undone: ${result.action}${kept}` });
        hooks.onLocalChange();
        return reload();
      }
      case 'compose':
      case 'new-mail':
      case 'compose-new':
      case 'forward-start':
      case 'compose-forward':
      case 'set-subject':
      case 'set-recipients':
      case 'cycle-from':
      case 'set-language':
        if (!replies) {
          dispatch({ type: 'failed', message: 'mail needs your name and address in the config (h2h init)' });
          return;
        }
        // Opening a composer: its autosaves count again.
        if (effect.type === 'compose' || effect.type === 'new-mail' || effect.type === 'compose-new' || effect.type === 'forward-start' || effect.type === 'compose-forward') composeClosed.current = false;
        return runComposeEffect(effect, composeServices(replies), latest.current.screen, dispatch);
      case 'edit-external': {
        if (!services.editor) return; // the built-in editor: the reducer is already editing
        const edited = await services.editor(effect.text);
        if (edited !== null) dispatch({ type: 'compose-edited', text: edited });
        else dispatch({ type: 'compose-edited', text: effect.text });
        return;
      }
      case 'save-draft':
        composeClosed.current = true;
        await replies?.saveDraft(effect.conversationId, effect.text, effect.baseSeq);
        if (effect.announce) dispatch({ type: 'done', message: 'draft saved: r opens it again' });
        // The list marks conversations with a draft (✎).
        return schedule(listEffect(latest.current.inbox));
      case 'discard-draft':
        composeClosed.current = true;
        await replies?.discardDraft(effect.conversationId);
        dispatch({ type: 'compose-closed', message: 'reply discarded' });
        return schedule(listEffect(latest.current.inbox));
      case 'queue-reply': {
        if (!replies) return;
        composeClosed.current = true;
        // Null: the customer wrote meanwhile, and the words are the draft again (queueMail said so).
        const entry = await queueMail(effect, composeServices(replies), () => (composeClosed.current = false), dispatch);
        if (!entry) return;
        dispatch({ type: 'reply-queued', entryId: entry.id, conversationId: entry.conversationId, until: Date.parse(entry.notBefore), message: queuedNews(entry, services.clock.now()) });
        worker.current?.wake();
        return countOutbox();
      }
      case 'unqueue': {
        if (!replies) return;
        const draft = await replies.unqueue(effect.entryId);
        worker.current?.wake();
        await countOutbox();
        const s = latest.current;
        await run({ type: 'compose', id: draft.conversationId, returnTo: s.screen.name === 'compose' ? { name: 'inbox' } : s.screen });
        dispatch({ type: 'done', message: `taken back: your ${noun(draft)} is a draft again` });
        return;
      }
      case 'attach-file':
      case 'detach-file':
        return changeReplyAttachments(effect, replies, latest.current.screen, dispatch);
      case 'insert-snippet':
        if (replies) await insertSnippet(effect, replies, latest.current.screen, dispatch);
        return;
      case 'sync-now':
        hooks.onSyncNow();
        return;
      // After every write asked for before it (a tag typed just before q is kept).
      case 'quit':
        hooks.onQuit();
        return;
    }
  }
}

const plural = (n: number) => (n > 1 ? ` (${n} conversations)` : '');

/** What ! did, for the status line. */
function spamLine(r: SpamReport): string {
  const where = 'moved' in r.server ? (r.server.moved?.moved ? `, to ${r.server.moved.folder}` : '') : 'error' in r.server ? ', to Junk at the next sync' : '';
  return `spam${where}${r.senders.length ? `; blocked ${r.senders.map(safeLine).join(', ')}` : ''}${plural(r.conversations.length)} · h2h unspam takes it back`;
}
