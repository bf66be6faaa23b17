/**
 * "Another process committed" (the TUI's refresh, sync --watch pushing the owner's changes made
 * elsewhere): the data folder's watcher wakes on commits to index.sqlite, and the store's
 * changedElsewhere tells another connection's commit from its own.
 */
import { describe, expect, it, vi } from 'vitest';
import { openSqliteMailStore } from '../../../src/adapters/store/sqlite/sqlite-mail-store.js';
import { watchDataDir } from '../../../src/adapters/store/watch-data-dir.js';
import { tempDir } from '../../helpers/temp-dir.js';

describe('watching the store for commits made elsewhere', () => {
  it('calls back for each commit of another connection, never for its own', async () => {
    const dataDir = tempDir();
    const here = await openSqliteMailStore(dataDir);
    const elsewhere = await openSqliteMailStore(dataDir);
    const stop = new AbortController();
    const seen: number[] = [];
    const wakes: number[] = [];
    // As run-tui.tsx and sync --watch wire it.
    watchDataDir(dataDir, () => (wakes.push(here.revision()), here.changedElsewhere() && seen.push(here.revision())), stop.signal, 20);
    try {
      await elsewhere.transact((tx) => tx.setSyncAccount('a@host:993'));
      await vi.waitFor(() => expect(seen).toEqual([1]), { timeout: 5000, interval: 10 });
      // Our own commit wakes the watcher (same files) but is not news.
      await here.transact((tx) => tx.setSyncAccount('b@host:993'));
      await vi.waitFor(() => expect(wakes).toContain(2), { timeout: 5000, interval: 10 });
      await elsewhere.transact((tx) => tx.setSyncAccount('c@host:993'));
      await vi.waitFor(() => expect(seen).toEqual([1, 3]), { timeout: 5000, interval: 10 });
    } finally {
      stop.abort();
      await here.close();
      await elsewhere.close();
    }
  });
});
