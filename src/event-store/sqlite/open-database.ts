import { Logger } from '@nestjs/common';
import Database from 'better-sqlite3';
import { EventRecord } from '../event-record';
import { chainHash, GENESIS } from './hash-chain';

/**
 * How long a write waits for another connection's lock before the store answers 503. Short: the service is
 * the file's only writer, so a lock is held by someone else (an operator's shell) and will not go soon, and
 * better-sqlite3 waits synchronously, holding up every other request meanwhile.
 */
export const BUSY_TIMEOUT_MS = 1000;

export const APPEND_ONLY_TRIGGERS = [
  'events_no_update',
  'events_no_delete',
  'log_chain_no_update',
  'log_chain_no_delete',
];

const TRIGGERS = APPEND_ONLY_TRIGGERS.map((name) => {
  const [table, action] = [name.replace(/_no_.*/, ''), name.endsWith('update') ? 'UPDATE' : 'DELETE'];
  return `CREATE TRIGGER IF NOT EXISTS ${name} BEFORE ${action} ON ${table}
    BEGIN SELECT RAISE(ABORT, '${table === 'events' ? 'events are' : 'the log chain is'} append-only'); END;`;
}).join('\n');

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
  -- The whole log's hash chain: each event's hash covers its content and the hash of the event before it in the
  -- log, whatever its stream (the events table's own hash chains each stream). Written in the append's transaction.
  CREATE TABLE IF NOT EXISTS log_chain (position INTEGER PRIMARY KEY, hash TEXT NOT NULL);
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
    extendLogChain(db);
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

/**
 * A log written before the whole-log chain existed gets it once, when first opened: a new table, filled in one
 * transaction from the events as they are, which are not touched (their own per-stream hashes stay as written).
 * From then on the append writes each event's link with the event, in one transaction: a chain that stops short
 * of the log otherwise had links removed behind the service's back. It is extended all the same (appends need
 * it), and said loudly: only a kept checkpoint tells whether the events after it are the ones once recorded.
 */
function extendLogChain(db: Database.Database): void {
  const chained = db.prepare<[], number | null>('SELECT MAX(position) FROM log_chain').pluck().get() ?? 0;
  const head = db.prepare<[], number | null>('SELECT MAX(position) FROM events').pluck().get() ?? 0;
  if (chained >= head) return;
  if (chained > 0) {
    new Logger('EventStore').error(
      `the whole-log chain stops at position ${chained} while the log goes on to ${head}: links were removed; ` +
        'they are recomputed from the events as they are now: check the log against a kept checkpoint',
    );
  }
  db.transaction(() => {
    const insert = db.prepare('INSERT INTO log_chain (position, hash) VALUES (?, ?)');
    const page = db.prepare<[number], EventRecord>(
      `SELECT ${COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT 1000`,
    );
    let previous = db.prepare<[number], string>('SELECT hash FROM log_chain WHERE position = ?').pluck().get(chained);
    for (let rows = page.all(chained); rows.length; rows = page.all(rows[rows.length - 1].position)) {
      for (const row of rows) insert.run(row.position, (previous = chainHash(previous ?? GENESIS, row)));
    }
  }).immediate();
}
