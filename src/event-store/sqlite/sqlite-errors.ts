import Database from 'better-sqlite3';
import { StoreUnavailableError } from '../event-store.port';

/** Errors that say the file cannot be reached or written right now, not that the request was wrong: what to tell. */
const UNAVAILABLE: [RegExp, string][] = [
  [/^SQLITE_BUSY/, 'the database is locked by another connection'],
  [/^SQLITE_FULL/, 'the disk is full'],
  [/^SQLITE_READONLY/, 'the database file is read-only'],
  [/^SQLITE_IOERR/, 'the database file cannot be written (read-only file or file system, or an I/O error)'],
  [/^SQLITE_CANTOPEN/, 'the database file cannot be opened'],
];

/**
 * By name, not instanceof: the native addon keeps the SqliteError class of the first better-sqlite3 module
 * that loaded it, and jest loads modules anew (in a new realm) for each test file.
 */
const isSqliteError = (e: unknown): e is Error & { code: string } => {
  const { name, code } = (e ?? {}) as { name?: unknown; code?: unknown };
  return name === 'SqliteError' && typeof code === 'string';
};

export function toStoreError(error: unknown): unknown {
  if (!isSqliteError(error)) return error;
  const [, what] = UNAVAILABLE.find(([code]) => code.test(error.code)) ?? [];
  return what ? new StoreUnavailableError(`${what} (${error.code})`, { cause: error }) : error;
}

/** Runs database work, turning unavailability into StoreUnavailableError. */
export function guarded<T>(db: Database.Database, work: () => T): T {
  if (!db.open) throw new StoreUnavailableError('the event store is closed');
  try {
    return work();
  } catch (error) {
    throw toStoreError(error);
  }
}
