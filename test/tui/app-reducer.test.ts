import { describe, expect, it } from 'vitest';
import { appReducer, type AppAction } from '../../src/tui/state/app-reducer.js';
import { initialState, type AppState, type Row } from '../../src/tui/state/app-state.js';
import type { ConversationDetail } from '../../src/core/services/conversation-service.js';
import { keysOf } from '../../src/tui/keys/key-events.js';
import { inboxHeader } from '../../src/tui/state/inbox-lines.js';

const now = Date.parse('2026-11-23T12:00:00Z');

function row(id: string, extra: Partial<Row> = {}): Row {
  return { id, name: `Customer ${id}`, email: `${id}@ex.com`, subject: `Subject ${id}`, tags: [], messageCount: 1, isUnread: false, status: 'open', waitingSince: null, snoozedUntil: null, lastRepliedAt: null, statusChangedAt: null, lastMessageAt: '2026-11-23T10:00:00Z', ...extra };
}

/** A loaded inbox of `n` rows (a…), effects already taken. */
function loaded(n: number, size = { columns: 80, rows: 24 }): AppState {
  const rows = Array.from({ length: n }, (_, i) => row(String.fromCharCode(97 + (i % 26)) + (i >= 26 ? i : '')));
  let s = initialState({ ...size, now, hasAccount: false });
  s = appReducer(s, { type: 'effects-taken', count: s.effects.length });
  return appReducer(s, { type: 'list-loaded', rows, tagsInUse: ['refund', 'repair', 'vip'] });
}

const press = (state: AppState, chunk: string) =>
  keysOf(chunk, { upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false }).reduce(
    (s, key) => appReducer(s, { type: 'key', key } satisfies AppAction),
    state,
  );

function detailFor(id: string, others: string[] = [], bodyLines = 5): ConversationDetail {
  const view = (cid: string) => ({ id: cid, subject: `Subject ${cid}`, customer: 'x@ex.com', status: 'open' as const, promise: null, snoozedUntil: null, tags: [], notes: [], isUnread: false, messageCount: 1, firstMessageAt: '2026-01-01T00:00:00Z', lastMessageAt: '2026-01-01T00:00:00Z', waitingSince: null, lastRepliedAt: null, statusChangedAt: null, hasAttachments: false, automated: null, bouncedAt: null, record: {} as never });
  return {
    conversation: view(id),
    customer: { email: 'x@ex.com', name: 'X', firstName: 'X', notes: [], conversationIds: [...others, id], firstContactAt: '2024-01-01T00:00:00Z', lastContactAt: null },
    otherConversations: others.map(view),
    messages: [{ meta: { seq: 0, id: 'm', messageId: '<m@x>', isSyntheticId: false, hash: 'h', size: 1, date: '2026-01-01T00:00:00Z', from: { name: 'X', email: 'x@ex.com' }, to: [], cc: [], replyTo: [], subject: `Subject ${id}`, references: [], inReplyTo: null, inReplyToWellFormed: false, direction: 'in', customer: 'x@ex.com', attachments: [], snippet: '', seenOnArrival: true, source: 's' } as never, body: { text: 'x', fragments: [{ kind: 'text', text: Array.from({ length: bodyLines }, (_, i) => `line ${i}`).join('\n') }], warnings: [] }, depth: 0, isUnread: false, deletedOnServer: false, thirdParty: false }],
  };
}

describe('appReducer', () => {
  it('applies every key of a fast chunk in order, across screens: "jjk\\r" opens the second conversation', () => {
    const s = press(loaded(5), 'jjk\r');
    expect(s.inbox.cursor).toBe(1);
    expect(s.screen).toMatchObject({ name: 'conversation', id: 'b' });
    expect(s.effects).toEqual([{ type: 'open', id: 'b' }]);
    // …and a q in the same chunk goes back to the list, from the conversation it just opened.
    expect(press(loaded(5), 'jjk\rq').screen).toEqual({ name: 'inbox' });
  });

  it('keeps the cursor inside the list and on screen (virtual scrolling)', () => {
    let s = press(loaded(100), 'G');
    expect(s.inbox.cursor).toBe(99);
    expect(s.inbox.top).toBe(100 - 20); // 24 rows: title, message and status lines, and one spare
    s = press(s, 'jjj');
    expect(s.inbox.cursor).toBe(99);
    s = press(s, 'g');
    expect([s.inbox.cursor, s.inbox.top]).toEqual([0, 0]);
    s = appReducer(s, { type: 'resize', columns: 80, rows: 12 });
    s = press(s, 'jjjjjjjjjj');
    expect(s.inbox.cursor - s.inbox.top).toBeLessThan(8);
  });

  it('switches views by number and Tab, each asking for its own list', () => {
    let s = press(loaded(3), '3');
    expect(s.inbox.view).toBe('snoozed');
    expect(s.effects.at(-1)).toEqual({ type: 'load-list', query: 'status:snoozed', filter: '', sort: 'activity' });
    s = press(s, '\t');
    expect(s.inbox.view).toBe('closed');
    s = press(press(s, '5'), 'S');
    expect(s.effects.at(-1)).toEqual({ type: 'load-list', query: '', filter: '', sort: 'waiting' });
  });

  it('keeps machines out of Open and Waiting: their conversations wait in Other', () => {
    let s = press(loaded(3), '1');
    expect(s.effects.at(-1)).toMatchObject({ type: 'load-list', query: 'status:open is:person' });
    s = press(s, '2');
    expect(s.effects.at(-1)).toMatchObject({ type: 'load-list', query: 'status:waiting is:person' });
    s = press(s, '6');
    expect(s.inbox.view).toBe('other');
    expect(s.effects.at(-1)).toMatchObject({ type: 'load-list', query: 'is:automated (status:open or status:waiting)' });
    expect(inboxHeader(s).map((x) => x.text).join('')).toMatch(/\[6 Oth(er)?\]/);
  });

  it('shows saved searches as views after the built-in ones, on 7-9 and Tab', () => {
    let s = initialState({ columns: 80, rows: 24, now, hasAccount: false, savedSearches: ['refunds', 'urgent'] });
    s = appReducer(s, { type: 'effects-taken', count: s.effects.length });
    s = press(s, '8');
    expect(s.inbox.view).toBe('@urgent');
    expect(s.effects.at(-1)).toEqual({ type: 'load-list', query: '@urgent', filter: '', sort: 'activity' });
    s = press(s, '\t');
    expect(s.inbox.view).toBe('open');
    expect(press(s, '9').message?.text).toMatch(/no saved search on that key/);
    // At 80 columns the header still shows the count, with shorter tab labels.
    s = appReducer(s, { type: 'list-loaded', rows: [row('a')], tagsInUse: [] });
    const header = inboxHeader(s).map((x) => x.text).join('');
    expect(header).toContain('1 conversation');
    expect(header).toContain('7 @ref');
  });

  it('filters with the query language; a bad query stays in its prompt, the list and filter as they were', () => {
    let s = press(loaded(3), '/tag:refund\r');
    expect(s.inbox.filter).toBe('tag:refund');
    expect(s.effects.at(-1)).toEqual({ type: 'load-list', query: 'status:open is:person (tag:refund)', filter: 'tag:refund', sort: 'activity', revertFilter: '' });
    s = appReducer(s, { type: 'effects-taken', count: s.effects.length });
    s = press(s, '/ or (\r');
    expect(s.effects).toEqual([]);
    expect(s.inbox.filter).toBe('tag:refund');
    expect(s.overlay).toMatchObject({ kind: 'prompt', prompt: { text: 'tag:refund or (', cursor: 'tag:refund or ('.length } });
    expect(s.message?.isError).toBe(true);
    // A bad token in the middle: the cursor goes to it.
    s = press(press(s, '\x1b'), '/\x15from: tag:x\r');
    expect(s.overlay).toMatchObject({ kind: 'prompt', prompt: { text: 'from: tag:x', cursor: 'from:'.length } });
    // A saved search the list cannot read is still reported by the list, and the filter goes back.
    s = press(s, '\x1b');
    s = appReducer(s, { type: 'list-failed', message: 'bad query', filter: 'tag:refund' });
    expect(s.inbox.filter).toBe('tag:refund');
    expect(s.message).toEqual({ text: 'bad query', isError: true });
    s = press(s, '\x1b');
    expect(s.inbox.filter).toBe('');
  });

  it('tags with completion from the tags in use, on the conversation under the cursor', () => {
    const s = press(loaded(3), 'jtre\t');
    expect(s.overlay).toMatchObject({ kind: 'prompt', prompt: { text: 'refund ' } });
    const done = press(s, '-vi\t\r');
    expect(done.effects.at(-1)).toEqual({ type: 'tag', ids: ['b'], add: ['refund'], remove: ['vip'] });
    expect(done.overlay).toBeNull();
  });

  it('asks before acting on several marked conversations, and does nothing on no', () => {
    let s = press(loaded(4), 'xjx');
    expect([...s.inbox.marked]).toEqual(['a', 'c']);
    s = press(s, 'c');
    expect(s.overlay).toMatchObject({ kind: 'confirm', question: 'Close 2 marked conversations?' });
    expect(press(s, 'n').effects).toEqual([]);
    s = press(s, 'y');
    expect(s.effects).toEqual([{ type: 'status', ids: ['a', 'c'], status: 'closed' }]);
    expect(s.inbox.marked.size).toBe(0);
  });

  it('acts on one conversation at once, and closing from a conversation returns to the list', () => {
    let s = press(loaded(3), '\r');
    s = appReducer(s, { type: 'effects-taken', count: s.effects.length });
    s = press(s, 'c');
    expect(s.effects).toEqual([{ type: 'status', ids: ['a'], status: 'closed' }]);
    expect(s.screen.name).toBe('inbox');
    expect(press(s, 'U').effects.at(-1)).toEqual({ type: 'undo' });
  });

  it('snoozes until a time typed in words, and refuses one in the past', () => {
    const s = press(loaded(2), 'stomorrow 9:00\r');
    const effect = s.effects.at(-1);
    expect(effect).toMatchObject({ type: 'status', ids: ['a'], status: 'snoozed' });
    expect(Date.parse((effect as { until: string }).until)).toBeGreaterThan(now);
    const bad = press(loaded(2), 'syesterday\r');
    expect(bad.message?.isError).toBe(true);
    expect(bad.effects).toEqual([]);
  });

  it('scrolls a conversation within its length, folds quotes, and opens earlier conversations with a way back', () => {
    let s = press(loaded(2), '\r');
    s = appReducer(s, { type: 'detail-loaded', detail: detailFor('a', ['old1', 'old2'], 60) });
    s = press(s, 'G');
    const bottom = (s.screen as { scroll: number }).scroll;
    expect(bottom).toBeGreaterThan(40);
    expect((press(s, 'jjj').screen as { scroll: number }).scroll).toBe(bottom);
    s = press(s, '2');
    expect(s.screen).toMatchObject({ name: 'conversation', id: 'old2', back: ['a'] });
    s = press(s, 'q');
    expect(s.screen).toMatchObject({ name: 'conversation', id: 'a', back: [] });
    expect(press(s, 'q').screen).toEqual({ name: 'inbox' });
  });

  it('ignores a detail that arrives after the owner moved on', () => {
    const s = press(loaded(2), '\rq');
    expect(appReducer(s, { type: 'detail-loaded', detail: detailFor('a') }).detail).toBeNull();
  });

  it('opens and closes the help, and quits with q from the list', () => {
    const s = press(loaded(1), '?');
    expect(s.overlay).toEqual({ kind: 'help', scroll: 0 });
    expect(press(s, 'q').overlay).toBeNull();
    expect(press(loaded(1), 'q').effects).toEqual([{ type: 'quit' }]);
  });

  describe('composer', () => {
    const loadedCompose = () => {
      let s = press(loaded(2), 'r');
      expect(s.effects.at(-1)).toEqual({ type: 'compose', id: 'a', returnTo: { name: 'inbox' } });
      s = appReducer(s, { type: 'effects-taken', count: s.effects.length });
      return appReducer(s, {
        type: 'compose-loaded',
        screen: { conversationId: 'a', from: { name: 'Riitta', email: 'r@shop' }, to: [{ name: 'Anna', email: 'a@ex.com' }], subject: 'Re: Shoes', quote: 'On …, Anna wrote:\n> Hello', text: 'Hi Anna,\n\n\n\nRiitta\n', stage: 'edit', baseSeq: 7, returnTo: { name: 'inbox' } },
      });
    };

    it('puts the cursor after the greeting, and every key types until Esc', () => {
      let s = loadedCompose();
      expect(s.screen).toMatchObject({ name: 'compose', cursor: 'Hi Anna,\n\n'.length, stage: 'edit' });
      s = press(s, 'qyes\rok');
      expect((s.screen as { text: string }).text).toBe('Hi Anna,\n\nqyes\nok\n\nRiitta\n');
      s = press(s, '\x7f\x7f\x7f');
      expect((s.screen as { text: string }).text).toBe('Hi Anna,\n\nqyes\n\nRiitta\n');
      s = press(s, '\x1b');
      expect(s.screen).toMatchObject({ stage: 'review' });
    });

    it('sends from the review with the quote when it was added, and U right after takes the reply back', () => {
      let s = press(press(loadedCompose(), '\x1b'), 'Qy');
      expect(s.effects.at(-1)).toEqual({ type: 'queue-reply', conversationId: 'a', text: 'Hi Anna,\n\n\n\nRiitta\n\nOn …, Anna wrote:\n> Hello\n', baseSeq: 7, attachments: [], recipients: { to: [{ name: 'Anna', email: 'a@ex.com' }], cc: [], bcc: [] } });
      s = appReducer(s, { type: 'effects-taken', count: s.effects.length });
      s = appReducer(s, { type: 'reply-queued', entryId: 'e1', conversationId: 'a', until: now + 10_000, message: 'sending' });
      expect(s.screen).toEqual({ name: 'inbox' });
      expect(press(s, 'U').effects.at(-1)).toEqual({ type: 'unqueue', entryId: 'e1' });
      // Once the window is over, U undoes triage again.
      const later = appReducer(s, { type: 'tick', now: now + 11_000 });
      expect(press(later, 'U').effects.at(-1)).toEqual({ type: 'undo' });
      // Send, then close another conversation: U takes back the close (the last action), not the reply.
      const closed = press(s, 'jc');
      expect(closed.effects.at(-1)).toMatchObject({ type: 'status', status: 'closed' });
      expect(press(closed, 'U').effects.at(-1)).toEqual({ type: 'undo' });
    });

    it('saves the draft and goes back on q, and asks before discarding', () => {
      const review = press(loadedCompose(), '\x1b');
      const saved = press(review, 'q');
      expect(saved.screen).toEqual({ name: 'inbox' });
      expect(saved.effects.at(-1)).toEqual({ type: 'save-draft', conversationId: 'a', text: 'Hi Anna,\n\n\n\nRiitta\n', baseSeq: 7, announce: true });
      const asked = press(review, 'd');
      expect(asked.overlay).toMatchObject({ kind: 'confirm', question: 'Discard this reply?' });
      expect(press(asked, 'y').effects.at(-1)).toEqual({ type: 'discard-draft', conversationId: 'a' });
    });

    it('inserts a snippet chosen by name with completion, at the cursor (C-t)', () => {
      let s = loadedCompose();
      s = { ...s, snippetNames: ['refund', 'shipping'] };
      s = press(s, '\x14sh\t');
      expect(s.overlay).toMatchObject({ kind: 'prompt', prompt: { purpose: 'snippet', text: 'shipping' } });
      s = press(s, '\r');
      expect(s.effects.at(-1)).toEqual({ type: 'insert-snippet', name: 'shipping', conversationId: 'a' });
      s = appReducer(s, { type: 'compose-insert', text: 'It ships today.' });
      expect((s.screen as { text: string }).text).toBe('Hi Anna,\n\nIt ships today.\n\nRiitta\n');
    });

    it('shows the new mail when the conversation changed under the reply', () => {
      const s = appReducer(press(loadedCompose(), '\x1by'), { type: 'reply-stopped', conversationId: 'a', message: 'not sent: 1 new message' });
      expect(s.screen).toMatchObject({ name: 'conversation', id: 'a' });
      expect(s.message).toEqual({ text: 'not sent: 1 new message', isError: true });
    });
  });
});
