/**
 * One thread of WorkerIntake (worker-intake.ts). For each message it is sent, it writes the raw
 * file (O_EXCL: atomic-file.ts's writeFileOnce, on libuv's I/O threads; not fsynced here, the store
 * syncs a batch of files at once before it commits) while it parses the message with
 * PostalMimeParser, one parse at a time, and answers when both are done. Before each parse it
 * records the message's id in shared memory, so that if the thread dies, the pool knows which
 * message it was parsing.
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import type { ParsedMessage } from '../../core/ports/message-parser.js';
import { privateDirMode, writeFileOnce } from '../store/atomic-file.js';
import { installBytesBlob } from './bytes-blob.js';
import { PostalMimeParser } from './postal-mime-parser.js';

export type IntakeTask = { id: number; raw: Uint8Array; file: string };
export type IntakeReply =
  | { ready: true }
  | { id: number; parsed: ParsedMessage; madeDir?: string }
  | { id: number; error: { message: string; code?: string } };
export type IntakeThreadData = { parsing: Int32Array };

/** Writes a raw file (not fsynced: see RawStore.flush), creating its folder (0700) on first use; returns the first folder it created. */
async function store(file: string, raw: Uint8Array): Promise<string | undefined> {
  try {
    await writeFileOnce(file, raw);
    return undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const made = await mkdir(dirname(file), { recursive: true, mode: privateDirMode });
  await writeFileOnce(file, raw);
  return made;
}

// This thread only parses and writes files: postal-mime is the only user of Blob here (see bytes-blob.ts).
installBytesBlob();

const port = parentPort!;
const { parsing: current } = workerData as IntakeThreadData;
const parser = new PostalMimeParser();
let parses: Promise<unknown> = Promise.resolve();

port.on('message', (task: IntakeTask) => {
  const written = store(task.file, task.raw);
  written.catch(() => {}); // answered below
  const run = parses.then(async () => {
    Atomics.store(current, 0, task.id);
    try {
      return await parser.parse(task.raw);
    } finally {
      Atomics.store(current, 0, -1);
    }
  });
  parses = run;
  Promise.all([written, run]).then(
    ([madeDir, result]) => port.postMessage({ id: task.id, parsed: result, ...(madeDir ? { madeDir } : {}) } satisfies IntakeReply),
    (error: NodeJS.ErrnoException) => port.postMessage({ id: task.id, error: { message: error.message, ...(error.code ? { code: error.code } : {}) } } satisfies IntakeReply),
  );
});

// Load the MIME parser before saying so: until then the pool parses on its own thread.
await parser.parse(new TextEncoder().encode('Subject: ready\r\n\r\nready\r\n'));
port.postMessage({ ready: true } satisfies IntakeReply);
