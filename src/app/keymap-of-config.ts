/**
 * The keys in effect for the TUI and `h2h keys`: the config's `keys` applied to the defaults. A bad
 * binding is a config error naming the file, the line and the entry.
 */
import { buildKeymap, KeymapError } from '../tui/keys/keymap-config.js';
import type { Keymap } from '../tui/keys/keymap.js';
import { configFieldError, type Config } from './config.js';

export async function keymapOfConfig(config: Config, configFile: string): Promise<Keymap> {
  try {
    return buildKeymap(config.keys);
  } catch (error) {
    if (error instanceof KeymapError) throw await configFieldError(configFile, error.field, error.message);
    throw error;
  }
}
