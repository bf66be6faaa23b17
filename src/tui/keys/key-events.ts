/**
 * Turns what Ink's useInput reports into key names, one per key. Ink hands over a whole chunk at
 * once when keys come faster than it reads them, or are pasted ("jjk\r"); every key in it counts,
 * in order. This module is the only one that looks at Ink's `key` object.
 */
export type KeyName = string;

/** The subset of Ink's Key that matters here. */
export type InkKey = {
  upArrow: boolean;
  downArrow: boolean;
  leftArrow: boolean;
  rightArrow: boolean;
  pageDown: boolean;
  pageUp: boolean;
  home?: boolean;
  end?: boolean;
  return: boolean;
  escape: boolean;
  ctrl: boolean;
  shift: boolean;
  tab: boolean;
  backspace: boolean;
  delete: boolean;
  meta: boolean;
};

const named: [keyof InkKey, KeyName][] = [
  ['upArrow', 'up'],
  ['downArrow', 'down'],
  ['leftArrow', 'left'],
  ['rightArrow', 'right'],
  ['pageDown', 'pagedown'],
  ['pageUp', 'pageup'],
  ['home', 'home'],
  ['end', 'end'],
  ['return', 'return'],
  ['backspace', 'backspace'],
  // Most terminals send DEL (0x7f) for the Backspace key; Ink calls that "delete".
  ['delete', 'backspace'],
];

/** One character of typed or pasted text as a key name. */
function keyOfChar(ch: string): KeyName | null {
  if (ch === '\r' || ch === '\n') return 'return';
  if (ch === '\t') return 'tab';
  if (ch === ' ') return 'space';
  if (ch === '\x7f' || ch === '\b') return 'backspace';
  if (ch === '\x1b') return 'escape';
  const code = ch.codePointAt(0)!;
  if (code >= 1 && code <= 26) return `ctrl-${String.fromCharCode(code + 96)}`;
  // Other controls (C0, C1) are never keys here, and must not reach the screen through a prompt.
  if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return null;
  return ch;
}

export function keysOf(input: string, key: InkKey): KeyName[] {
  if (key.tab) return [key.shift ? 'shift-tab' : 'tab'];
  for (const [flag, name] of named) if (key[flag]) return [name];
  if (key.escape) return ['escape'];
  if (key.ctrl && /^[a-z]$/.test(input)) return [`ctrl-${input}`];
  if (key.meta && input.length === 1) return [`alt-${input}`];
  const keys: KeyName[] = [];
  let last = '';
  for (const ch of input) {
    // A pasted CRLF is one line break, not two.
    const crlf = ch === '\n' && last === '\r';
    last = ch;
    if (crlf) continue;
    const k = keyOfChar(ch);
    if (k !== null) keys.push(k);
  }
  return keys;
}

/** The text a key types into a prompt, or null when it is not text. */
export function textOfKey(key: KeyName): string | null {
  if (key === 'space') return ' ';
  return [...key].length === 1 ? key : null;
}
