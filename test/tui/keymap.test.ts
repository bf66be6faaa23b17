import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chainOf, hintLine, keyActions, keyConflicts, keyContexts, keyLabel, keyModes, matchKey, type Keymap } from '../../src/tui/keys/keymap.js';
import { defaultKeymap } from '../../src/tui/keys/keymap-defaults.js';
import { buildKeymap, keyTable, KeymapError, parseKeyName } from '../../src/tui/keys/keymap-config.js';
import { appReducer } from '../../src/tui/state/app-reducer.js';
import { initialState, type AppState, type Row } from '../../src/tui/state/app-state.js';
import { helpLines } from '../../src/tui/screens/help-screen.js';

const now = Date.parse('2026-11-23T12:00:00Z');
const row = (id: string): Row => ({ id, name: `Customer ${id}`, email: `${id}@ex.com`, subject: `Subject ${id}`, tags: [], messageCount: 1, isUnread: false, status: 'open', waitingSince: null, snoozedUntil: null, lastRepliedAt: null, statusChangedAt: null, lastMessageAt: '2026-11-23T10:00:00Z' });

function inbox(keymap?: Keymap): AppState {
  let s = initialState({ columns: 80, rows: 24, now, hasAccount: false, keymap, savedSearches: ['refunds'] });
  s = appReducer(s, { type: 'effects-taken', count: s.effects.length });
  return appReducer(s, { type: 'list-loaded', rows: ['a', 'b', 'c'].map(row), tagsInUse: [] });
}
const keys = (s: AppState, ...names: string[]) => names.reduce((state, key) => appReducer(state, { type: 'key', key }), s);
const text = (lines: ReturnType<typeof helpLines>) => lines.map((l) => l.map((s) => s.text).join('')).join('\n');

describe('keymap', () => {
  it('gives a hint line only whole hints that fit, dropping from the end but keeping the help', () => {
    const items: [Parameters<typeof hintLine>[2][number][0], string][] = [['list.next', 'move'], ['list.open', 'open'], ['reply.open', 'reply'], ['app.help', 'help']];
    expect(hintLine(defaultKeymap, 'inbox', items)).toBe('j move · Enter open · r reply · ? help');
    expect(hintLine(defaultKeymap, 'inbox', items, 30)).toBe('j move · Enter open · ? help');
    expect(hintLine(defaultKeymap, 'inbox', items, 10)).toBe('? help');
    // Without the help among them, the last give way first.
    expect(hintLine(defaultKeymap, 'inbox', items.slice(0, 3), 20)).toBe('j move · Enter open');
  });

  it('means one thing per key on every screen and overlay, as shipped', () => {
    expect(keyConflicts(defaultKeymap)).toEqual([]);
  });

  it('binds every action somewhere, and every context is read by some mode', () => {
    const bound = new Set(keyContexts.flatMap((c) => defaultKeymap[c].filter((b) => b.keys.length > 0).map((b) => b.action)));
    expect(keyActions.filter((a) => !bound.has(a))).toEqual([]);
    const read = new Set(keyModes.flatMap(chainOf));
    expect(keyContexts.filter((c) => !read.has(c))).toEqual([]);
  });

  it('gives indexed actions their number', () => {
    expect(matchKey(defaultKeymap, 'inbox', '3')).toEqual({ action: 'view.select', index: 3 });
    expect(matchKey(defaultKeymap, 'conversation', '3')).toEqual({ action: 'conversation.open-earlier', index: 3 });
    expect(matchKey(defaultKeymap, 'editor', '3')).toBeUndefined(); // typed, not an action
    expect(matchKey(defaultKeymap, 'prompt', 'ctrl-c')).toEqual({ action: 'app.quit' });
  });

  it('is the only way keys reach the reducers: no screen reducer sees a raw key', () => {
    const dir = join(import.meta.dirname, '../../src/tui/state');
    // Every reducer but the router, and what they use to edit text.
    const reducers = readdirSync(dir).filter((f) => (/reducer/.test(f) || f === 'line-editor.ts') && f !== 'app-reducer.ts');
    expect(reducers.length).toBeGreaterThan(6);
    for (const file of reducers) {
      const source = readFileSync(join(dir, file), 'utf8');
      // No key names, no key events module, no comparisons with a key.
      expect(source, file).not.toMatch(/key-events\.js|\bKeyName\b|matchKey|\bkey\s*===|case '(?:[a-zA-Z?/$]|escape|return|backspace|tab|up|down|left|right|ctrl-\w)'/);
    }
    // The router asks the keymap and nothing else.
    const router = readFileSync(join(dir, 'app-reducer.ts'), 'utf8');
    expect(router).not.toMatch(/\bkey\s*===|case '(?:[a-zA-Z?/$]|escape|return|ctrl-\w)'/);
  });

  it('changes behaviour and help together when the owner rebinds a key', () => {
    const keymap = buildKeymap({ inbox: { 'list.next': ['n', 'down'], 'view.select 7': ['F'] }, triage: { 'triage.note': ['A'], 'triage.close': ['C'] } });
    const before = inbox();
    const after = inbox(keymap);
    expect(keys(before, 'j').inbox.cursor).toBe(1);
    expect(keys(after, 'j').inbox.cursor).toBe(0);
    expect(keys(after, 'n').inbox.cursor).toBe(1);
    expect(keys(after, 'F').inbox.view).toBe('@refunds');
    expect(keys(after, '7').inbox.view).toBe('open');
    expect(keys(after, 'C').effects.at(-1)).toMatchObject({ type: 'status', status: 'closed' });
    expect(keys(after, 'c').effects).toEqual([]);
    const help = text(helpLines(keymap, 80, [['inbox', 'triage']]));
    expect(help).toMatch(/n ↓\s+next conversation/);
    expect(help).not.toMatch(/j ↓/);
    expect(help).toMatch(/C\s+close/);
    expect(help).toMatch(/A\s+note on conversation/);
  });

  it('never starts a help column with the rest of a wrapped entry', () => {
    for (const columns of [80, 120]) {
      const rows = text(helpLines(defaultKeymap, columns)).split('\n');
      const cols = Math.min(3, Math.floor((columns - 1) / 39));
      const width = Math.floor((columns - 1) / cols);
      // Each column's first cell: a section title or a key, never the blank keys place of a continuation.
      for (let c = 1; c < cols; c++) expect(rows[0].slice(c * width, c * width + 1), `column ${c + 1} at ${columns}`).not.toBe(' ');
    }
  });

  it('refuses unknown contexts, actions and keys, and keys meaning two things, naming the entry', () => {
    const error = (overrides: Parameters<typeof buildKeymap>[0]) => {
      try {
        buildKeymap(overrides);
      } catch (e) {
        expect(e).toBeInstanceOf(KeymapError);
        return `${(e as KeymapError).field}: ${(e as Error).message}`;
      }
      return 'no error';
    };
    expect(error({ inbx: { 'list.next': ['j'] } })).toMatch(/^keys\.inbx: unknown context/);
    expect(error({ inbox: { 'list.nxt': ['j'] } })).toMatch(/^keys\.inbox\.list\.nxt: unknown action "list\.nxt"/);
    expect(error({ inbox: { 'triage.close': ['j'] } })).toMatch(/^keys\.inbox\.triage\.close: triage\.close is not an action of inbox; it is one of triage/);
    expect(error({ inbox: { 'view.select': ['j'] } })).toMatch(/view\.select needs a number from 1 to 9/);
    expect(error({ inbox: { 'view.select 10': ['j'] } })).toMatch(/needs a number/);
    expect(error({ inbox: { 'list.next': ['C-Q-x'] } })).toMatch(/"C-Q-x" is not a key/);
    expect(error({ inbox: { 'list.next': ['\u0007'] } })).toMatch(/is not a key/);
    // a is the note key: one key, two meanings on the list.
    expect(error({ inbox: { 'list.next': ['a'] } })).toMatch(/^keys\.inbox\.list\.next: a would mean both list\.next and triage\.note/);
    // Within one context too.
    expect(error({ review: { 'compose.send': ['d'] } })).toMatch(/^keys\.review\.compose\.send: d would mean both compose\.send and compose\.discard/);
    // …and moving the other key away makes it fine.
    expect(error({ review: { 'compose.send': ['d'], 'compose.discard': ['X'] } })).toBe('no error');
  });

  it('reads keys as people write them, and reads back what `h2h keys` prints', () => {
    expect(['Enter', 'esc', 'C-t', '^t', 'ctrl-t', 'M-b', 'alt-b', 'Space', 'PgDn', 'S-Tab', '↑', 'x', 'G', 'ä'].map(parseKeyName)).toEqual(['return', 'escape', 'ctrl-t', 'ctrl-t', 'ctrl-t', 'alt-b', 'alt-b', 'space', 'pagedown', 'shift-tab', 'up', 'x', 'G', 'ä']);
    // Every label of the shipped table is a key the config accepts, as that same key.
    for (const context of keyContexts) for (const b of defaultKeymap[context]) for (const k of b.keys) expect(parseKeyName(keyLabel(k)), k).toBe(k);
    // The table a script reads is the keymap in effect.
    const table = keyTable(buildKeymap({ triage: { 'triage.close': ['C'] } }));
    expect(table.find((r) => r.action === 'triage.close')).toEqual({ context: 'triage', action: 'triage.close', keys: ['C'], help: 'close' });
    expect(table.find((r) => r.action === 'view.select 2')).toMatchObject({ context: 'inbox', keys: ['2'] });
    expect(table.length).toBe(keyContexts.reduce((n, c) => n + defaultKeymap[c].length, 0));
  });
});
