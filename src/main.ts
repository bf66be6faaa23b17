/**
 * h2h's entry point. Architecture: src/core (domain, ports, services) knows nothing of terminals or
 * files; src/adapters implement its ports (lowdb store, postal-mime, FlexSearch); src/app builds
 * them (create-services.ts); src/cli is a thin front end over the services. Errors thrown anywhere
 * carry a code (core/errors.ts) that becomes one line on stderr and an exit code (cli/exit-codes.ts).
 */
import { CommanderError } from 'commander';
import { H2hError, QueryError } from './core/errors.js';
import type { Clock } from './core/ports/clock.js';
import { AppContext } from './cli/app-context.js';
import { errorLine } from './cli/error-line.js';
import { ExitCode, exitCodeFor } from './cli/exit-codes.js';
import { processIo, type Io } from './cli/io.js';
import { createProgram } from './cli/program.js';
import { renderJson } from './adapters/export/safe-json.js';
import { safeLine, safeText } from './cli/output/terminal-text.js';

export async function main(argv: string[], io: Io = processIo(), options: { clock?: Clock } = {}): Promise<number> {
  // https://no-color.org: any non-empty NO_COLOR turns colour off (chalk itself does not look; Ink colours through chalk).
  // Loaded only then: commands that print no colour need not load chalk at all.
  if (io.env.NO_COLOR) (await import('chalk')).default.level = 0;
  const ctx = new AppContext(io, options.clock);
  const wantsJson = argv.includes('--json');
  try {
    const program = await createProgram(ctx, argv);
    await program.parseAsync(argv, { from: 'user' });
    return ctx.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here too, successfully.
      return error.exitCode === 0 ? ExitCode.OK : ExitCode.USAGE;
    }
    const code = error instanceof H2hError ? exitCodeFor(error.code) : ExitCode.ERROR;
    if (wantsJson) {
      const payload: Record<string, unknown> = { code: error instanceof H2hError ? error.code : 'ERROR', message: errorLine(error) };
      if (error instanceof QueryError) payload.column = error.column;
      io.stderr.write(renderJson({ error: payload }, 0));
    } else {
      // Error texts carry what servers said (NO/BAD/BYE, SMTP replies) and names from mail: filtered like mail.
      io.stderr.write(`h2h: ${safeLine(errorLine(error))}\n`);
      if (error instanceof QueryError && io.isStderrTTY) io.stderr.write(`${error.pointer()}\n`);
      if (!(error instanceof H2hError) && io.env.H2H_DEBUG) io.stderr.write(`${safeText(String((error as Error).stack))}\n`);
    }
    return code;
  }
}
