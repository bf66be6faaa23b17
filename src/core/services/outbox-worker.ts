/**
 * Keeps the outbox moving, beside whatever else the process does: the TUI (its keys never wait for
 * SMTP, a retry or the Sent folder's APPEND), `sync --watch` and `h2h outbox --retry` all send
 * through one of these, so the three behave alike.
 *
 * One run at a time per process (a second asked for while one runs follows it); across processes
 * the outbox entry's claim (ReplyService.sendOne) keeps a reply from going twice. Between runs it
 * sleeps until the next reply is due (its undo delay over, its retry time come) and at most
 * `pollMs`, so replies queued by another process go out too.
 */
import type { Clock } from '../ports/clock.js';
import type { OutboxEntry } from '../ports/store/owner-store.js';
import type { ReplyService, SendResult } from './reply-service.js';

export type OutboxWorkerOptions = {
  /** The longest sleep between runs (replies queued elsewhere, filing to retry). @default 30 s */
  pollMs?: number;
};

export type OutboxListener = {
  /** What a run did, when it did anything. */
  onResults(results: SendResult[]): void;
  /** A run that failed as a whole (the store busy, the disk full); the worker carries on. */
  onError?(error: unknown): void;
};

/** Replies still to go: waiting for their time, failed and retried, or being sent. */
export const pendingOf = (entries: OutboxEntry[]): number => entries.filter((e) => e.status !== 'sent').length;

export class OutboxWorker {
  private current: Promise<SendResult[]> = Promise.resolve([]);
  private timer: ReturnType<typeof setTimeout> | undefined;
  private listener: OutboxListener | null = null;
  private stopped = true;

  constructor(
    private readonly replies: ReplyService,
    private readonly clock: Clock,
    private readonly options: OutboxWorkerOptions = {},
    /** Mail to queue before each run: the away notices due (away-service.ts). */
    private readonly before: () => Promise<unknown> = async () => undefined,
  ) {}

  /** Sends what is due now (`force`: what is waiting too; `ids`: only those), after any run in progress. */
  run(options: { force?: boolean; ids?: string[] } = {}): Promise<SendResult[]> {
    const next = this.current.catch(() => []).then(async () => {
      await this.before();
      return this.replies.sendDue(options);
    });
    this.current = next;
    return next;
  }

  /** Sends each reply when it is due, until `signal` aborts. */
  start(listener: OutboxListener, signal: AbortSignal): void {
    this.listener = listener;
    this.stopped = false;
    signal.addEventListener('abort', () => {
      this.stopped = true;
      clearTimeout(this.timer);
    }, { once: true });
    void this.plan();
  }

  /** Replies still to go (the status line's "outbox 2"). */
  async pending(): Promise<number> {
    return pendingOf(await this.replies.outbox());
  }

  /** A reply was queued, taken back or decided on: plan the next run from the outbox as it is now. */
  wake(): void {
    if (!this.stopped) void this.plan();
  }

  private async plan(): Promise<void> {
    clearTimeout(this.timer);
    let delay = this.options.pollMs ?? 30_000;
    try {
      const now = this.clock.now();
      for (const e of await this.replies.outbox()) {
        if (e.status === 'queued' || e.status === 'failed') delay = Math.min(delay, Math.max(0, Date.parse(e.notBefore) - now));
        // Sent but not yet in the Sent folder: filed on the next poll, not in a loop.
      }
    } catch (error) {
      this.listener?.onError?.(error);
    }
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), delay);
    // The worker never keeps a process alive on its own: the TUI or the watch does.
    this.timer.unref?.();
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    try {
      const results = await this.run();
      if (results.length > 0 && !this.stopped) this.listener?.onResults(results);
    } catch (error) {
      if (!this.stopped) this.listener?.onError?.(error);
    }
    await this.plan();
  }
}
