/**
 * Load on one store: 50 `h2h tag` processes at once (the same conversation and one each), while the
 * TUI is open and live, `h2h sync --watch` runs, and new mail arrives. Every change must be there
 * afterwards, in the store and as keywords on the server, and no command may fail (waiting for the
 * lock is the documented "busy, retried"; giving up after 30 s would be exit 1 with "busy").
 */
import { spawn } from 'node:child_process';
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { systemClock } from '../../src/core/ports/clock.js';
import { appendMessages, fetchFlags } from '../mail-harness/mailbox.js';
import { keys, renderTui } from '../helpers/render-tui.js';
import { h2hBin, spawnCli } from '../helpers/spawn-cli.js';
import { exchange, syncFixture, syncServicesFor } from '../helpers/sync-fixture.js';

const writers = Number(process.env.H2H_LOAD_WRITERS ?? 50);
afterEach(() => cleanup());

describe(`load: ${writers} writers, the TUI and sync --watch on one store`, () => {
  it('keeps every change, and every command succeeds', async () => {
    const { dovecot } = inject('mail');
    const f = await syncFixture(dovecot);
    await appendMessages(dovecot, f.user, 'INBOX', Array.from({ length: writers }, (_, i) => exchange(i, false).question));
    expect((await spawnCli(['sync'], { env: f.env })).code).toBe(0);
    const ids = (JSON.parse((await spawnCli(['list', '--json'], { env: f.env })).stdout) as { id: string }[]).map((c) => c.id);
    expect(ids).toHaveLength(writers);

    // sync --watch in its own process, the TUI (live too) in this one.
    const watch = spawn(process.execPath, [h2hBin, 'sync', '--watch', '--json'], { env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent', ...f.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let watchErr = '';
    watch.stderr.on('data', (d) => (watchErr += d));
    const services = await syncServicesFor(f);
    const t = renderTui({ conversations: services.conversations, sync: services.sync, clock: systemClock }, { columns: 100, rows: 30 });
    try {
      await t.waitFor('● live');
      // The storm: every writer tags the shared first conversation and one of its own; mail arrives; the TUI closes one.
      const shared = ids[0];
      const runs = Array.from({ length: writers }, (_, i) => spawnCli(['tag', shared, ids[i], `+load${i}`], { env: f.env }));
      await appendMessages(dovecot, f.user, 'INBOX', Array.from({ length: 10 }, (_, i) => exchange(1000 + i, false).question));
      t.press('j');
      t.press('c');
      const started = performance.now();
      const results = await Promise.all(runs);
      if (process.env.H2H_LOAD_WRITERS) console.info(`load: ${writers} h2h tag processes at once with the TUI and sync --watch: all done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      for (const [i, r] of results.entries()) {
        expect(r.code, `writer ${i}: ${r.stderr}`).toBe(0);
        expect(r.stderr.trim().split('\n'), `writer ${i}`).toHaveLength(1);
      }

      // Every tag, in the store …
      const show = JSON.parse((await spawnCli(['show', shared, '--json'], { env: f.env })).stdout) as { tags: string[] };
      expect(show.tags.sort()).toEqual(Array.from({ length: writers }, (_, i) => `load${i}`).sort());
      const list = JSON.parse((await spawnCli(['list', '--json'], { env: f.env })).stdout) as { id: string; tags: string[]; status: string }[];
      for (const [i, id] of ids.entries()) expect(list.find((c) => c.id === id)?.tags, id).toContain(`load${i}`);
      await vi.waitFor(async () => {
        const now = JSON.parse((await spawnCli(['list', 'status:closed', '--json'], { env: f.env })).stdout) as unknown[];
        expect(now).toHaveLength(1); // the TUI's own write, made during the storm
      });
      // … the new mail, taken in by the watch …
      await vi.waitFor(async () => {
        const now = JSON.parse((await spawnCli(['list', '--json'], { env: f.env })).stdout) as { messageCount: number }[];
        expect(now.reduce((n, c) => n + c.messageCount, 0)).toBe(writers + 10);
      }, { timeout: 20_000, interval: 250 });
      // … on the server as keywords (pushed by the watch) …
      await vi.waitFor(async () => {
        const flags = [...(await fetchFlags(dovecot, f.user, 'INBOX')).values()];
        const keywords = new Set(flags.flatMap((s) => [...s]));
        for (let i = 0; i < writers; i++) expect(keywords.has(`load${i}`), `load${i}`).toBe(true);
      }, { timeout: 20_000, interval: 250 });
      // … and in the TUI, still live, which sees them without a restart.
      t.press('5');
      await t.waitFor(new RegExp(`${writers + 10} conversations`));
      expect(t.frame()).toContain('● live');
      expect(watchErr).toBe('');
    } finally {
      watch.kill('SIGTERM');
      t.press('q');
    }
  }, 60_000 + writers * 1_000);
});
