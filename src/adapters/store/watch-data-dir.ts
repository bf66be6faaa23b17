/**
 * Tells a long-running process (sync --watch, the TUI) that the owner changed something in the store
 * from elsewhere: another h2h wrote state.json (tags, read marks). Several writes in a row are one call.
 */
import { watch } from 'node:fs';

/** `files`: which of the store's files count (state.json: the owner's decisions; mail.json: new mail). */
export function watchDataDir(dataDir: string, onChange: () => void, signal?: AbortSignal, debounceMs = 150, files: string[] = ['state.json']): void {
  let timer: NodeJS.Timeout | undefined;
  // The store replaces state.json by rename: watch the folder, not the file.
  const watcher = watch(dataDir, (_event, name) => {
    if (!name || !files.includes(name)) return;
    clearTimeout(timer);
    timer = setTimeout(onChange, debounceMs);
  });
  watcher.on('error', () => watcher.close());
  signal?.addEventListener('abort', () => {
    clearTimeout(timer);
    watcher.close();
  }, { once: true });
}
