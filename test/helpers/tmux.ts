/**
 * A real pseudo-terminal for end-to-end tests of the TUI: a private tmux server (its own socket)
 * running one command in a window of a given size. `waitFor` polls the screen until it shows what
 * is expected (or times out); `send` types keys the way a user does.
 */
import { execFileSync } from 'node:child_process';
import { expect, vi } from 'vitest';

let sessions = 0;

export class TmuxSession {
  private constructor(private readonly socket: string) {}

  /** Starts `command` (argv) in a `columns`x`rows` window; the pane stays after the command exits, so its status can be read. */
  static start(command: string[], options: { columns: number; rows: number; env: Record<string, string> }): TmuxSession {
    const session = new TmuxSession(`h2h-test-${process.pid}-${++sessions}`);
    const env = Object.entries({ TERM: 'xterm-256color', LANG: 'C.UTF-8', PATH: process.env.PATH ?? '/usr/bin:/bin', ...options.env }).map(([k, v]) => `${k}=${v}`);
    // -u: UTF-8 whatever the locale; -f /dev/null: none of the machine's tmux settings.
    session.tmux('-u', '-f', '/dev/null', 'new-session', '-d', '-s', 'main', '-x', String(options.columns), '-y', String(options.rows), 'sleep', '60');
    // OSC 52 from the program would land in a tmux buffer with this on: the tests check none does.
    session.tmux('set-option', '-g', 'set-clipboard', 'on');
    session.tmux('set-option', '-g', 'remain-on-exit', 'on');
    session.tmux('respawn-pane', '-k', '-t', 'main', 'env', '-i', ...env, ...command);
    return session;
  }

  tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
  }

  screen(): string {
    return this.tmux('capture-pane', '-p', '-t', 'main');
  }

  /** Types text literally, or presses named keys ("Enter", "Escape", "Down"). */
  type(text: string): void {
    this.tmux('send-keys', '-t', 'main', '-l', text);
  }

  press(...keys: string[]): void {
    this.tmux('send-keys', '-t', 'main', ...keys);
  }

  format(spec: string): string {
    return this.tmux('display-message', '-p', '-t', 'main', spec).trim();
  }

  async waitFor(expected: string | RegExp, timeout = 15_000): Promise<string> {
    await vi.waitFor(() => expect(this.screen()).toMatch(expected), { timeout, interval: 50 });
    return this.screen();
  }

  /** Waits for the command to end; returns its exit status. */
  async exitStatus(timeout = 10_000): Promise<number> {
    await vi.waitFor(() => expect(this.format('#{pane_dead}')).toBe('1'), { timeout, interval: 50 });
    return Number(this.format('#{pane_dead_status}'));
  }

  /** Runs `command` again in the same pane (after it exited or was killed). */
  respawn(command: string[], env: Record<string, string>): void {
    const vars = Object.entries({ TERM: 'xterm-256color', LANG: 'C.UTF-8', PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }).map(([k, v]) => `${k}=${v}`);
    this.tmux('respawn-pane', '-k', '-t', 'main', 'env', '-i', ...vars, ...command);
  }

  kill(): void {
    try {
      this.tmux('kill-server');
    } catch {
      // already gone
    }
  }
}
