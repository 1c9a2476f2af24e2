import Database from 'better-sqlite3';
import { EventRecord } from '../event-record';
import { chainHash, GENESIS } from './hash-chain';

/**
 * How long a write waits for another connection's lock before the store answers 503. Short: the service is
 * the file's only writer, so a lock is held by someone else (an operator's shell) and will not go soon, and
 * better-sqlite3 waits synchronously, holding up every other request meanwhile.
 */
export const BUSY_TIMEOUT_MS = 1000;

export const APPEND_ONLY_TRIGGERS = ['events_no_update', 'events_no_delete'];

const TRIGGERS = `
  CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
    BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
  CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
    BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
`;

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS events (
    position INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL UNIQUE,
    stream TEXT NOT NULL,
    revision INTEGER NOT NULL,
    type TEXT NOT NULL,
    data TEXT NOT NULL,
    metadata TEXT NOT NULL,
    recorded_at INTEGER NOT NULL,
    hash TEXT NOT NULL,
    UNIQUE (stream, revision)
  );
  -- Event ids are UUIDs, case-insensitive: looked up through this index, so that an id stored upper-cased (as
  -- before they were kept in lower case) is still found, and a retry in another case is the same write.
  CREATE INDEX IF NOT EXISTS events_event_id_nocase ON events (event_id COLLATE NOCASE);
  -- One row, rewritten by the health check's write probe while the store is failing: never the log itself.
  CREATE TABLE IF NOT EXISTS write_probe (id INTEGER PRIMARY KEY CHECK (id = 1), at INTEGER NOT NULL);
`;

export const COLUMNS = `position, event_id AS eventId, stream, revision, type, data, metadata, recorded_at AS recordedAt`;

/**
 * Opens (or creates) the event log. `position` is the rowid: with no deletes and rolled-back inserts
 * giving their rowids back, positions stay gap-free from 1.
 */
export function openDatabase(file: string): Database.Database {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    // better-sqlite3 builds SQLite with WAL defaulting to NORMAL, which may lose the last commits on power loss.
    db.pragma('synchronous = FULL');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.exec(SCHEMA);
    addHashChain(db);
    db.exec(TRIGGERS);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * A log written before the hash chain existed gets its chain once, in one transaction: the only time
 * events rows are updated, so the trigger is lifted and put back around it.
 */
function addHashChain(db: Database.Database): void {
  const columns = db.prepare<[], string>(`SELECT name FROM pragma_table_info('events')`).pluck().all();
  if (columns.includes('hash')) return;
  db.transaction(() => {
    db.exec(`DROP TRIGGER IF EXISTS events_no_update; ALTER TABLE events ADD COLUMN hash TEXT NOT NULL DEFAULT ''`);
    const rows = db.prepare<[], EventRecord>(`SELECT ${COLUMNS} FROM events ORDER BY position`).all();
    const update = db.prepare('UPDATE events SET hash = ? WHERE position = ?');
    const heads = new Map<string, string>();
    for (const row of rows) {
      const hash = chainHash(heads.get(row.stream) ?? GENESIS, row);
      update.run(hash, row.position);
      heads.set(row.stream, hash);
    }
    db.exec(TRIGGERS);
  }).immediate();
}
