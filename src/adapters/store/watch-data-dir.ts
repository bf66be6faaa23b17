/**
 * Tells a long-running process (sync --watch, the TUI) that something may have committed to the
 * store: a write to index.sqlite's WAL (every commit) or to index.sqlite itself (a checkpoint).
 * Several writes in a row are one call. Its own commits wake it too: the caller asks the store
 * (`changedElsewhere`, SQLite's data_version) whether another process committed.
 */
import { watch } from 'node:fs';

/** The files a commit writes (WAL mode: the -wal file; a checkpoint, the database file). */
export const storeFiles = ['index.sqlite-wal', 'index.sqlite'];

export function watchDataDir(dataDir: string, onChange: () => void, signal?: AbortSignal, debounceMs = 150, files: string[] = storeFiles): void {
  let timer: NodeJS.Timeout | undefined;
  // Watch the folder, not the files: the -wal file comes and goes (deleted when the last connection closes).
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
