import Database from 'better-sqlite3';
import { StoreUnavailableError } from '../event-store.port';

/** Errors that say the file cannot be reached or written right now, not that the request was wrong. */
const UNAVAILABLE = /^SQLITE_(BUSY|FULL|READONLY|IOERR|CANTOPEN)/;

export function toStoreError(error: unknown): unknown {
  if (error instanceof Database.SqliteError && UNAVAILABLE.test(error.code)) {
    return new StoreUnavailableError(`event store unavailable: ${error.message}`, { cause: error });
  }
  return error;
}

/** Runs database work, turning unavailability into StoreUnavailableError. */
export function guarded<T>(db: Database.Database, work: () => T): T {
  if (!db.open) throw new StoreUnavailableError('event store is closed');
  try {
    return work();
  } catch (error) {
    throw toStoreError(error);
  }
}
