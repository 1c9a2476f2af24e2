import Database from 'better-sqlite3';
import { appendAll, LogTransaction } from '../append-rules';
import { EventRecord, revive } from '../event-record';
import {
  AppendRequest,
  AppendResult,
  EventStore,
  StoredEvent,
  StoreUnavailableError,
  Subscription,
  SubscriptionHandler,
} from '../event-store.port';
import { LogFollowers } from '../follow-log';
import { openDatabase } from './open-database';
import { guarded } from './sqlite-errors';

const COLUMNS = `position, event_id AS eventId, stream, revision, type, data, metadata, recorded_at AS recordedAt`;

/** The embedded default store: one SQLite file in WAL mode, written synchronously inside one transaction. */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly statements: ReturnType<typeof prepare>;
  private readonly appendInTransaction: (requests: AppendRequest[]) => AppendResult[];
  private readonly followers = new LogFollowers((after, limit) => this.readAll(after, limit));

  constructor(file: string, clock: () => number = Date.now) {
    try {
      this.db = openDatabase(file);
    } catch (error) {
      // Whatever stops the file from opening (missing directory, permissions, corruption) is for an operator.
      throw new StoreUnavailableError(`cannot open the event store at ${file}: ${String(error)}`, { cause: error });
    }
    const s = (this.statements = prepare(this.db));
    const log: LogTransaction = {
      eventById: (eventId) => s.byId.get(eventId),
      lastRevision: (stream) => s.lastRevision.get(stream) ?? -1,
      lastRecordedAt: () => s.lastRecordedAt.get() ?? 0,
      insert: (record) => Number(s.insert.run(record).lastInsertRowid),
    };
    // IMMEDIATE takes the write lock up front, so the revision checks cannot race another connection.
    const transaction = this.db.transaction((requests: AppendRequest[]) => appendAll(log, requests, clock));
    this.appendInTransaction = (requests) => transaction.immediate(requests);
  }

  async append(requests: AppendRequest[]): Promise<AppendResult[]> {
    const results = guarded(this.db, () => this.appendInTransaction(requests));
    this.followers.notify();
    return results;
  }

  async readStream(stream: string, fromRevision = 0): Promise<StoredEvent[]> {
    return guarded(this.db, () => this.statements.stream.all(stream, fromRevision).map(revive));
  }

  async streamRevision(stream: string): Promise<number> {
    return guarded(this.db, () => this.statements.lastRevision.get(stream) ?? -1);
  }

  async readEvent(eventId: string): Promise<StoredEvent | undefined> {
    return guarded(this.db, () => {
      const record = this.statements.byId.get(eventId);
      return record && revive(record);
    });
  }

  async readAll(after: number, limit: number): Promise<StoredEvent[]> {
    // A negative LIMIT means "no limit" to SQLite.
    return guarded(this.db, () => this.statements.all.all(after, Math.max(0, limit)).map(revive));
  }

  async headPosition(): Promise<number> {
    return guarded(this.db, () => this.statements.head.get() ?? 0);
  }

  subscribe(after: number, handler: SubscriptionHandler): Subscription {
    return guarded(this.db, () => this.followers.follow(after, handler));
  }

  async ping(): Promise<void> {
    guarded(this.db, () => this.statements.ping.get());
  }

  async close(): Promise<void> {
    await this.followers.stopAll();
    if (this.db.open) this.db.close();
  }
}

/** Statements are compiled once per connection. */
function prepare(db: Database.Database) {
  return {
    insert: db.prepare<[Omit<EventRecord, 'position'>]>(
      `INSERT INTO events (event_id, stream, revision, type, data, metadata, recorded_at)
       VALUES (@eventId, @stream, @revision, @type, @data, @metadata, @recordedAt)`,
    ),
    byId: db.prepare<[string], EventRecord>(`SELECT ${COLUMNS} FROM events WHERE event_id = ?`),
    stream: db.prepare<[string, number], EventRecord>(
      `SELECT ${COLUMNS} FROM events WHERE stream = ? AND revision >= ? ORDER BY revision`,
    ),
    all: db.prepare<[number, number], EventRecord>(
      `SELECT ${COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`,
    ),
    lastRevision: db.prepare<[string], number | null>(`SELECT MAX(revision) FROM events WHERE stream = ?`).pluck(),
    lastRecordedAt: db.prepare<[], number>(`SELECT recorded_at FROM events ORDER BY position DESC LIMIT 1`).pluck(),
    head: db.prepare<[], number | null>(`SELECT MAX(position) FROM events`).pluck(),
    ping: db.prepare(`SELECT 1`),
  };
}
