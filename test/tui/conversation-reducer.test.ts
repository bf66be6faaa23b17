import { describe, expect, it } from 'vitest';
import type { ConversationDetail } from '../../src/core/services/conversation-service.js';
import { appReducer } from '../../src/tui/state/app-reducer.js';
import { initialState, type AppState, type ConversationScreen, type Row } from '../../src/tui/state/app-state.js';
import { currentConversationLayout } from '../../src/tui/state/selectors.js';

const now = Date.parse('2026-11-23T12:00:00Z');
const row: Row = { id: 'c1', name: 'Anna', email: 'anna@ex.com', subject: 'Boots', tags: [], messageCount: 6, isUnread: true, status: 'open', waitingSince: null, snoozedUntil: null, lastRepliedAt: null, statusChangedAt: null, lastMessageAt: '2026-11-23T10:00:00Z' };

/** Six messages, the shop answering each; the last two unread. */
function detail(): ConversationDetail {
  const view = { id: 'c1', subject: 'Boots', customer: 'anna@ex.com', status: 'open' as const, snoozedUntil: null, tags: [], notes: [], isUnread: true, messageCount: 6, firstMessageAt: '2026-11-01T00:00:00Z', lastMessageAt: '2026-11-23T10:00:00Z', waitingSince: null, lastRepliedAt: null, statusChangedAt: null, hasAttachments: false, automated: null, bouncedAt: null, promise: null, record: {} as never };
  const anna = { name: 'Anna', email: 'anna@ex.com' };
  const shop = { name: 'Riitta', email: 'riitta@shop.example' };
  const messages = Array.from({ length: 6 }, (_, i) => {
    const inbound = i % 2 === 0;
    const meta = { seq: i, id: `m${i}`, messageId: `<m${i}@x>`, isSyntheticId: false, hash: `h${i}`, size: 1, date: `2026-11-${String(10 + i).padStart(2, '0')}T10:00:00Z`, from: inbound ? anna : shop, to: [inbound ? shop : anna], cc: [], replyTo: [], subject: i === 0 ? 'Boots' : i === 4 ? 'Re: Boots, and a belt' : 'Re: Boots', references: [], inReplyTo: null, inReplyToWellFormed: false, direction: inbound ? 'in' : 'out', customer: 'anna@ex.com', attachments: [], snippet: '', seenOnArrival: i < 4, source: 's' };
    const text = `message ${i} first line\n${Array.from({ length: 8 }, (_, l) => `body ${i}.${l}`).join('\n')}`;
    return { meta: meta as never, body: { text, fragments: [{ kind: 'text' as const, text }], warnings: [] }, depth: 0, isUnread: i >= 4, deletedOnServer: false, thirdParty: false };
  });
  return { conversation: view, customer: { email: 'anna@ex.com', name: 'Anna', firstName: 'Anna', notes: [], conversationIds: ['c1'], firstContactAt: '2024-01-01T00:00:00Z', lastContactAt: null }, otherConversations: [], messages };
}

function opened(): AppState {
  let s = initialState({ columns: 80, rows: 24, now, hasAccount: false });
  s = appReducer(s, { type: 'list-loaded', rows: [row], tagsInUse: [] });
  s = appReducer(s, { type: 'key', key: 'return' });
  return appReducer(s, { type: 'detail-loaded', detail: detail() });
}
const keys = (s: AppState, ...names: string[]) => names.reduce((state, key) => appReducer(state, { type: 'key', key }), s);
const screenOf = (s: AppState) => s.screen as ConversationScreen;
const text = (s: AppState) => currentConversationLayout(s).lines.map((l) => l.map((x) => x.text).join(''));

describe('a long conversation', () => {
  it('opens at the first unread message, the ones before it one line each', () => {
    const s = opened();
    expect(screenOf(s)).toMatchObject({ focus: 4, current: 4 });
    const lines = text(s);
    for (let i = 0; i < 4; i++) {
      expect(lines.filter((l) => l.includes(`message ${i} first line`))).toHaveLength(1);
      expect(lines.some((l) => l.includes(`body ${i}.0`))).toBe(false);
    }
    expect(lines.some((l) => l.includes('body 4.7'))).toBe(true);
    // Scrolled to it: its header is on screen.
    const { starts } = currentConversationLayout(s);
    expect(screenOf(s).scroll).toBeLessThanOrEqual(starts[4]);
    expect(starts[4] - screenOf(s).scroll).toBeLessThan(24 - 4);
  });

  it('moves between messages with n and p, and opens a folded one with Enter', () => {
    let s = keys(opened(), 'n');
    expect(screenOf(s).current).toBe(5);
    expect(screenOf(s).scroll).toBe(Math.min(currentConversationLayout(s).starts[5], currentConversationLayout(s).lines.length - 20));
    s = keys(s, 'p', 'p');
    expect(screenOf(s).current).toBe(3);
    expect(text(s).some((l) => l.includes('body 3.0'))).toBe(false);
    s = keys(s, 'return');
    expect(text(s).some((l) => l.includes('body 3.7'))).toBe(true);
    s = keys(s, 'return');
    expect(text(s).some((l) => l.includes('body 3.0'))).toBe(false);
    // n and p stop at the ends.
    expect(screenOf(keys(s, 'p', 'p', 'p', 'p', 'p')).current).toBe(0);
    expect(screenOf(keys(s, 'n', 'n', 'n', 'n', 'n')).current).toBe(5);
  });

  it('shows To and Subject only where they change', () => {
    const s = keys(opened(), 'return'); // nothing to open at the focus: a no-op
    const lines = text(keys(s, 'p', 'p', 'p', 'p', 'return', 'n', 'return', 'n', 'return', 'n', 'return'));
    // Each message answers the one before: To changes every time (Anna, the shop, Anna…).
    expect(lines.filter((l) => l.trim().startsWith('To:')).length).toBe(6);
    // "Re: Boots" is the same subject as "Boots"; message 4 changed it, and message 5 changed it back.
    expect(lines.filter((l) => l.trim().startsWith('Subject:'))).toEqual(['  Subject: Re: Boots, and a belt', '  Subject: Re: Boots']);
  });
});

describe('a reply of the conversation that did not go', () => {
  const withTrouble = (status: 'failed' | 'unknown') =>
    appReducer(opened(), { type: 'detail-loaded', detail: detail(), troubles: [{ entryId: 'e1', status, queuedAt: '2026-11-23T11:00:00Z', error: 'connection refused\x1b[8m' }] });

  it('is shown at the end of the thread with why and the keys for it (the server\'s words made safe)', () => {
    const lines = text(withTrouble('failed'));
    const at = lines.findIndex((l) => l.includes('✕ your reply of'));
    expect(at).toBeGreaterThan(lines.findIndex((l) => l.includes('message 5 first line')));
    const shown = lines.slice(at).map((l) => l.trim()).join(' ');
    expect(shown).toMatch(/did not go \(retried by itself\): connection refused␛\[8m/);
    expect(lines.at(-1)).toContain('S sends it again · D makes it your draft again');
    expect(text(opened()).some((l) => l.includes('your reply of'))).toBe(false);
  });

  it('S sends a failed one again at once; one of unknown fate asks first; D takes it back as the draft', () => {
    expect(keys(withTrouble('failed'), 'S').effects.at(-1)).toEqual({ type: 'retry-reply', entryId: 'e1' });
    const asked = keys(withTrouble('unknown'), 'S');
    expect(asked.overlay).toMatchObject({ kind: 'confirm', question: expect.stringContaining('may have arrived already') });
    expect(asked.effects.some((e) => e.type === 'retry-reply')).toBe(false);
    expect(keys(asked, 'y').effects.at(-1)).toEqual({ type: 'retry-reply', entryId: 'e1' });
    expect(keys(asked, 'n').effects.some((e) => e.type === 'retry-reply')).toBe(false);
    expect(keys(withTrouble('unknown'), 'D').effects.at(-1)).toEqual({ type: 'discard-reply', entryId: 'e1' });
    expect(keys(opened(), 'S').message?.text).toBe('no reply here waits to be sent again');
  });
});

describe('/ in a conversation', () => {
  const find = (s: AppState, words: string) => keys(keys(s, '/'), ...[...words], 'return');
  const top = (s: AppState) => text(s)[screenOf(s).scroll];

  it('opens a folded message that holds the words and brings their line to the top', () => {
    const s = find(opened(), 'BODY 1.3');
    expect(screenOf(s).expanded).toContain(1);
    expect(top(s)).toContain('body 1.3');
    expect(s.message?.text).toContain('found "BODY 1.3"');
  });

  it('an empty / finds the same words again, further on, and round to the start', () => {
    const first = find(opened(), 'first line');
    const second = keys(keys(first, '/'), 'return');
    expect(screenOf(second).scroll).toBeGreaterThan(screenOf(first).scroll);
    expect(top(second)).toContain('first line');
  });

  it('says so when the words are nowhere, and leaves the view as it was', () => {
    const before = opened();
    const s = find(before, 'umbrella');
    expect(s.message).toEqual({ text: 'not found in this conversation: umbrella', isError: true });
    expect(screenOf(s).scroll).toBe(screenOf(before).scroll);
  });

  it('marks the found words on the line, with » in the margin for NO_COLOR', async () => {
    const { markFound } = await import('../../src/tui/state/thread-search.js');
    const marked = markFound([{ text: '  the Body of it' }], 'body');
    expect(marked.map((x) => x.text).join('')).toBe('» the Body of it');
    expect(marked.find((x) => x.inverse)?.text).toBe('Body');
  });
});
