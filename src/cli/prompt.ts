/**
 * Questions on the terminal (node:readline): prompts go to stderr (stdout carries data only), a
 * secret is typed with echo off. Lines are read through one buffered iterator, so answers that
 * arrive together (pasted, or piped in tests) are never lost between questions.
 */
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { UsageError } from '../core/errors.js';
import type { Io } from './io.js';

export type AskOptions = {
  /** Shown in brackets and used for an empty answer. */
  default?: string;
  /** A problem with the answer (asked again), or undefined when it is fine. */
  validate?: (answer: string) => string | undefined;
  /** An empty answer is accepted (and returned as ''). */
  optional?: boolean;
};

export interface Prompter {
  ask(question: string, options?: AskOptions): Promise<string>;
  /** Typed with echo off; the answer is returned as is, never shown. */
  askSecret(question: string): Promise<string>;
  confirm(question: string, defaultYes?: boolean): Promise<boolean>;
  close(): void;
}

export function terminalPrompter(io: Io): Prompter {
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      if (!muted) io.stderr.write(chunk.toString());
      callback();
    },
  });
  const input = io.stdin as NodeJS.ReadableStream & { setRawMode?: unknown };
  const terminal = io.isStdinTTY && typeof input.setRawMode === 'function';
  const rl = createInterface({ input, output, terminal, historySize: 0 });
  rl.setPrompt('');
  // Ctrl-C in raw mode reaches readline, not the process: restore the terminal and end as a SIGINT
  // would (exit 130), before anything else runs (nothing has been written yet).
  rl.on('SIGINT', () => {
    muted = false;
    rl.close();
    io.stderr.write('\n');
    process.exit(130);
  });
  const lines = rl[Symbol.asyncIterator]();

  async function nextLine(): Promise<string> {
    const next = await lines.next();
    if (next.done) throw new UsageError('the input ended before every question was answered');
    return next.value;
  }

  async function ask(question: string, options: AskOptions = {}): Promise<string> {
    for (;;) {
      rl.setPrompt(`${question}${options.default ? ` [${options.default}]` : ''}: `);
      rl.prompt();
      const answer = (await nextLine()).trim() || options.default || '';
      if (answer === '' && !options.optional) {
        io.stderr.write('  (an answer is needed)\n');
        continue;
      }
      const problem = answer === '' ? undefined : options.validate?.(answer);
      if (!problem) return answer;
      io.stderr.write(`  ${problem}\n`);
    }
  }

  async function askSecret(question: string): Promise<string> {
    rl.setPrompt('');
    io.stderr.write(`${question}: `);
    muted = true;
    try {
      return await nextLine();
    } finally {
      muted = false;
      io.stderr.write('\n');
    }
  }

  async function confirm(question: string, defaultYes = false): Promise<boolean> {
    const answer = await ask(`${question} (${defaultYes ? 'Y/n' : 'y/N'})`, {
      optional: true,
      validate: (a) => (/^(y|yes|n|no)$/i.test(a) ? undefined : 'answer y or n'),
    });
    return answer === '' ? defaultYes : /^y/i.test(answer);
  }

  return { ask, askSecret, confirm, close: () => rl.close() };
}
