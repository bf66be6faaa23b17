/**
 * Errors with stable codes. Front ends map `code` to exit codes or banners; they never parse messages.
 * Every message is one line, written for the person at the keyboard.
 */
export type ErrorCode =
  | 'USAGE'
  | 'CONFIG_INVALID'
  | 'CONFIG_UNREADABLE'
  | 'QUERY_INVALID'
  | 'NOT_FOUND'
  | 'AMBIGUOUS_ID'
  | 'STORE_CORRUPT'
  | 'STORE_TOO_NEW'
  | 'STORE_BUSY'
  | 'MAIL_UNAVAILABLE'
  | 'AUTH_FAILED'
  | 'REPLY_COLLISION';

export class H2hError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'H2hError';
  }
}

export class UsageError extends H2hError {
  constructor(message: string) {
    super('USAGE', message);
  }
}

export class ConfigError extends H2hError {
  /** @param field dotted path of the bad field, e.g. `agent.email`; @param line 1-based, where the file was read */
  constructor(
    readonly file: string,
    readonly field: string,
    readonly problem: string,
    readonly line?: number,
  ) {
    super('CONFIG_INVALID', `${file}${line ? `:${line}` : ''}: ${field}: ${problem}`);
  }
}

export class QueryError extends H2hError {
  /** @param column 1-based column of the offending token in the query */
  constructor(
    readonly query: string,
    readonly column: number,
    problem: string,
  ) {
    super('QUERY_INVALID', `bad query at column ${column}: ${problem}`);
  }

  /** The query with a caret under the offending token, for a second line on a terminal. */
  pointer(): string {
    return `  ${this.query}\n  ${' '.repeat(Math.max(0, this.column - 1))}^`;
  }
}

export class NotFoundError extends H2hError {
  constructor(what: string) {
    super('NOT_FOUND', what);
  }
}

export class AmbiguousIdError extends H2hError {
  constructor(prefix: string, candidates: string[]) {
    super('AMBIGUOUS_ID', `id prefix "${prefix}" matches ${candidates.length} conversations (${candidates.slice(0, 4).join(', ')}${candidates.length > 4 ? ', …' : ''}); type more of it`);
  }
}

export class StoreCorruptError extends H2hError {
  constructor(
    readonly file: string,
    detail: string,
    readonly backup?: string,
  ) {
    super(
      'STORE_CORRUPT',
      `${file} is damaged (${detail}); h2h will not overwrite it.` +
        (backup ? ` The previous good copy is ${backup}: move it into place to recover.` : ' Restore it from a backup.'),
    );
  }
}

export class StoreTooNewError extends H2hError {
  constructor(file: string, found: number, known: number) {
    super('STORE_TOO_NEW', `${file} has schema version ${found}, this h2h knows up to ${known}: upgrade h2h`);
  }
}

export class StoreBusyError extends H2hError {
  constructor(lockPath: string, waitedMs: number) {
    super('STORE_BUSY', `the store is busy (locked by another h2h for ${Math.round(waitedMs / 1000)} s: ${lockPath}); try again`);
  }
}

/**
 * Which of the account's transport settings would fix a refused connection, as a fact: the error's
 * text states what happened; a front end says how to change the setting (a flag of `h2h init`, a
 * config key), which adapters and the core do not know.
 * - `no-starttls`: the server offers no STARTTLS (implicit TLS, or clear text on a trusted host).
 * - `not-implicit-tls`: the TLS handshake failed on a port that is probably a STARTTLS one.
 * - `untrusted-certificate`: the certificate's issuer is not trusted (its CA, or allowSelfSigned).
 */
export type SettingsFix = { protocol: 'imap' | 'smtp'; problem: 'no-starttls' | 'not-implicit-tls' | 'untrusted-certificate' };

/**
 * The mail server cannot be reached or refused a safe connection (network, DNS, TLS, no STARTTLS).
 * `transient`: trying again later may help (a refused connection, a timeout); not for a certificate
 * that is not trusted or a server without STARTTLS, which only a change of settings fixes (`fix`).
 */
export class MailUnavailableError extends H2hError {
  readonly transient: boolean;
  readonly fix?: SettingsFix;
  constructor(message: string, options: { transient?: boolean; fix?: SettingsFix } = {}) {
    super('MAIL_UNAVAILABLE', message);
    this.transient = options.transient ?? true;
    if (options.fix) this.fix = options.fix;
  }
}

/** The server answered a command with NO or BAD (its own words in the message): it is there, and does not do this. */
export class CommandRefusedError extends MailUnavailableError {}

/** The server was reached and refused the credentials: retrying will not help. */
export class AuthFailedError extends H2hError {
  constructor(message: string) {
    super('AUTH_FAILED', message);
  }
}

export function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  // The store writes whole files and renames them into place: a full disk left every file as it was.
  if (code === 'ENOSPC' || code === 'EDQUOT') return `no space left on the disk (${code}${(error as NodeJS.ErrnoException).path ? `, writing ${(error as NodeJS.ErrnoException).path}` : ''}): that write was not made, the store is whole; free some space and run it again`;
  if (error instanceof Error) return error.message.split('\n')[0] ?? String(error);
  return String(error);
}

/** The conversation changed after the reply was started (the customer wrote again, or a reply went out elsewhere). */
export class ReplyCollisionError extends H2hError {
  constructor(
    message: string,
    /** Seqs of the messages that arrived since. */
    readonly newSeqs: number[],
  ) {
    super('REPLY_COLLISION', message);
  }
}
