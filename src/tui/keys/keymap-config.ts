/**
 * The owner's key bindings (the config's `keys` section, like aerc's binds.conf contexts): per
 * context, an action (`view.select 3` for indexed ones) and the key or keys it takes instead of its
 * defaults (`[]` unbinds it). Unknown contexts, actions or key names, and a key that would mean two
 * things on one screen, are errors naming the entry (`keys.inbox.list.next`).
 */
import type { KeyName } from './key-events.js';
import { indexedActions, keyActions, keyConflicts, keyContexts, keyLabel, type Binding, type KeyAction, type KeyContext, type Keymap } from './keymap.js';
import { defaultKeymap } from './keymap-defaults.js';

/** As the config holds it (checked for shape by app/config.ts): context → action → keys. */
export type KeyOverrides = Record<string, Record<string, string[]>>;

export class KeymapError extends Error {
  constructor(
    /** Dotted path of the entry, e.g. `keys.inbox.list.next`. */
    readonly field: string,
    problem: string,
  ) {
    super(problem);
  }
}

const named = ['return', 'escape', 'space', 'tab', 'shift-tab', 'up', 'down', 'left', 'right', 'pageup', 'pagedown', 'home', 'end', 'backspace'];
/** How people write keys (mutt, aerc, Emacs) to the names keys arrive as (key-events.ts). */
const aliases: Record<string, KeyName> = { enter: 'return', ret: 'return', cr: 'return', esc: 'escape', spc: 'space', ' ': 'space', 'S-tab': 'shift-tab', 'backtab': 'shift-tab', pgup: 'pageup', pgdn: 'pagedown', bs: 'backspace', '<enter>': 'return', '<esc>': 'escape', '<space>': 'space', '<tab>': 'tab', 's-tab': 'shift-tab', '↑': 'up', '↓': 'down', '←': 'left', '→': 'right' };

/** A key as the owner wrote it ("Enter", "C-t", "M-b", "ctrl-t", "x"), as a key name; null when it is none. */
export function parseKeyName(written: string): KeyName | null {
  const alias = aliases[written] ?? aliases[written.toLowerCase()];
  if (alias) return alias;
  if (named.includes(written.toLowerCase())) return written.toLowerCase();
  const chord = /^(?:C-|ctrl-|\^)([a-z])$/i.exec(written);
  if (chord) return `ctrl-${chord[1].toLowerCase()}`;
  const meta = /^(?:M-|alt-|meta-)(.)$/i.exec(written);
  if (meta) return `alt-${meta[1]}`;
  const chars = [...written];
  // One printable character (a letter, digit, punctuation, or any other single character).
  if (chars.length === 1 && !/[\p{Cc}\p{Cf}\s]/u.test(written)) return written;
  return null;
}

/** An action name as written, with its number for indexed actions ("view.select 3"). */
function parseAction(written: string): { action: KeyAction; index?: number } | string {
  const [name, arg, ...rest] = written.trim().split(/\s+/);
  if (!(keyActions as readonly string[]).includes(name)) return `unknown action "${written}"`;
  const action = name as KeyAction;
  const max = indexedActions[action];
  if (max === undefined) return arg === undefined ? { action } : `${name} takes no number`;
  const index = Number(arg);
  if (rest.length || !Number.isInteger(index) || index < 1 || index > max) return `${name} needs a number from 1 to ${max}, e.g. "${name} 1"`;
  return { action, index };
}

const sameBinding = (b: Binding, a: { action: KeyAction; index?: number }) => b.action === a.action && b.index === a.index;

/** The defaults with the owner's bindings applied; throws KeymapError on the first bad entry. */
export function buildKeymap(overrides: KeyOverrides | undefined): Keymap {
  if (!overrides) return defaultKeymap;
  const keymap = Object.fromEntries(keyContexts.map((c) => [c, defaultKeymap[c].map((b) => ({ ...b, keys: [...b.keys] }))])) as Keymap;
  const origin = new Map<string, string>(); // "context key" → the entry that bound it
  for (const [contextName, entries] of Object.entries(overrides)) {
    if (!(keyContexts as string[]).includes(contextName)) throw new KeymapError(`keys.${contextName}`, `unknown context; the contexts are ${keyContexts.join(', ')}`);
    const context = contextName as KeyContext;
    for (const [written, keys] of Object.entries(entries)) {
      const field = `keys.${context}.${written}`;
      const parsed = parseAction(written);
      if (typeof parsed === 'string') throw new KeymapError(field, `${parsed} (h2h keys lists them)`);
      const binding = keymap[context].find((b) => sameBinding(b, parsed));
      if (!binding) {
        const where = keyContexts.filter((c) => defaultKeymap[c].some((b) => sameBinding(b, parsed)));
        throw new KeymapError(field, `${written} is not an action of ${context}${where.length ? `; it is one of ${where.join(', ')}` : ''}`);
      }
      const names = keys.map((k) => {
        const name = parseKeyName(k);
        if (name === null) throw new KeymapError(field, `"${k}" is not a key (write a character, Enter, Esc, Tab, Space, C-x, M-x, Up, PgDn…)`);
        return name;
      });
      binding.keys = [...new Set(names)];
      for (const k of binding.keys) origin.set(`${context} ${k}`, field);
    }
  }
  const conflict = keyConflicts(keymap)[0];
  if (conflict) {
    const field = conflict.contexts.map((c) => origin.get(`${c} ${conflict.key}`)).find(Boolean) ?? `keys.${conflict.contexts[0]}`;
    throw new KeymapError(field, `${keyLabel(conflict.key)} would mean both ${conflict.actions.join(' and ')} (${conflict.contexts.join(', ')}); bind one of them to another key`);
  }
  return keymap;
}

/** The effective table, for `h2h keys`: every binding of every context. */
export function keyTable(keymap: Keymap): { context: KeyContext; action: string; keys: string[]; help: string }[] {
  return keyContexts.flatMap((context) =>
    keymap[context].map((b) => ({ context, action: b.index === undefined ? b.action : `${b.action} ${b.index}`, keys: b.keys.map(keyLabel), help: b.help })),
  );
}
