import { describe, expect, it } from 'vitest';
import { keysOf, textOfKey, type InkKey } from '../../src/tui/keys/key-events.js';

const none: InkKey = { upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false };

describe('keysOf', () => {
  it('splits a chunk of fast or pasted keys into every key, in order', () => {
    expect(keysOf('jjk\r', none)).toEqual(['j', 'j', 'k', 'return']);
    expect(keysOf('t+vip\t\x7f\r', none)).toEqual(['t', '+', 'v', 'i', 'p', 'tab', 'backspace', 'return']);
    expect(keysOf('x x', none)).toEqual(['x', 'space', 'x']);
  });

  it('names the special keys Ink reports', () => {
    expect(keysOf('', { ...none, downArrow: true })).toEqual(['down']);
    expect(keysOf('', { ...none, return: true })).toEqual(['return']);
    expect(keysOf('', { ...none, tab: true, shift: true })).toEqual(['shift-tab']);
    expect(keysOf('', { ...none, delete: true })).toEqual(['backspace']);
    expect(keysOf('c', { ...none, ctrl: true })).toEqual(['ctrl-c']);
    expect(keysOf('', { ...none, escape: true, meta: true })).toEqual(['escape']);
  });

  it('keeps wide characters whole and drops control characters that are no key', () => {
    expect(keysOf('田中🥾', none)).toEqual(['田', '中', '🥾']);
    expect(keysOf('a\x00\x9bb', none)).toEqual(['a', 'b']);
    expect(keysOf('\x15', none)).toEqual(['ctrl-u']);
  });

  it('tells which keys type text into a prompt', () => {
    expect(['a', 'space', '田', 'return', 'ctrl-u'].map(textOfKey)).toEqual(['a', ' ', '田', null, null]);
  });
});
