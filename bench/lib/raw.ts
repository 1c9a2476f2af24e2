import Database from 'better-sqlite3';
import { GeneratedEvent } from './data';

/**
 * The references: plain better-sqlite3 doing the same durable work with nothing around it.
 * Same table, same unique indexes, WAL and synchronous=FULL, as the store opens its file.
 */
export function openRaw(file: string) {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE IF NOT EXISTS events (
    position INTEGER PRIMARY KEY, event_id TEXT NOT NULL UNIQUE, stream TEXT NOT NULL, revision INTEGER NOT NULL,
    type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, recorded_at INTEGER NOT NULL,
    UNIQUE (stream, revision))`);
  const maxRevision = db.prepare<[string], number | null>('SELECT MAX(revision) FROM events WHERE stream = ?').pluck();
  const insert = db.prepare(
    'INSERT INTO events (event_id, stream, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  /** Read the stream's max revision, insert at the next one: what every append must do. */
  const put = (g: GeneratedEvent) => {
    const revision = (maxRevision.get(g.stream) ?? -1) + 1;
    const { eventId, type, data, metadata } = g.event;
    insert.run(eventId, g.stream, revision, type, JSON.stringify(data), JSON.stringify(metadata), Date.now());
  };
  const one = db.transaction(put);
  const many = db.transaction((events: GeneratedEvent[]) => events.forEach(put));
  return {
    db,
    /** One durable transaction (BEGIN IMMEDIATE … COMMIT, fsync) per event. */
    appendOne: (g: GeneratedEvent) => one.immediate(g),
    /** One durable transaction for all of them. */
    appendMany: (events: GeneratedEvent[]) => many.immediate(events),
    close: () => db.close(),
  };
}

/** Reads the whole log in position order and parses every event's JSON: the floor of any replay. Events/s. */
export function rawScan(file: string): { events: number; rate: number } {
  const db = new Database(file, { readonly: true });
  const started = process.hrtime.bigint();
  let events = 0;
  const rows = db.prepare<[], { data: string; metadata: string }>('SELECT * FROM events ORDER BY position').iterate();
  for (const row of rows) {
    JSON.parse(row.data);
    JSON.parse(row.metadata);
    events++;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  db.close();
  return { events, rate: events / seconds };
}
