import { describe, expect, it } from 'vitest';
import { appReducer, type AppAction } from '../../src/tui/state/app-reducer.js';
import { initialState, type AppState, type ComposeScreen, type Row } from '../../src/tui/state/app-state.js';
import { keysOf } from '../../src/tui/keys/key-events.js';

const now = Date.parse('2026-11-23T12:00:00Z');
const row = (id: string): Row => ({ id, name: `Customer ${id}`, email: `${id}@ex.com`, subject: `Subject ${id}`, tags: [], messageCount: 1, isUnread: false, status: 'open', waitingSince: null, snoozedUntil: null, lastRepliedAt: null, statusChangedAt: null, lastMessageAt: '2026-11-23T10:00:00Z' });
const noKey = { upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false };

function inbox(): AppState {
  let s = initialState({ columns: 80, rows: 24, now, hasAccount: false });
  s = appReducer(s, { type: 'effects-taken', count: s.effects.length });
  return appReducer(s, { type: 'list-loaded', rows: ['a', 'b', 'c'].map(row), tagsInUse: [] });
}
/** Keys as a terminal chunk (typed fast or pasted), each through the reducer. */
const type = (s: AppState, chunk: string) => keysOf(chunk, noKey).reduce((state, key) => appReducer(state, { type: 'key', key } satisfies AppAction), s);
const draft = (stage: 'edit' | 'review' = 'edit') =>
  ({ type: 'compose-loaded', screen: { conversationId: 'a', from: { name: 'Riitta', email: 'r@shop' }, to: [{ name: 'Anna', email: 'a@ex.com' }], subject: 'Re: Shoes', quote: '> Hello', text: 'Hi Anna,\n\n\n\nRiitta\n', stage, baseSeq: 7, returnTo: { name: 'inbox' } } }) satisfies AppAction;
const textOf = (s: AppState) => (s.screen as ComposeScreen).text;

describe('composer: keys typed right after r', () => {
  it('go into the reply once it opens, not to the list behind it (r then "xyz" at once)', () => {
    let s = type(inbox(), 'rxyz csn');
    // Nothing was marked, closed, snoozed or noted on the list.
    expect(s.inbox.marked.size).toBe(0);
    expect(s.overlay).toBeNull();
    expect(s.effects.filter((e) => e.type !== 'compose')).toEqual([]);
    expect(s.screen).toMatchObject({ name: 'compose', stage: 'loading', conversationId: 'a' });
    s = appReducer(s, draft());
    expect(textOf(s)).toBe('Hi Anna,\n\nxyz csn\n\nRiitta\n');
    // …and typing goes on where the replayed keys left the cursor.
    expect(textOf(type(s, '!'))).toBe('Hi Anna,\n\nxyz csn!\n\nRiitta\n');
  });

  it('are not replayed into a review (an external editor ran): a typed y must not send', () => {
    let s = type(inbox(), 'ry');
    s = appReducer(s, draft('review'));
    expect(s.screen).toMatchObject({ name: 'compose', stage: 'review' });
    expect(s.effects.some((e) => e.type === 'queue-reply')).toBe(false);
  });

  it('go nowhere when the reply cannot open: back to the list with the reason, the list untouched', () => {
    let s = type(inbox(), 'rc');
    s = appReducer(s, { type: 'failed', message: 'replies need your name and address in the config (h2h init)' });
    expect(s.screen).toEqual({ name: 'inbox' });
    expect(s.message).toEqual({ text: 'replies need your name and address in the config (h2h init)', isError: true });
    expect(s.effects.filter((e) => e.type === 'status')).toEqual([]);
  });

  it('C-c still quits while the reply opens', () => {
    expect(type(inbox(), 'r\x03').effects.at(-1)).toEqual({ type: 'quit' });
  });
});

describe('composer: the built-in editor', () => {
  it('removes a whole flag, skin-toned emoji or accented letter on Backspace', () => {
    let s = appReducer(type(inbox(), 'r'), draft());
    s = type(s, 'Kiitos \u{1F1EB}\u{1F1EE}\u{1F44D}\u{1F3FD} Jose\u0301');
    s = type(s, '\x7f');
    expect(textOf(s)).toContain('Kiitos \u{1F1EB}\u{1F1EE}\u{1F44D}\u{1F3FD} Jos\n');
    s = type(s, '\x7f\x7f\x7f\x7f\x7f');
    expect(textOf(s)).toContain('Kiitos \u{1F1EB}\u{1F1EE}\n');
    s = type(s, '\x7f');
    expect(textOf(s)).toContain('Kiitos \n');
  });

  it('keeps the lines of pasted text, CRLF or LF', () => {
    const s = type(appReducer(type(inbox(), 'r'), draft()), 'one\r\ntwo\nthree');
    expect(textOf(s)).toBe('Hi Anna,\n\none\ntwo\nthree\n\nRiitta\n');
  });

  it('edits by word and line with readline keys (C-w, C-a, C-e, C-k)', () => {
    let s = type(appReducer(type(inbox(), 'r'), draft()), 'the parcel left today');
    s = type(s, '\x17'); // C-w
    expect(textOf(s)).toContain('the parcel left \n');
    s = type(s, '\x01X\x05Y'); // C-a X C-e Y
    expect(textOf(s)).toContain('Xthe parcel left Y\n');
    s = type(s, '\x01\x0b'); // C-a C-k
    expect(textOf(s)).toBe('Hi Anna,\n\n\n\nRiitta\n');
  });
});

describe('composer: the review', () => {
  it('scrolls a long reply (j, k, Space, b, g, G) within its lines, and only in the review', async () => {
    const { composeLines } = await import('../../src/tui/state/compose-lines.js');
    let s = appReducer(type(inbox(), 'r'), draft());
    s = type(s, Array.from({ length: 40 }, (_, i) => `line ${i + 1}`).join('\n'));
    s = type(s, '\x1b');
    const total = composeLines(s.screen as ComposeScreen, 79).lines.length;
    const page = 24 - 4;
    const scroll = (st: AppState) => (st.screen as ComposeScreen).scroll ?? 0;
    expect(scroll(s)).toBe(0);
    expect(scroll(type(s, 'jjj'))).toBe(3);
    expect(scroll(type(s, 'jjjk'))).toBe(2);
    expect(scroll(type(s, ' '))).toBe(page - 1);
    expect(scroll(type(s, ' b'))).toBe(0);
    expect(scroll(type(s, 'G'))).toBe(total - page);
    expect(scroll(type(s, 'Gj'))).toBe(total - page);
    expect(scroll(type(s, 'Gg'))).toBe(0);
    // Nothing was sent, saved or discarded by scrolling.
    expect(type(s, 'jkG gb').effects.filter((e) => e.type !== 'compose')).toEqual([]);
  });
});

describe('review: attachments', () => {
  const file = (name: string) => ({ name, size: 2048, hash: `h-${name}` });
  const review = (attachments: ReturnType<typeof file>[], text = 'Hi Anna,\n\nThe label is attached.\n\nRiitta\n') =>
    appReducer(type(inbox(), 'r'), { ...draft('review'), screen: { ...draft('review').screen, text, attachments } });

  it('a asks for a file, and Enter attaches it', () => {
    const asked = type(review([]), 'a');
    expect(asked.overlay).toMatchObject({ kind: 'prompt', prompt: { purpose: 'attach-file', label: 'attach file: ' } });
    expect(type(asked, '~/label.pdf\r').effects.at(-1)).toEqual({ type: 'attach-file', conversationId: 'a', path: '~/label.pdf' });
  });

  it('D takes off the only one at once, asks which of several, and says when there is none', () => {
    expect(type(review([file('x.pdf')]), 'D').effects.at(-1)).toEqual({ type: 'detach-file', conversationId: 'a', index: 0 });
    const asked = type(review([file('x.pdf'), file('y.pdf')]), 'D');
    expect(type(asked, '2\r').effects.at(-1)).toEqual({ type: 'detach-file', conversationId: 'a', index: 1 });
    expect(type(asked, '3\r').message).toEqual({ text: 'no attachment 3: 1–2', isError: true });
    expect(type(review([]), 'D').message?.text).toBe('no attachments to remove');
  });

  it('y sends the files with the reply; a text speaking of one with none attached asks first', () => {
    const sent = type(review([file('label.pdf')]), 'y');
    expect(sent.effects.at(-1)).toMatchObject({ type: 'queue-reply', attachments: [file('label.pdf')] });
    const asked = type(review([]), 'y');
    expect(asked.overlay).toMatchObject({ kind: 'confirm', question: 'The reply says "attached" but has no attachment (a adds one): send it as it is?' });
    expect(asked.effects.some((e) => e.type === 'queue-reply')).toBe(false);
    expect(type(review([], 'Hi Anna,\n\nIt left today.\n\nRiitta\n'), 'y').effects.at(-1)).toMatchObject({ type: 'queue-reply', attachments: [] });
  });
});

describe('review: the attach prompt completes paths', () => {
  const asking = () => type(appReducer(type(inbox(), 'r'), draft('review')), 'a~/la');
  it('asks for them on Tab, and takes the answer only onto the text it was asked for', () => {
    const tabbed = appReducer(asking(), { type: 'key', key: 'tab' });
    expect(tabbed.effects.at(-1)).toEqual({ type: 'complete-path', text: '~/la' });
    const completed = appReducer(tabbed, { type: 'prompt-completed', typed: '~/la', text: '~/label', choices: ['label.pdf', 'labels/'] });
    expect(completed.overlay).toMatchObject({ prompt: { text: '~/label', cursor: 7, hint: 'label.pdf  labels/' } });
    // Typed on meanwhile: the late answer is dropped.
    const typedOn = type(tabbed, 'b');
    expect(appReducer(typedOn, { type: 'prompt-completed', typed: '~/la', text: '~/label', choices: [] }).overlay).toMatchObject({ prompt: { text: '~/lab' } });
  });
});
