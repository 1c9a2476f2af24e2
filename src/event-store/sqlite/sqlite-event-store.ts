import { Logger } from '@nestjs/common';
import Database from 'better-sqlite3';
import { appendAll, LogTransaction } from '../append-rules';
import { EventRecord, revive } from '../event-record';
import {
  AppendRequest,
  AppendResult,
  EventStore,
  IntegrityReport,
  StoredEvent,
  StoreUnavailableError,
  Subscription,
  SubscriptionHandler,
} from '../event-store.port';
import { LogFollowers } from '../follow-log';
import { chainHash, GENESIS } from './hash-chain';
import { BUSY_TIMEOUT_MS, COLUMNS, openDatabase } from './open-database';
import { guarded, toStoreError } from './sqlite-errors';
import { verifyChain } from './verify-chain';

/** The health check's write probe waits this long for a lock, not the whole busy timeout. */
const PROBE_BUSY_TIMEOUT_MS = 100;

interface Waiting {
  requests: AppendRequest[];
  resolve: (results: AppendResult[]) => void;
  reject: (error: unknown) => void;
}

type Outcome = { results: AppendResult[] } | { error: unknown };

/**
 * The embedded default store: one SQLite file in WAL mode. Appends that arrive together
 * are committed together (group commit): one durable transaction, one fsync, each append
 * in its own savepoint so one's conflict does not fail the others (a lone append needs none).
 * Nobody is acknowledged before the commit that holds their events has returned.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly statements: ReturnType<typeof prepare>;
  private readonly commitGroup: (group: Waiting[]) => Outcome[];
  private readonly followers = new LogFollowers((after, limit) => this.readAll(after, limit));
  private queue: Waiting[] = [];
  /** Why the last commit failed (disk full, read-only, locked), until a write succeeds again. */
  private failing?: StoreUnavailableError;
  private readonly log = new Logger('EventStore');

  /** `onCommit`: told of each group commit, how many appends it held and how long its writes and fsync took. */
  constructor(
    private readonly file: string,
    clock: () => number = Date.now,
    private readonly onCommit?: (appends: number, ms: number) => void,
  ) {
    try {
      this.db = openDatabase(file);
    } catch (error) {
      // Whatever stops the file from opening (missing directory, permissions, corruption) is for an operator.
      throw new StoreUnavailableError(`cannot open the event store at ${file}: ${String(error)}`, { cause: error });
    }
    const s = (this.statements = prepare(this.db));
    /**
     * The log as one append sees it. The log's last event and each stream's last event are read once, in one
     * statement each, and then kept as the append writes after them: an event costs one read of its stream's
     * tail (revision and hash together) and its two inserts (the event, its link in the whole log's chain),
     * beside the idempotency look-up.
     */
    const logOfOneAppend = (): LogTransaction => {
      let last: { position: number; recordedAt: number; logHash: string } | undefined;
      const tails = new Map<string, { revision: number; hash: string }>();
      const lastOfLog = () => (last ??= s.lastOfLog.get() ?? { position: 0, recordedAt: 0, logHash: GENESIS });
      const tailOf = (stream: string) => {
        let tail = tails.get(stream);
        if (!tail) tails.set(stream, (tail = s.tail.get(stream) ?? { revision: -1, hash: GENESIS }));
        return tail;
      };
      return {
        eventById: (eventId) => s.byId.get(eventId),
        lastRevision: (stream) => tailOf(stream).revision,
        lastRecordedAt: () => lastOfLog().recordedAt,
        insert: (record) => {
          // Positions are gap-free, so the next one is known before the insert and can be in the hash.
          const position = lastOfLog().position + 1;
          const tail = tailOf(record.stream);
          // appendAll writes right after the tail it read; anything else would break the chain, so refuse it.
          if (record.revision !== tail.revision + 1) throw new Error(`revision ${record.revision} is not next`);
          const hash = chainHash(tail.hash, { ...record, position });
          const logHash = chainHash(lastOfLog().logHash, { ...record, position });
          s.insert.run(
            position,
            record.eventId,
            record.stream,
            record.revision,
            record.type,
            record.data,
            record.metadata,
            record.recordedAt,
            hash,
          );
          s.link.run(position, logHash);
          last = { position, recordedAt: record.recordedAt, logHash };
          tails.set(record.stream, { revision: record.revision, hash });
          return position;
        },
      };
    };
    // Called inside the group's transaction, a better-sqlite3 transaction function runs as a savepoint: a failed
    // append rolls back to it, and its view of the log goes with it.
    const one = this.db.transaction((requests: AppendRequest[]) => appendAll(logOfOneAppend(), requests, clock));
    const group = this.db.transaction((waiting: Waiting[]) =>
      waiting.map((w): Outcome => {
        try {
          return { results: one(w.requests) };
        } catch (error) {
          // SQLite rolls the whole transaction back on some errors (disk full, I/O): then the group fails whole.
          if (!this.db.inTransaction) throw error;
          return { error };
        }
      }),
    );
    // IMMEDIATE takes the write lock up front, so the revision checks cannot race another connection.
    // A lone append (appends one at a time) needs no savepoint: when it fails, rolling back the whole transaction
    // undoes just it, and it is rejected like a failed group. That saves SAVEPOINT and RELEASE on every commit.
    this.commitGroup = (waiting) =>
      waiting.length === 1 ? [{ results: one.immediate(waiting[0].requests) }] : group.immediate(waiting);
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
    const started = performance.now();
    try {
      outcomes = guarded(this.db, () => this.commitGroup(waiting));
    } catch (error) {
      if (error instanceof StoreUnavailableError) this.fail(error);
      for (const w of waiting) w.reject(error); // nothing of the group was committed
      return;
    }
    this.recover();
    this.onCommit?.(waiting.length, performance.now() - started);
    // Committed (and synced, synchronous=FULL): only now is anyone acknowledged.
    outcomes.forEach((o, i) => {
      if ('results' in o) return waiting[i].resolve(o.results);
      const error = toStoreError(o.error);
      if (error instanceof StoreUnavailableError) this.fail(error);
      waiting[i].reject(error);
    });
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

  async readEvents(eventIds: readonly string[]): Promise<Map<string, StoredEvent>> {
    return guarded(this.db, () => {
      // Keyed by the id asked for, which may differ in case from the one stored.
      const found = new Map<string, StoredEvent>();
      if (eventIds.length === 1) {
        // One id (a single write) is a plain index seek: json_each costs a third more than the seek itself.
        const record = this.statements.byId.get(eventIds[0]);
        if (record) found.set(eventIds[0], revive(record));
      } else if (eventIds.length) {
        for (const record of this.statements.byIds.all(JSON.stringify(eventIds))) {
          found.set(record.requested, revive(record));
        }
      }
      return found;
    });
  }

  async streamRevisions(streams: readonly string[]): Promise<Map<string, number>> {
    return guarded(this.db, () => {
      if (streams.length === 1) return new Map([[streams[0], this.statements.lastRevision.get(streams[0]) ?? -1]]);
      const rows = streams.length ? this.statements.lastRevisions.all(JSON.stringify(streams)) : [];
      return new Map(rows.map((row) => [row.stream, row.revision ?? -1]));
    });
  }

  async readAll(after: number, limit: number): Promise<StoredEvent[]> {
    // A negative LIMIT means "no limit" to SQLite.
    return guarded(this.db, () => this.statements.all.all(after, Math.max(0, limit)).map(revive));
  }

  async headPosition(): Promise<number> {
    return guarded(this.db, () => this.statements.head.get() ?? 0);
  }

  /** Positions here are the rowids of a table nothing is deleted from: consecutive from 1 (the hash chain checks it). */
  async countBetween(after: number, upTo: number, atMost = Infinity): Promise<number> {
    return Math.min(atMost, Math.max(0, upTo - Math.max(0, after)));
  }

  subscribe(after: number, handler: SubscriptionHandler): Subscription {
    return guarded(this.db, () => this.followers.follow(after, handler));
  }

  /**
   * Reachable, and writable again once a commit has failed: while failing, each ping retries a small
   * durable write, so the health check tells when the disk has room or the lock is gone, with or
   * without clients writing.
   */
  async ping(): Promise<void> {
    guarded(this.db, () => {
      if (!this.failing) return void this.statements.ping.get();
      this.db.pragma(`busy_timeout = ${PROBE_BUSY_TIMEOUT_MS}`);
      try {
        this.statements.probe(Date.now());
      } finally {
        this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      }
      this.recover();
    });
  }

  /** An operator hears once when writes start failing, and once when they work again. */
  private fail(error: StoreUnavailableError) {
    if (!this.failing) this.log.error(`writes fail: ${error.message}`);
    this.failing = error;
  }

  private recover() {
    if (this.failing) this.log.log('writes work again');
    this.failing = undefined;
  }

  verifyIntegrity(): Promise<IntegrityReport> {
    return verifyChain(this.file);
  }

  async close(): Promise<void> {
    await this.followers.stopAll();
    if (this.db.open) this.db.close();
  }
}

/** Statements are compiled once per connection. */
function prepare(db: Database.Database) {
  const probe = db.prepare<[number]>(`INSERT OR REPLACE INTO write_probe (id, at) VALUES (1, ?)`);
  return {
    insert: db.prepare<[number, string, string, number, string, string, string, number, string]>(
      `INSERT INTO events (position, event_id, stream, revision, type, data, metadata, recorded_at, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    // A stream's last revision and hash, and the log's last position, recordedAt and chain hash: what an append
    // writes after.
    tail: db.prepare<[string], { revision: number; hash: string }>(
      `SELECT revision, hash FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1`,
    ),
    link: db.prepare<[number, string]>(`INSERT INTO log_chain (position, hash) VALUES (?, ?)`),
    lastOfLog: db.prepare<[], { position: number; recordedAt: number; logHash: string }>(
      `SELECT position, recorded_at AS recordedAt, log_chain.hash AS logHash
       FROM events JOIN log_chain USING (position) ORDER BY position DESC LIMIT 1`,
    ),
    byId: db.prepare<[string], EventRecord>(
      `SELECT ${COLUMNS} FROM events WHERE event_id = ? COLLATE NOCASE ORDER BY position LIMIT 1`,
    ),
    // One statement for a batch: the ids, or the streams, as a JSON array.
    byIds: db.prepare<[string], EventRecord & { requested: string }>(
      `SELECT requested, ${COLUMNS} FROM (SELECT value AS requested FROM json_each(?))
       JOIN events ON event_id = requested COLLATE NOCASE`,
    ),
    lastRevisions: db.prepare<[string], { stream: string; revision: number | null }>(
      `SELECT s.value AS stream, (SELECT MAX(revision) FROM events WHERE stream = s.value) AS revision
       FROM json_each(?) AS s`,
    ),
    stream: db.prepare<[string, number], EventRecord>(
      `SELECT ${COLUMNS} FROM events WHERE stream = ? AND revision >= ? ORDER BY revision`,
    ),
    all: db.prepare<[number, number], EventRecord>(
      `SELECT ${COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`,
    ),
    lastRevision: db.prepare<[string], number | null>(`SELECT MAX(revision) FROM events WHERE stream = ?`).pluck(),
    head: db.prepare<[], number | null>(`SELECT MAX(position) FROM events`).pluck(),
    ping: db.prepare(`SELECT 1`),
    probe: (at: number) => db.transaction(() => probe.run(at)).immediate(),
  };
}
