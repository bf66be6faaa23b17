/**
 * No message costs more than a second anywhere: each pathological body of pathological-text.ts is
 * imported (one message: the main-thread path, with no watchdog), shown with `h2h show` (quotes
 * folded and unfolded) and opened in the TUI. The bound is on this process's CPU time (all its
 * threads), which other work on a shared machine does not inflate; wall time is printed beside it.
 */
import { cleanup } from 'ink-testing-library';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { keys, renderTui } from '../helpers/render-tui.js';
import { runCli } from '../helpers/run-cli.js';
import { agent, fixture, input, rawMessage, servicesFor } from '../helpers/store-fixture.js';
import { pathologicalBodies } from './pathological-text.js';

/** The bound the issue sets for any one message, on any path. */
const boundMs = 1000;

async function measured<T>(work: () => Promise<T>): Promise<{ result: T; cpuMs: number; wallMs: number }> {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  const result = await work();
  const used = process.cpuUsage(cpu);
  return { result, cpuMs: (used.user + used.system) / 1000, wallMs: performance.now() - wall };
}

const worst = new Map<string, { cpuMs: number; wallMs: number; name: string }>();
function record(step: string, name: string, m: { cpuMs: number; wallMs: number }) {
  const before = worst.get(step);
  if (!before || m.cpuMs > before.cpuMs) worst.set(step, { cpuMs: m.cpuMs, wallMs: m.wallMs, name });
  expect(m.cpuMs, `${step}: ${name} took ${Math.round(m.cpuMs)} ms of CPU (${Math.round(m.wallMs)} ms wall)`).toBeLessThan(boundMs);
}

afterEach(() => cleanup());
afterAll(() => {
  for (const [step, w] of worst) console.log(`pathological mail, longest ${step}: ${Math.round(w.cpuMs)} ms CPU, ${Math.round(w.wallMs)} ms wall (${w.name})`);
});

describe('pathological mail: import, show and the TUI each within a second a message', () => {
  for (const { name, body } of pathologicalBodies) {
    it(name, async () => {
      const f = fixture();
      const s = await servicesFor(f);
      const raw = rawMessage({ from: 'Mallory <mallory@ex.com>', to: agent.email, subject: 'Pathological', id: '<p1@ex.com>', body });
      const imported = await measured(() => s.importer.import([input(raw, 'pathological')]));
      record('import', name, imported);
      expect(imported.result.added).toBe(1);
      const [view] = await s.conversations.list();
      for (const args of [['show', view.id], ['show', '--quotes', view.id]]) {
        const shown = await measured(() => runCli(args, { env: { ...f.env, NO_COLOR: '1' }, tty: true, columns: 100 }));
        expect(shown.result.exitCode, shown.result.stderr).toBe(0);
        record('show', name, shown);
      }
      const opened = await measured(async () => {
        const t = renderTui({ conversations: s.conversations, replies: s.replies, sync: null, clock: s.clock }, { columns: 100, rows: 30 });
        await t.waitFor('Pathological');
        t.press(keys.enter);
        await vi.waitFor(() => expect(t.frame()).toMatch(/1st conversation/), { timeout: 600_000, interval: 20 });
        return t;
      });
      record('TUI open', name, opened);
      const scrolled = await measured(async () => {
        opened.result.press('G');
        opened.result.press('T');
        await vi.waitFor(() => expect(opened.result.frame()).not.toMatch(/1st conversation/), { timeout: 600_000, interval: 20 });
      });
      record('TUI scroll', name, scrolled);
    }, 1_200_000);
  }
});
