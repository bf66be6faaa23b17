/** Writing to a stream with backpressure: a large export never holds more than a chunk in memory. */
import { once } from 'node:events';

export type Sink = { write(chunk: string | Uint8Array): Promise<void>; end(): Promise<void> };

export function streamSink(stream: NodeJS.WritableStream, options: { close: boolean }): Sink {
  return {
    async write(chunk) {
      if (!stream.write(chunk)) await once(stream as NodeJS.EventEmitter, 'drain');
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
