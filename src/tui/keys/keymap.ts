/**
 * The only authority on keys: every key in every context is looked up here (`matchKey`), and the
 * `?` help, the hint line and titles that name keys are generated from the same table. Reducers see
 * named actions (with a parameter where one key stands for one of many: `view.select 3`), never keys,
 * so a binding the owner changes (keymap-config.ts) changes behaviour and help together.
 */
import { displayWidth } from '../../cli/output/terminal-width.js';
import type { KeyName } from './key-events.js';
import { keyContexts, type Binding, type KeyAction, type KeyContext, type Keymap, type KeyMode } from './keymap-types.js';

export { indexedActions, keyActions, keyContexts, type Binding, type KeyAction, type KeyContext, type Keymap, type KeyMode } from './keymap-types.js';

/** What a key means where it was pressed: an action, and its number for indexed ones. */
export type Bound = { action: KeyAction; index?: number };

const chains: Record<KeyMode, KeyContext[]> = {
  inbox: ['global', 'inbox', 'triage', 'app'],
  conversation: ['global', 'conversation', 'triage', 'app'],
  review: ['global', 'review', 'app'],
  editor: ['global', 'editor'],
  prompt: ['global', 'prompt'],
  confirm: ['global', 'confirm'],
  help: ['global', 'help'],
};

/** The contexts a mode reads, in lookup order. */
export function chainOf(mode: KeyMode): KeyContext[] {
  return chains[mode];
}

export const keyModes = Object.keys(chains) as KeyMode[];

/** The action a key means in a mode: the first context of its chain that binds the key. */
export function matchKey(keymap: Keymap, mode: KeyMode, key: KeyName): Bound | undefined {
  for (const context of chains[mode]) {
    const binding = keymap[context].find((b) => b.keys.includes(key));
    if (binding) return binding.index === undefined ? { action: binding.action } : { action: binding.action, index: binding.index };
  }
  return undefined;
}

/** The keys bound to an action in a mode (first key first), for hints and titles; empty when unbound. */
export function keysFor(keymap: Keymap, mode: KeyMode, action: KeyAction): KeyName[] {
  const keys: KeyName[] = [];
  for (const context of chains[mode]) {
    for (const b of keymap[context]) if (b.action === action) for (const k of b.keys) if (matchKey(keymap, mode, k)?.action === action) keys.push(k);
  }
  return keys;
}

/**
 * "y send · e edit": each action with the first key that reaches it in the mode (unbound ones left
 * out). With `width`, only the hints that fit, each whole (a hint cut to "q…" names no key): they
 * give way from the end, all but the help's, the way to all the others.
 */
export function hintLine(keymap: Keymap, mode: KeyMode, items: [KeyAction, string][], width = Infinity): string {
  const hints = items.flatMap(([action, text]) => {
    const key = keysFor(keymap, mode, action)[0];
    return key === undefined ? [] : [{ action, text: `${keyLabel(key)} ${text}` }];
  });
  const line = () => hints.map((h) => h.text).join(' · ');
  for (let i = hints.length - 1; i >= 0 && hints.length > 1 && displayWidth(line()) > width; i--) if (hints[i].action !== 'app.help') hints.splice(i, 1);
  return line();
}

/**
 * Keys that mean two things in one mode: within a context, a key bound to two actions; across the
 * contexts of a mode, an earlier context's key that hides a later context's different action.
 */
export function keyConflicts(keymap: Keymap): { mode: KeyMode; key: KeyName; contexts: KeyContext[]; actions: string[] }[] {
  const out: { mode: KeyMode; key: KeyName; contexts: KeyContext[]; actions: string[] }[] = [];
  const seen = new Set<string>();
  for (const mode of keyModes) {
    const meaning = new Map<KeyName, { context: KeyContext; name: string }[]>();
    for (const context of chains[mode]) {
      for (const b of keymap[context]) {
        const name = b.index === undefined ? b.action : `${b.action} ${b.index}`;
        for (const key of b.keys) meaning.set(key, [...(meaning.get(key) ?? []), { context, name }]);
      }
    }
    for (const [key, all] of meaning) {
      const names = [...new Set(all.map((m) => m.name))];
      if (names.length < 2) continue;
      const contexts = [...new Set(all.map((m) => m.context))];
      const id = `${key} ${contexts.join(',')} ${names.join(',')}`;
      if (seen.has(id)) continue;
      seen.add(id);
      out.push({ mode, key, contexts, actions: names });
    }
  }
  return out;
}

const keyLabels: Record<string, string> = { return: 'Enter', escape: 'Esc', space: 'Space', tab: 'Tab', 'shift-tab': 'S-Tab', pagedown: 'PgDn', pageup: 'PgUp', home: 'Home', end: 'End', up: '↑', down: '↓', left: '←', right: '→', backspace: 'BS' };

/** How a key is written in the help: "j", "Enter", "C-d", "M-b". */
export function keyLabel(key: KeyName): string {
  if (keyLabels[key]) return keyLabels[key];
  if (key.startsWith('ctrl-')) return `C-${key.slice(5)}`;
  if (key.startsWith('alt-')) return `M-${key.slice(4)}`;
  return key;
}

const titles: Record<KeyContext, string> = {
  global: 'Anywhere',
  app: 'Inbox, conversation and review',
  inbox: 'Inbox',
  conversation: 'Conversation',
  triage: 'Triage (list: cursor or marked)',
  review: 'Reply: review',
  editor: 'Reply: writing (other keys type)',
  prompt: 'Prompts (other keys type)',
  confirm: 'Questions',
  help: 'This help',
};

/**
 * The help, generated from the keymap: per context, "keys — what they do" lines (grouped bindings
 * share one; digits in a row read as a range, "1-5"). Like mutt's, the screen's own contexts come first.
 */
export function helpSections(keymap: Keymap, contexts: KeyContext[] = keyContexts): { title: string; lines: { keys: string; help: string }[] }[] {
  return contexts.map((context) => {
    const lines: { keys: string[]; help: string; group?: string }[] = [];
    for (const b of keymap[context]) {
      if (b.keys.length === 0) continue;
      const last = lines.at(-1);
      if (b.group && last?.group === b.group) last.keys.push(...b.keys);
      else lines.push({ keys: [...b.keys], help: b.group ?? b.help, group: b.group });
    }
    return { title: titles[context], lines: lines.map(({ keys, help }) => ({ keys: labelKeys(keys), help })) };
  });
}

/** "1-5" for a run of consecutive digits, else the keys' labels ("g Home G End"). */
function labelKeys(keys: KeyName[]): string {
  const digits = keys.every((k) => /^\d$/.test(k)) && keys.length > 2 && keys.every((k, i) => i === 0 || Number(k) === Number(keys[i - 1]) + 1);
  return digits ? `${keys[0]}-${keys.at(-1)}` : keys.map(keyLabel).join(' ');
}
