/** Writing to a stream with backpressure: a large export never holds more than a chunk in memory. */
import { once } from 'node:events';

export type Sink = { write(chunk: string | Uint8Array): Promise<void>; end(): Promise<void> };

export function streamSink(stream: NodeJS.WritableStream, options: { close: boolean }): Sink {
  // A write that fails later (disk full) fails the export with its error, never as an unhandled event.
  let failure: Error | undefined;
  (stream as NodeJS.EventEmitter).on?.('error', (error: Error) => (failure ??= error));
  return {
    async write(chunk) {
      if (failure) throw failure;
      if (!stream.write(chunk)) await once(stream as NodeJS.EventEmitter, 'drain');
      if (failure) throw failure;
    },
    async end() {
      if (!options.close) return;
      await new Promise<void>((resolve, reject) => {
        (stream as NodeJS.EventEmitter).once('error', reject);
        stream.end(() => resolve());
      });
    },
  };
}
