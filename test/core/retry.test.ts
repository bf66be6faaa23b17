import { describe, expect, it } from 'vitest';
import { AuthFailedError, H2hError, MailUnavailableError } from '../../src/core/errors.js';
import { backoffDelay, withRetry, type RetryInfo } from '../../src/core/retry.js';

/** A sleep that returns at once and records what it was asked to wait. */
function fakeSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

/** fn failing with `errors` in turn, then returning 'done'. */
function failing(errors: unknown[]) {
  let calls = 0;
  const fn = async (attempt: number) => {
    calls++;
    expect(attempt).toBe(calls);
    if (calls <= errors.length) throw errors[calls - 1];
    return 'done';
  };
  return { fn, calls: () => calls };
}

const drop = () => new MailUnavailableError('IMAP 127.0.0.1:1: the server closed the connection');

describe('withRetry', () => {
  it('returns the first success without waiting', async () => {
    const { sleep, waits } = fakeSleep();
    const f = failing([]);
    await expect(withRetry(f.fn, { sleep })).resolves.toBe('done');
    expect(f.calls()).toBe(1);
    expect(waits).toEqual([]);
  });

  it('retries transient mail errors with doubling delays and jitter within each step', async () => {
    const { sleep, waits } = fakeSleep();
    const f = failing([drop(), drop(), drop()]);
    const seen: RetryInfo[] = [];
    // random() = 0 gives the lower bound of each step (half of it), 0.999… nearly the whole step.
    const result = await withRetry(f.fn, { attempts: 5, baseDelayMs: 1000, maxDelayMs: 60_000, sleep, random: () => 0, onRetry: (i) => seen.push(i) });
    expect(result).toBe('done');
    expect(f.calls()).toBe(4);
    expect(waits).toEqual([500, 1000, 2000]);
    expect(seen.map((i) => [i.attempt, i.attempts, i.delayMs])).toEqual([[1, 5, 500], [2, 5, 1000], [3, 5, 2000]]);
    expect(seen[0].error).toBeInstanceOf(MailUnavailableError);
  });

  it('caps each delay at maxDelayMs', async () => {
    const { sleep, waits } = fakeSleep();
    const f = failing(Array.from({ length: 7 }, drop));
    await withRetry(f.fn, { attempts: 8, baseDelayMs: 1000, maxDelayMs: 5000, sleep, random: () => 0.999999 });
    expect(waits).toEqual([1000, 2000, 4000, 5000, 5000, 5000, 5000]);
  });

  it('jitters: different random values give different delays within [step/2, step]', () => {
    const delays = [0, 0.25, 0.5, 0.75, 0.99].map((r) => backoffDelay(3, 1000, 60_000, () => r));
    expect(new Set(delays).size).toBe(5);
    for (const d of delays) {
      expect(d).toBeGreaterThanOrEqual(2000);
      expect(d).toBeLessThanOrEqual(4000);
    }
  });

  it('gives up after `attempts` tries with the last error, same class and code, saying so', async () => {
    const { sleep, waits } = fakeSleep();
    const f = failing(Array.from({ length: 10 }, drop));
    const error = await withRetry(f.fn, { attempts: 3, baseDelayMs: 10, sleep }).catch((e: unknown) => e);
    expect(f.calls()).toBe(3);
    expect(waits).toHaveLength(2);
    expect(error).toBeInstanceOf(MailUnavailableError);
    expect((error as H2hError).code).toBe('MAIL_UNAVAILABLE');
    expect((error as Error).message).toBe('IMAP 127.0.0.1:1: the server closed the connection (gave up after 3 tries)');
  });

  it('never retries a refused login', async () => {
    const { sleep, waits } = fakeSleep();
    const f = failing([new AuthFailedError('refused'), drop()]);
    // Even a predicate that says yes to everything does not make a refused login retryable.
    await expect(withRetry(f.fn, { sleep, isRetryable: () => true })).rejects.toBeInstanceOf(AuthFailedError);
    expect(f.calls()).toBe(1);
    expect(waits).toEqual([]);
  });

  it('does not retry what only a change of settings fixes (untrusted certificate, no STARTTLS) or other errors', async () => {
    for (const error of [new MailUnavailableError('self-signed', { transient: false }), new Error('bug'), new H2hError('CONFIG_INVALID', 'bad')]) {
      const { sleep, waits } = fakeSleep();
      const f = failing([error]);
      await expect(withRetry(f.fn, { sleep })).rejects.toBe(error);
      expect(f.calls()).toBe(1);
      expect(waits).toEqual([]);
    }
  });

  it('asks isRetryable when given', async () => {
    const { sleep } = fakeSleep();
    const f = failing([new Error('flaky'), new Error('flaky')]);
    await expect(withRetry(f.fn, { sleep, isRetryable: (e) => (e as Error).message === 'flaky' })).resolves.toBe('done');
    expect(f.calls()).toBe(3);
  });

  it('stops when the signal aborts: no further tries', async () => {
    const controller = new AbortController();
    const f = failing(Array.from({ length: 10 }, drop));
    const sleep = async () => controller.abort(new Error('stopped'));
    const error = await withRetry(f.fn, { sleep, signal: controller.signal }).catch((e: unknown) => e);
    expect((error as Error).message).toBe('stopped');
    expect(f.calls()).toBe(1);
  });

  it('ends the default sleep (a minute long here) as soon as the signal aborts', async () => {
    const controller = new AbortController();
    const g = failing(Array.from({ length: 10 }, drop));
    const pending = withRetry(g.fn, { baseDelayMs: 60_000, signal: controller.signal, onRetry: () => queueMicrotask(() => controller.abort(new Error('stop'))) });
    await expect(pending).rejects.toThrow('stop');
    expect(g.calls()).toBe(1);
  });
});
