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
import { guarded, toStoreError } from './sqlite-errors';

const COLUMNS = `position, event_id AS eventId, stream, revision, type, data, metadata, recorded_at AS recordedAt`;

interface Waiting {
  requests: AppendRequest[];
  resolve: (results: AppendResult[]) => void;
  reject: (error: unknown) => void;
}

type Outcome = { results: AppendResult[] } | { error: unknown };

/**
 * The embedded default store: one SQLite file in WAL mode. Appends that arrive together
 * are committed together (group commit): one durable transaction, one fsync, each append
 * in its own savepoint so one's conflict does not fail the others. Nobody is acknowledged
 * before the commit that holds their events has returned.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly statements: ReturnType<typeof prepare>;
  private readonly commitGroup: (group: Waiting[]) => Outcome[];
  private readonly followers = new LogFollowers((after, limit) => this.readAll(after, limit));
  private queue: Waiting[] = [];

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
    // Called inside the group's transaction, a better-sqlite3 transaction function runs as a savepoint.
    const one = this.db.transaction((requests: AppendRequest[]) => appendAll(log, requests, clock));
    const group = this.db.transaction((waiting: Waiting[]) =>
      waiting.map((w): Outcome => {
        try {
          return { results: one(w.requests) };
        } catch (error) {
          return { error };
        }
      }),
    );
    // IMMEDIATE takes the write lock up front, so the revision checks cannot race another connection.
    this.commitGroup = (waiting) => group.immediate(waiting);
  }

  append(requests: AppendRequest[]): Promise<AppendResult[]> {
    return new Promise((resolve, reject) => {
      // The first append of a turn of the event loop schedules the commit; the others join it.
      if (this.queue.push({ requests, resolve, reject }) === 1) setImmediate(() => this.commitQueued());
    });
  }

  private commitQueued() {
    const waiting = this.queue;
    this.queue = [];
    let outcomes: Outcome[];
    try {
      outcomes = guarded(this.db, () => this.commitGroup(waiting));
    } catch (error) {
      for (const w of waiting) w.reject(error); // nothing of the group was committed
      return;
    }
    // Committed (and synced, synchronous=FULL): only now is anyone acknowledged.
    outcomes.forEach((o, i) =>
      'error' in o ? waiting[i].reject(toStoreError(o.error)) : waiting[i].resolve(o.results),
    );
    this.followers.notify();
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
