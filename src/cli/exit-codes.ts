import type { ErrorCode } from '../core/errors.js';

/** The one table of exit codes (documented in docs/exit-codes.md). Scripts rely on these numbers. */
export const ExitCode = {
  OK: 0,
  ERROR: 1,
  USAGE: 2,
  NOT_FOUND: 3,
  MAIL_UNAVAILABLE: 4,
  PARTIAL: 5,
  AUTH_FAILED: 6,
  INTERRUPTED: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export function exitCodeFor(code: ErrorCode): ExitCode {
  switch (code) {
    case 'USAGE':
    case 'QUERY_INVALID':
    case 'AMBIGUOUS_ID':
      return ExitCode.USAGE;
    case 'NOT_FOUND':
      return ExitCode.NOT_FOUND;
    case 'MAIL_UNAVAILABLE':
      return ExitCode.MAIL_UNAVAILABLE;
    case 'AUTH_FAILED':
      return ExitCode.AUTH_FAILED;
    default:
      return ExitCode.ERROR;
  }
}
