/**
 * SQLite's failures as the owner's one line. better-sqlite3 throws SqliteError with SQLite's code
 * and a message that names no file ("database disk image is malformed", "database or disk is
 * full"); the store knows which file it is:
 * - SQLITE_CORRUPT / SQLITE_NOTADB: StoreCorruptError naming index.sqlite (h2h will not overwrite it);
 * - SQLITE_BUSY after busy_timeout: StoreBusyError (another writer held the lock all that time);
 * - SQLITE_FULL: an ENOSPC error naming the file, which describeError prints as the full-disk line
 *   (the transaction rolled back: that write was not made, the store is whole). SQLite says
 *   "disk I/O error" instead when the disk fills while it grows its -shm or -wal file (the errno is
 *   not passed on): an I/O error with almost no space left is taken for a full disk too.
 */
import { statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import { StoreBusyError, StoreCorruptError } from '../../../core/errors.js';
import { defaultBusyTimeoutMs } from './busy-timeout.js';

/** Below this much free space, an I/O error while writing is the disk being full. */
const fullBelowBytes = 1 << 20;

function nearlyFull(file: string): boolean {
  try {
    const s = statfsSync(dirname(file));
    return s.bavail * s.bsize < fullBelowBytes;
  } catch {
    return false;
  }
}

const corrupt = /^SQLITE_(CORRUPT|NOTADB)/;

export function translateSqliteError(error: unknown, file: string): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return error;
  if (corrupt.test(code)) return new StoreCorruptError(file, (error as Error).message);
  // busy_timeout ran out: another writer held the lock all that time.
  if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_')) return new StoreBusyError(file, defaultBusyTimeoutMs);
  if (code === 'SQLITE_FULL' || (code.startsWith('SQLITE_IOERR') && nearlyFull(file))) {
    return Object.assign(new Error(`no space left writing ${file}`), { code: 'ENOSPC', path: file, cause: error });
  }
  if (code.startsWith('SQLITE_IOERR')) return Object.assign(new Error(`${(error as Error).message} (${code}), on ${file}`), { code, cause: error });
  return error;
}

/** The same functions, each rethrowing what it throws translated (values other than functions are kept). */
export function translatingErrors<T extends object>(api: T, file: string): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(api)) {
    out[key] =
      typeof value === 'function'
        ? (...args: unknown[]) => {
            try {
              const result: unknown = (value as (...a: unknown[]) => unknown).apply(api, args);
              return result instanceof Promise ? result.catch((error: unknown) => Promise.reject(translateSqliteError(error, file))) : result;
            } catch (error) {
              throw translateSqliteError(error, file);
            }
          }
        : value;
  }
  return out as T;
}
