/**
 * Waiting for a folder to change (the watch): IDLE where the server has it, imapflow's NOOP polling
 * where not, broken every `pollMs` by a NOOP so that servers which report news in IDLE only once a
 * minute (Cyrus without idled, Courier) tell at once. What the server announces between waits
 * (EXISTS, EXPUNGE, FETCH FLAGS) is remembered, so the next wait ends at once.
 */
import type { ImapFlow } from 'imapflow';
import type { FolderChange } from '../../core/ports/mail-server.js';

export class ImapIdle {
  private changed = false;
  private wake?: () => void;

  constructor(
    private readonly client: ImapFlow,
    private readonly closed: Promise<void>,
    /** Runs a command within its deadline, its errors made h2h's (imap-session.ts). */
    private readonly guard: <T>(fn: () => Promise<T>) => Promise<T>,
    private readonly closedError: () => Error,
  ) {
    const poke = () => {
      this.changed = true;
      this.wake?.();
    };
    for (const event of ['exists', 'expunge', 'flags'] as const) client.on(event, poke);
  }

  /** A folder was just opened: what was announced before is in its answer. */
  forget(): void {
    this.changed = false;
  }

  async waitForChange(maxMs: number, signal?: AbortSignal, pollMs = maxMs): Promise<FolderChange> {
    const deadline = Date.now() + maxMs;
    for (;;) {
      if (this.changed) {
        this.changed = false;
        return 'changed';
      }
      const left = deadline - Date.now();
      if (left <= 0 || signal?.aborted) return 'timeout';
      if ((await this.idleFor(Math.min(left, Math.max(100, pollMs)), signal)) === 'changed') return 'changed';
    }
  }

  private async idleFor(ms: number, signal?: AbortSignal): Promise<FolderChange> {
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    const woke = new Promise<FolderChange>((resolve) => {
      this.wake = () => resolve('changed');
      timer = setTimeout(() => resolve('timeout'), ms);
      onAbort = () => resolve('timeout');
      // Removed below: a round polls many times on one signal.
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    // IDLE (or imapflow's NOOP polling on servers without it) runs until another command breaks it.
    const idling = this.client.idle().catch(() => false);
    try {
      const result = await Promise.race([woke, this.closed.then((): never => { throw this.closedError(); })]);
      // NOOP ends IDLE, proves the connection still answers, and makes the server report news.
      await this.guard(() => this.client.noop());
      await idling;
      const changed = result === 'changed' || this.changed;
      this.changed = false;
      return changed ? 'changed' : 'timeout';
    } finally {
      clearTimeout(timer);
      if (onAbort) signal?.removeEventListener('abort', onAbort);
      this.wake = undefined;
    }
  }
}
