/**
 * MessageIntake on a parser thread: each message is written to the raw store (fsynced) and parsed
 * by PostalMimeParser in a worker thread (intake-thread.ts; more on request), so a large import or
 * first sync parses and writes on another core while this thread fetches mail and commits batches.
 *
 * - Small imports never start a thread: the first `startAfter` messages go through the in-process
 *   intake (unless the caller said many are coming, see `expect`).
 * - Threads never keep the process alive: they are unref'd whenever they have nothing to do, and
 *   stopped after `idleMs` without work (or by `close`).
 * - The bytes a thread writes are recorded in the store's RawStore, so its folder is fsynced before
 *   the next commit, exactly as for a write on this thread.
 * - One bad message never stops an import. If a thread dies (a message that exhausts its heap, a
 *   crash), the message it was parsing is stored raw with its headers scanned and a warning; the
 *   other messages it held are parsed again elsewhere. A thread that cannot start, or too many
 *   deaths, leave the rest of the work to the in-process intake.
 */
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { findThreadScript, type ThreadScript } from '../process/thread-script.js';
import { childEnv } from '../process/child-env.js';
import type { MessageIntake } from '../../core/ports/message-intake.js';
import type { ParsedMessage } from '../../core/ports/message-parser.js';
import type { RawFileTarget } from '../store/raw-store.js';
import type { IntakeReply, IntakeTask, IntakeThreadData } from './intake-thread.js';
import { headersOnly } from './postal-mime-parser.js';

export type WorkerIntakeOptions = {
  /** Where the raw files go: the store's (SqliteMailStore.rawFiles). */
  raw: RawFileTarget;
  /** Used for small imports (see `startAfter`), and when threads cannot be used. */
  inProcess: MessageIntake;
  /**
   * One is enough: the calling thread (fetching, committing batches) has about as much to do, and
   * every further thread compiles the parser again and holds its own heap (measured slower on 2 cores).
   * @default 1
   */
  threads?: number;
  /** Messages taken in process before the threads are started. @default 100 */
  startAfter?: number;
  /** Threads stop after this long without work. @default 5 s */
  idleMs?: number;
  /** Heap limit of each thread (MB): a message that needs more is stored raw with a warning. @default V8's */
  heapLimitMb?: number;
  /** Deaths after which the threads are given up for the rest of the process. @default 5 */
  maxRestarts?: number;
  /**
   * A message still being parsed after this long stops its thread and is stored raw with its
   * headers scanned, like one that killed its thread (mail is hostile input: no message may hang
   * an import). Not counted as a death: the next thread starts as usual. @default 10 s
   */
  parseTimeoutMs?: number;
};

type Task = { id: number; raw: Uint8Array; hash: string; tries: number; resolve: (parsed: ParsedMessage) => void; reject: (error: Error) => void };
type Thread = {
  worker: Worker;
  ready: boolean;
  /** Settles when the thread gets ready (true) or dies before (false). */
  started: Promise<boolean>;
  settleStarted: (ok: boolean) => void;
  gone: boolean;
  tasks: Map<number, Task>;
  /** The id of the message the thread is parsing, -1 between parses (written by the thread). */
  parsing: Int32Array;
  /** The parse the watchdog saw last, and since when. */
  seen: { id: number; since: number };
};

/** A message that was in a thread when it died is parsed again at most this many times. */
const maxTries = 3;
/** The time cap on a parse in a thread that is still starting (loading and compiling the parser). */
const startupGraceMs = 30_000;

export class WorkerIntake implements MessageIntake {
  private threads: Thread[] = [];
  /** Messages taken since the threads last stopped. */
  private taken = 0;
  private nextId = 0;
  private deaths = 0;
  /** No threads for the rest of the process: they cannot start, or died too often. */
  private disabled = false;
  private idleTimer: NodeJS.Timeout | undefined;
  private watchdog: NodeJS.Timeout | undefined;
  private readonly size: number;
  private readonly startAfter: number;
  private readonly idleMs: number;
  private readonly maxRestarts: number;

  constructor(private readonly options: WorkerIntakeOptions) {
    this.size = Math.max(1, options.threads ?? 1);
    this.startAfter = options.startAfter ?? 100;
    this.idleMs = options.idleMs ?? 5000;
    this.maxRestarts = options.maxRestarts ?? 5;
    this.parseTimeoutMs = options.parseTimeoutMs ?? 10_000;
  }

  private readonly parseTimeoutMs: number;

  /** Threads running now (for tests and diagnostics). */
  get running(): number {
    return this.threads.length;
  }

  /** Whether the threads started so far got ready to take messages (false when there are none, or they could not start). */
  async ready(): Promise<boolean> {
    const threads = [...this.threads];
    return threads.length > 0 && (await Promise.all(threads.map((t) => t.started))).every(Boolean);
  }

  /** Starts the threads now when more than `startAfter` messages are coming: they get ready while the first ones are fetched. */
  expect(count: number): void {
    if (count > this.startAfter) this.startIfStopped();
  }

  take(raw: Uint8Array, hash: string): Promise<ParsedMessage> {
    this.taken++;
    if (this.taken > this.startAfter) this.startIfStopped();
    const thread = this.pick();
    if (!thread) return this.options.inProcess.take(raw, hash);
    return new Promise((resolve, reject) => this.send(thread, { id: this.nextId++, raw, hash, tries: 0, resolve, reject }));
  }

  /** Stops the threads now. Messages they hold are finished in process; later takes may start them again. */
  async close(): Promise<void> {
    clearTimeout(this.idleTimer);
    this.unwatch();
    const threads = this.threads;
    this.threads = [];
    this.taken = 0;
    await Promise.all(threads.map((t) => this.retire(t)));
  }

  private startIfStopped(): void {
    if (this.threads.length > 0 || this.disabled) return;
    const script = threadScript();
    if (!script) {
      this.giveUp(`${threadFile} was not found beside ${fileURLToPath(import.meta.url)}`);
      return;
    }
    for (let i = 0; i < this.size; i++) this.spawn(script);
    this.idleLater(); // started on a hint that may not come true
  }

  private spawn(script: ThreadScript): void {
    const parsing = new Int32Array(new SharedArrayBuffer(4));
    parsing[0] = -1;
    let worker: Worker;
    try {
      worker = new Worker(script.url, {
        ...(script.eval ? { eval: true } : {}),
        workerData: { parsing } satisfies IntakeThreadData,
        env: childEnv(), // the parser reads mail, never the owner's secrets
        ...(this.options.heapLimitMb ? { resourceLimits: { maxOldGenerationSizeMb: this.options.heapLimitMb } } : {}),
      });
    } catch (error) {
      this.giveUp((error as Error).message);
      return;
    }
    let settleStarted!: (ok: boolean) => void;
    const started = new Promise<boolean>((resolve) => (settleStarted = resolve));
    const thread: Thread = { worker, ready: false, started, settleStarted, gone: false, tasks: new Map(), parsing, seen: { id: -1, since: 0 } };
    worker.unref(); // until it has work: an idle thread never keeps the process alive
    worker.on('message', (reply: IntakeReply) => this.onReply(thread, reply));
    worker.on('error', (error) => this.onDeath(thread, error.message || String(error)));
    worker.on('exit', (code) => this.onDeath(thread, `it exited with code ${code}`));
    // A reply that cannot be read would leave its message waiting forever: treat it as a death.
    worker.on('messageerror', (error) => {
      this.onDeath(thread, `a reply could not be read (${error.message})`);
      void worker.terminate();
    });
    this.threads.push(thread);
    this.watch();
  }

  /** Checks the threads' current parses a few times per timeout (not a timer per message: a first sync takes thousands). */
  private watch(): void {
    if (this.watchdog) return;
    const every = Math.min(1000, Math.max(5, this.parseTimeoutMs / 4));
    this.watchdog = setInterval(() => {
      const now = performance.now();
      for (const thread of this.threads) {
        const id = Atomics.load(thread.parsing, 0);
        // A thread still starting compiles the parser in its first parse: it gets longer.
        const limit = thread.ready ? this.parseTimeoutMs : Math.max(this.parseTimeoutMs, startupGraceMs);
        if (id !== thread.seen.id) thread.seen = { id, since: now };
        else if (id !== -1 && now - thread.seen.since > limit) {
          this.onDeath(thread, `parsing one message took longer than ${this.parseTimeoutMs / 1000} s`, { counts: false });
          void thread.worker.terminate();
        }
      }
      if (this.threads.length === 0) this.unwatch();
    }, every);
    this.watchdog.unref();
  }

  private unwatch(): void {
    clearInterval(this.watchdog);
    this.watchdog = undefined;
  }

  /**
   * The thread with the least work, ready ones first. A thread still starting gets messages too:
   * they wait for it (a few dozen milliseconds) rather than have this thread load and compile the
   * parser for them.
   */
  private pick(): Thread | undefined {
    let best: Thread | undefined;
    for (const t of this.threads) if (!best || (t.ready && !best.ready) || (t.ready === best.ready && t.tasks.size < best.tasks.size)) best = t;
    return best;
  }

  private send(thread: Thread, task: Task): void {
    clearTimeout(this.idleTimer);
    thread.tasks.set(task.id, task);
    if (thread.tasks.size === 1) thread.worker.ref(); // busy: the process waits for its answers
    // The caller keeps its bytes (it may hold them elsewhere); the thread gets a copy of its own.
    const raw = new Uint8Array(task.raw);
    thread.worker.postMessage({ id: task.id, raw, file: this.options.raw.pathOf(task.hash) } satisfies IntakeTask, [raw.buffer]);
  }

  private onReply(thread: Thread, reply: IntakeReply): void {
    if ('ready' in reply) {
      thread.ready = true;
      thread.settleStarted(true);
      return;
    }
    const task = thread.tasks.get(reply.id);
    if (!task) return;
    thread.tasks.delete(reply.id);
    if (thread.tasks.size === 0) {
      thread.worker.unref();
      this.idleLater();
    }
    if ('error' in reply) {
      task.reject(Object.assign(new Error(reply.error.message), reply.error.code ? { code: reply.error.code } : {}));
      return;
    }
    this.options.raw.written(task.hash, reply.madeDir);
    task.resolve(reply.parsed);
  }

  private onDeath(thread: Thread, reason: string, options: { counts: boolean } = { counts: true }): void {
    thread.settleStarted(false);
    if (thread.gone) return;
    thread.gone = true;
    this.threads = this.threads.filter((t) => t !== thread);
    const culprit = Atomics.load(thread.parsing, 0);
    const orphans = [...thread.tasks.values()];
    thread.tasks.clear();
    // A thread that never got ready will not do better next time (missing module, no memory to start).
    if (!thread.ready && options.counts) this.giveUp(reason);
    else if (options.counts && ++this.deaths > this.maxRestarts) this.disabled = true;
    else {
      const script = threadScript();
      if (script) this.spawn(script);
    }
    for (const task of orphans) {
      task.tries++;
      if (task.id === culprit || task.tries >= maxTries) this.storeUnparsed(task, `the parser thread stopped: ${reason}`);
      else this.retry(task);
    }
  }

  /** No threads for the rest of the process. Said once, as a process warning: an install that cannot start them is broken, and only slower. */
  private giveUp(reason: string): void {
    if (this.disabled) return;
    this.disabled = true;
    process.emitWarning(`parser threads unavailable, parsing on the main thread: ${reason}`, { code: 'H2H_NO_PARSER_THREADS' });
  }

  /** On another thread, or in process. */
  private retry(task: Task): void {
    const thread = this.pick();
    if (thread) this.send(thread, task);
    else this.options.inProcess.take(task.raw, task.hash).then(task.resolve, task.reject);
  }

  /** The message stays whole in the store (written here) and imports from its headers, with a warning. */
  private storeUnparsed(task: Task, parseError: string): void {
    this.options.raw
      .write(task.raw)
      .then(() => headersOnly(task.raw, parseError))
      .then(task.resolve, task.reject);
  }

  private idleLater(): void {
    if (this.threads.some((t) => t.tasks.size > 0)) return;
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      if (this.threads.some((t) => t.tasks.size > 0)) return;
      void this.close();
    }, this.idleMs);
    this.idleTimer.unref();
  }

  private async retire(thread: Thread): Promise<void> {
    if (thread.gone) return;
    thread.gone = true;
    thread.settleStarted(false);
    const orphans = [...thread.tasks.values()];
    thread.tasks.clear();
    for (const task of orphans) this.options.inProcess.take(task.raw, task.hash).then(task.resolve, task.reject);
    await thread.worker.terminate();
  }
}

const threadFile = 'intake-thread.js';

let script: ThreadScript | null | undefined;

function threadScript(): ThreadScript | undefined {
  if (script === undefined) script = findThreadScript(threadFile, import.meta.url, 'adapters/mime');
  return script ?? undefined;
}
