/**
 * An overall deadline for one IMAP command (or the whole login). imapflow's socket timeout only
 * notices silence, not a server that keeps talking without ever finishing (an endless untagged
 * stream), and is minutes long; this bounds every command however the server behaves. On expiry
 * the connection is closed (nothing more is read from it) and the command fails with one line.
 */
import { MailUnavailableError } from '../../core/errors.js';

/** @default 60 s; `account.imap.commandTimeoutSeconds` changes it. */
export const defaultCommandTimeoutMs = 60_000;

export type Deadline = {
  ms: number;
  /** Closes the connection: the stalled command then ends, and nothing after it is parsed. */
  abort: () => void;
  /** "IMAP host:port", for the error line. */
  where: string;
};

/**
 * Runs `fn` within `deadline.ms`. `fn` may call `progress()` when a useful part of a long answer
 * arrived (a requested message of a large FETCH), which starts the time again.
 */
export async function withDeadline<T>(deadline: Deadline, what: string, fn: (progress: () => void) => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let expire: (error: Error) => void = () => {};
  const expired = new Promise<never>((_, reject) => (expire = reject));
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      // Rejected first, so this line (not "connection closed") is what the caller sees.
      expire(
        new MailUnavailableError(`${deadline.where}: no complete answer to ${what} within ${formatSeconds(deadline.ms)} (the server stalled or kept sending without finishing); set account.imap.commandTimeoutSeconds for a slow server`, {
          transient: false,
        }),
      );
      deadline.abort();
    }, deadline.ms);
  };
  arm();
  const running = fn(arm);
  running.catch(() => {}); // after expiry its own failure is of no interest
  try {
    return await Promise.race([running, expired]);
  } finally {
    clearTimeout(timer);
  }
}

const formatSeconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

/** The deadline of a command on `client`: the account's commandTimeoutSeconds, closing the connection on expiry. */
export function commandDeadline(client: { close(): void }, server: { host: string; port: number; commandTimeoutSeconds?: number }): Deadline {
  return { ms: server.commandTimeoutSeconds !== undefined ? server.commandTimeoutSeconds * 1000 : defaultCommandTimeoutMs, abort: () => client.close(), where: `IMAP ${server.host}:${server.port}` };
}
