/**
 * Runs the effects the reducer asks for, one after another in the order asked (a tag then a close
 * typed fast must reach the store in that order), against the services, and reports results back
 * as actions. The only place the TUI calls services.
 */
import { useEffect, useRef, type Dispatch } from 'react';
import { describeError } from '../../core/errors.js';
import type { ConversationService } from '../../core/services/conversation-service.js';
import type { AppAction } from '../state/app-reducer.js';
import { listEffect, type AppState, type Effect, type Row } from '../state/app-state.js';

export type EffectServices = { conversations: ConversationService };

export type EffectHooks = {
  /** The owner changed something the mail server should hear about (read marks, tags). */
  onLocalChange(): void;
  onSyncNow(): void;
  onQuit(): void;
};

export function rowsOf(conversations: ConversationService, views: Awaited<ReturnType<ConversationService['list']>>): Row[] {
  return views.map((v) => {
    const customer = conversations.customerRef(v.customer);
    return {
      id: v.id,
      name: customer.name,
      email: v.customer,
      subject: v.subject,
      tags: v.tags,
      messageCount: v.messageCount,
      isUnread: v.isUnread,
      status: v.status,
      waitingSince: v.waitingSince,
      lastMessageAt: v.lastMessageAt,
    };
  });
}

export function useEffectRunner(state: AppState, dispatch: Dispatch<AppAction>, services: EffectServices, hooks: EffectHooks): void {
  const chain = useRef<Promise<void>>(Promise.resolve());
  const latest = useRef(state);
  latest.current = state;
  const listRequests = useRef(0);

  useEffect(() => {
    if (state.effects.length === 0) return;
    const effects = state.effects;
    dispatch({ type: 'effects-taken', count: effects.length });
    for (const effect of effects) {
      const ticket = effect.type === 'load-list' ? ++listRequests.current : 0;
      chain.current = chain.current.then(async () => {
        // A newer list request makes an older one pointless.
        if (effect.type === 'load-list' && ticket !== listRequests.current) return;
        try {
          await run(effect);
        } catch (error) {
          dispatch({ type: 'failed', message: describeError(error) });
        }
      });
    }
  }, [state.effects]);

  const { conversations } = services;

  async function reload(): Promise<void> {
    const s = latest.current;
    await run(listEffect(s));
    if (s.screen.name === 'conversation') dispatch({ type: 'detail-loaded', detail: await conversations.show(s.screen.id) });
  }

  async function changed(message: string): Promise<void> {
    const undo = conversations.lastUndoable();
    dispatch({ type: 'done', message: undo ? `${message} · U undoes` : message });
    hooks.onLocalChange();
    await reload();
  }

  async function run(effect: Effect): Promise<void> {
    switch (effect.type) {
      case 'load-list': {
        try {
          if (effect.filter) conversations.parse(effect.filter);
          const views = await conversations.list(effect.query, { sort: effect.sort });
          dispatch({ type: 'list-loaded', rows: rowsOf(conversations, views), tagsInUse: conversations.tagsInUse() });
        } catch (error) {
          dispatch({ type: 'list-failed', message: describeError(error), filter: effect.revertFilter ?? latest.current.filter });
        }
        return;
      }
      case 'open': {
        let detail;
        try {
          detail = await conversations.show(effect.id);
        } catch (error) {
          dispatch({ type: 'detail-failed', message: describeError(error) });
          return;
        }
        dispatch({ type: 'detail-loaded', detail });
        // Reading it is what marks it read, here and (through the sync) on the server.
        if (detail.conversation.isUnread) {
          await conversations.markRead([effect.id], true);
          hooks.onLocalChange();
          const s = latest.current;
          await run(listEffect(s));
        }
        return;
      }
      case 'refresh': {
        const s = latest.current;
        if (s.screen.name === 'conversation' && s.screen.id === effect.id) dispatch({ type: 'detail-loaded', detail: await conversations.show(effect.id) });
        return;
      }
      case 'tag': {
        await conversations.tag(effect.ids, effect.add, effect.remove);
        return changed(`tagged ${[...effect.add.map((t) => `+${t}`), ...effect.remove.map((t) => `-${t}`)].join(' ')}${plural(effect.ids.length)}`);
      }
      case 'status': {
        await conversations.setStatus(effect.ids, effect.status, effect.until ? Date.parse(effect.until) : undefined);
        const verb = { open: 'reopened', waiting: 'marked waiting', closed: 'closed', snoozed: `snoozed until ${effect.until?.slice(0, 16).replace('T', ' ')} UTC` }[effect.status];
        return changed(`${verb}${plural(effect.ids.length)}`);
      }
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
      case 'sync-now':
        hooks.onSyncNow();
        return;
      case 'quit':
        hooks.onQuit();
        return;
    }
  }
}

const plural = (n: number) => (n > 1 ? ` (${n} conversations)` : '');
