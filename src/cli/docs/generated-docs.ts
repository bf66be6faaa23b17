/**
 * Every generated page of docs/: one per command and their index (from the commander program, every
 * command module loaded as for `--help`) and the keys (from the keymap). `npm run docs` writes them;
 * test/cli/docs-pages.test.ts fails when the committed pages differ from this.
 */
import { Readable } from 'node:stream';
import { AppContext } from '../app-context.js';
import type { Io } from '../io.js';
import { createProgram } from '../program.js';
import { commandPages, type DocFile } from './command-pages.js';
import { keysPage } from './keys-page.js';

/** Building the program reads nothing and writes nothing: no command runs. */
const quietIo: Io = {
  stdout: { write: () => true },
  stderr: { write: () => true },
  stdin: Readable.from([]),
  isStdoutTTY: false,
  isStderrTTY: false,
  isStdinTTY: false,
  columns: 100,
  env: {},
};

export async function generatedDocs(): Promise<DocFile[]> {
  const program = await createProgram(new AppContext(quietIo), ['--help']);
  return [...commandPages(program), keysPage()];
}

/** The folder whose every .md file is generated (a page left from a removed command is stale). */
export const generatedFolder = 'docs/commands';
