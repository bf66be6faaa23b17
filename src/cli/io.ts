/** Everything a command touches outside the services, so tests can run commands in-process. */
export type Io = {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  isStdoutTTY: boolean;
  isStderrTTY: boolean;
  isStdinTTY: boolean;
  /** Terminal width for tables. @default 80 when unknown */
  columns: number;
  env: Record<string, string | undefined>;
  /** The real terminal, when stdin and stdout are one: only then does h2h open the TUI. */
  terminal?: { stdin: NodeJS.ReadStream; stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream };
};

export function processIo(): Io {
  // `h2h list | head -1`: the reader went away; that ends the command, quietly and successfully.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    isStdoutTTY: !!process.stdout.isTTY,
    isStderrTTY: !!process.stderr.isTTY,
    isStdinTTY: !!process.stdin.isTTY,
    columns: process.stdout.columns || 80,
    env: process.env,
    terminal: process.stdin.isTTY && process.stdout.isTTY ? { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr } : undefined,
  };
}
