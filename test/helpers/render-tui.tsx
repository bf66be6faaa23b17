/**
 * Renders the TUI with ink-testing-library on real services (a temp store), at a fixed size.
 * `press` types a chunk the way a terminal delivers it; `frame()` is the last frame with Ink's
 * colours removed; `raw()` keeps them, for terminal-safety checks.
 */
import { render } from 'ink-testing-library';
import { expect, vi } from 'vitest';
import { App, type TuiServices } from '../../src/tui/app.js';
import { OutboxWorker } from '../../src/core/services/outbox-worker.js';

export const keys = { enter: '\r', escape: '\x1b', down: '\x1b[B', up: '\x1b[A', tab: '\t', backspace: '\x7f', ctrlU: '\x15' };

const sgr = /\x1b\[[0-9;]*m/g;

/**
 * `services` as the composition root gives them; the outbox worker is made from `replies` when not
 * given (as app/create-services.ts does), looking at the outbox every `outboxRetryMs` (30 s).
 */
export function renderTui(services: TuiServices & { outboxRetryMs?: number }, size = { columns: 80, rows: 24 }) {
  const { outboxRetryMs, ...given } = services;
  const outbox = given.outbox ?? (given.replies ? new OutboxWorker(given.replies, given.clock, { pollMs: outboxRetryMs }) : null);
  const instance = render(<App services={{ ...given, outbox }} size={size} />);
  const raw = () => instance.lastFrame() ?? '';
  const frame = () => raw().replace(sgr, '');
  const press = (chunk: string) => instance.stdin.write(chunk);
  /** Waits until the frame shows `text` (Ink renders after the services answer). */
  const waitFor = (text: string | RegExp) => vi.waitFor(() => expect(frame()).toMatch(text), { timeout: 5000 });
  return {
    ...instance,
    raw,
    frame,
    press,
    waitFor,
    /** In the composer's built-in editor (opened with `key`: r, e from the review, '' when it is open), types `text` and ends with Esc: the review. */
    async writeReply(text: string, key = 'r') {
      press(key);
      await waitFor('Reply — writing');
      press(text);
      press(keys.escape);
      await waitFor('Reply — review');
    },
  };
}
