/**
 * Retrying with exponential backoff and jitter, for connections that drop (the sync's IMAP session).
 * A refused login (AuthFailedError) is never retried: the same password will be refused again, and
 * repeated failures can lock the account. By default only transient MailUnavailableErrors are
 * retried (a refused connection, a timeout, a dropped socket), not an untrusted certificate.
 */
import { AuthFailedError, MailUnavailableError } from './errors.js';

export type RetryInfo = { attempt: number; attempts: number; delayMs: number; error: unknown };

export type RetryOptions = {
  /** Tries in all, the first included. @default 5 */
  attempts?: number;
  /** Delay before the first retry; doubles for each one after. @default 1000 */
  baseDelayMs?: number;
  /** Upper bound of one delay. @default 60000 */
  maxDelayMs?: number;
  /** Whether an error is worth another try. @default transient MailUnavailableError */
  isRetryable?: (error: unknown) => boolean;
  /** Called before each wait (to say "connection lost, retrying in 4 s"). */
  onRetry?: (info: RetryInfo) => void;
  /** How to wait; tests pass one that returns at once. Rejects when `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** A number in [0, 1) for the jitter. @default Math.random */
  random?: () => number;
  /** Stops retrying (the current wait ends with the abort reason). */
  signal?: AbortSignal;
};

export const isTransientMailError = (error: unknown): boolean => error instanceof MailUnavailableError && error.transient;

/**
 * The delay before retry number `retry` (1-based): base·2^(retry-1), capped at maxDelayMs, of which
 * the upper half is random ("equal jitter"), so clients that failed together do not return together
 * and no delay is shorter than half its step.
 */
export function backoffDelay(retry: number, baseDelayMs: number, maxDelayMs: number, random: () => number = Math.random): number {
  const step = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

export async function withRetry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = Math.max(1, Math.floor(options.attempts ?? 5));
  const baseDelayMs = options.baseDelayMs ?? 1000;
  const maxDelayMs = options.maxDelayMs ?? 60_000;
  const isRetryable = options.isRetryable ?? isTransientMailError;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    options.signal?.throwIfAborted();
    try {
      return await fn(attempt);
    } catch (error) {
      if (error instanceof AuthFailedError || !isRetryable(error)) throw error;
      if (options.signal?.aborted) throw error;
      if (attempt >= attempts) throw gaveUp(error, attempt);
      const delayMs = backoffDelay(attempt, baseDelayMs, maxDelayMs, random);
      options.onRetry?.({ attempt, attempts, delayMs, error });
      await sleep(delayMs, options.signal);
    }
  }
}

/** The last error, saying how many tries it took (same class and code, so the same exit code). */
function gaveUp(error: unknown, tries: number): unknown {
  if (tries <= 1) return error;
  if (error instanceof MailUnavailableError) {
    const wrapped = new MailUnavailableError(`${error.message} (gave up after ${tries} tries)`, { transient: error.transient, ...(error.fix ? { fix: error.fix } : {}) });
    (wrapped as Error).cause = error;
    return wrapped;
  }
  return error;
}

/** Waits `ms`; rejects with the abort reason when `signal` aborts first. */
export function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
