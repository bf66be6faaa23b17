import { readFile } from 'node:fs/promises';
import { UsageError } from '../core/errors.js';
import type { Io } from './io.js';

/** Text from a file, or from stdin for `-` (never from a terminal: a script must not hang waiting for one). */
export async function readTextArg(path: string, io: Io, what: string): Promise<string> {
  if (path !== '-') {
    try {
      return await readFile(path, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read ${what} from ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }
  if (io.isStdinTTY) throw new UsageError(`${what} from "-" means standard input, and it is a terminal: pipe the text in, or give a file`);
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
