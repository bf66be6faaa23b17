/**
 * v, W and | on a conversation's attachments: numbered across the conversation as shown, a prompt
 * that says what it needs and stays open on a bad answer, and the effect the owner asked for. The
 * keys come from the keymap: rebinding v moves the behaviour with it.
 */
import { describe, expect, it } from 'vitest';
import type { ConversationDetail } from '../../src/core/services/conversation-service.js';
import { appReducer } from '../../src/tui/state/app-reducer.js';
import { initialState, type AppState, type Row } from '../../src/tui/state/app-state.js';
import { currentConversationLayout } from '../../src/tui/state/selectors.js';
import { buildKeymap } from '../../src/tui/keys/keymap-config.js';
import { defaultKeymap } from '../../src/tui/keys/keymap-defaults.js';

const now = Date.parse('2026-11-23T12:00:00Z');
const row: Row = { id: 'c1', name: 'Anna', email: 'anna@ex.com', subject: 'Boots', tags: [], messageCount: 3, isUnread: true, status: 'open', waitingSince: null, snoozedUntil: null, lastRepliedAt: null, statusChangedAt: null, lastMessageAt: '2026-11-23T10:00:00Z' };
const file = (name: string, size = 2048) => ({ name, type: 'image/jpeg', size });

/** Three messages carrying 2, 0 and 1 attachments (or `counts`). */
function detail(counts = [2, 0, 1]): ConversationDetail {
  const view = { id: 'c1', subject: 'Boots', customer: 'anna@ex.com', status: 'open' as const, snoozedUntil: null, tags: [], notes: [], isUnread: true, messageCount: counts.length, firstMessageAt: '2026-11-01T00:00:00Z', lastMessageAt: '2026-11-23T10:00:00Z', waitingSince: null, lastRepliedAt: null, statusChangedAt: null, hasAttachments: true, automated: null, bouncedAt: null, promise: null, record: {} as never };
  const anna = { name: 'Anna', email: 'anna@ex.com' };
  const messages = counts.map((n, i) => {
    const meta = { seq: i, id: `m${i}`, messageId: `<m${i}@x>`, isSyntheticId: false, hash: `h${i}`, size: 1, date: `2026-11-2${i}T10:00:00Z`, from: anna, to: [], cc: [], replyTo: [], subject: 'Boots', references: [], inReplyTo: null, inReplyToWellFormed: false, direction: 'in', customer: 'anna@ex.com', attachments: Array.from({ length: n }, (_, k) => file(`photo-${i}-${k}.jpg`)), snippet: '', seenOnArrival: false, source: 's' };
    return { meta: meta as never, body: { text: `message ${i}`, fragments: [{ kind: 'text' as const, text: `message ${i}` }], warnings: [] }, depth: 0, isUnread: true, deletedOnServer: false, thirdParty: false };
  });
  return { conversation: view, customer: { email: 'anna@ex.com', name: 'Anna', firstName: 'Anna', notes: [], conversationIds: ['c1'], firstContactAt: null, lastContactAt: null }, otherConversations: [], messages };
}

function opened(counts?: number[], keymap = defaultKeymap): AppState {
  let s = initialState({ columns: 100, rows: 30, now, hasAccount: false, keymap });
  s = appReducer(s, { type: 'list-loaded', rows: [row], tagsInUse: [] });
  s = appReducer(s, { type: 'key', key: 'return' });
  return appReducer(s, { type: 'detail-loaded', detail: detail(counts) });
}
const keys = (s: AppState, ...names: string[]) => names.reduce((state, key) => appReducer(state, { type: 'key', key }), s);
const typed = (s: AppState, text: string) => keys(s, ...[...text]);
const prompt = (s: AppState) => (s.overlay?.kind === 'prompt' ? s.overlay.prompt : null);

describe('attachments in a conversation', () => {
  it('are numbered across the conversation, in the order shown', () => {
    const lines = currentConversationLayout(opened()).lines.map((l) => l.map((x) => x.text).join(''));
    const numbered = lines.filter((l) => l.includes('📎')).map((l) => l.trim());
    expect(numbered).toEqual(['📎 1  photo-0-0.jpg  image/jpeg  2 KB', '📎 2  photo-0-1.jpg  image/jpeg  2 KB', '📎 3  photo-2-0.jpg  image/jpeg  2 KB']);
  });

  it('v opens the only one at once, or asks which, and a number it does not have keeps the prompt open', () => {
    expect(keys(opened([0, 1]), 'v').effects.at(-1)).toEqual({ type: 'open-attachment', id: 'c1', number: 1 });
    const asked = keys(opened(), 'v');
    expect(prompt(asked)).toMatchObject({ purpose: 'open-attachment', label: 'open attachment: ' });
    expect(prompt(asked)?.hint).toContain('1–3');
    const wrong = keys(typed(asked, '7'), 'return');
    expect(prompt(wrong)?.text).toBe('7');
    expect(wrong.message).toEqual({ text: 'this conversation has 3 attachments, not 7', isError: true });
    expect(wrong.effects.some((e) => e.type === 'open-attachment')).toBe(false);
    const right = keys(typed(keys(wrong, 'backspace'), '3'), 'return');
    expect(right.overlay).toBeNull();
    expect(right.effects.at(-1)).toEqual({ type: 'open-attachment', id: 'c1', number: 3 });
  });

  it('W saves all into ~/Downloads by default, or the numbers given into the folder typed', () => {
    const asked = keys(opened(), 'E');
    expect(prompt(asked)?.text).toBe('all ~/Downloads/');
    expect(keys(asked, 'return').effects.at(-1)).toEqual({ type: 'save-attachments', id: 'c1', numbers: [], folder: '~/Downloads/' });
    const chosen = keys(typed(keys(asked, 'ctrl-u'), '1, 3 /tmp/Anna boots'), 'return');
    expect(chosen.effects.at(-1)).toEqual({ type: 'save-attachments', id: 'c1', numbers: [1, 3], folder: '/tmp/Anna boots' });
    const noFolder = keys(typed(keys(asked, 'ctrl-u'), '2'), 'return');
    expect([prompt(noFolder)?.hint, noFolder.effects.some((e) => e.type === 'save-attachments')]).toEqual(['save them into which folder?', false]);
  });

  it('| pipes one into a command', () => {
    const asked = keys(opened(), '|');
    expect(keys(typed(asked, '2 wc -c'), 'return').effects.at(-1)).toEqual({ type: 'pipe-attachment', id: 'c1', number: 2, command: 'wc -c' });
    expect(prompt(keys(typed(asked, '2'), 'return'))?.hint).toBe('pipe it into which command?');
    expect(keys(opened([0, 1]), '|').overlay).toMatchObject({ prompt: { text: '1 ' } });
  });

  it("says so when there are none, and follows the owner's keys", () => {
    expect(keys(opened([0, 0]), 'v').message?.text).toBe('no attachments in this conversation');
    const rebound = buildKeymap({ conversation: { 'conversation.open-attachment': ['V'] } });
    expect(keys(opened([1], rebound), 'V').effects.at(-1)).toEqual({ type: 'open-attachment', id: 'c1', number: 1 });
    expect(keys(opened([1], rebound), 'v').effects.some((e) => e.type === 'open-attachment')).toBe(false);
  });
});
