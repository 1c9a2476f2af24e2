import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { Pair } from '../domain/pair';
import { Watch } from './watch';

export type DeliveryStatus = 'pending' | 'delivered' | 'dead' | 'cancelled';

export interface Delivery {
  id: string;
  watchId: string;
  /** The log position of the event it tells of; null for what time made happen (a lapse). */
  position: number | null;
  body: string;
  status: DeliveryStatus;
  attempts: number;
  createdAt: number;
  nextAttemptAt: number;
  firstAttemptAt: number | null;
  lastError: string | null;
  deliveredAt: number | null;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS watches (
    id TEXT PRIMARY KEY, pair TEXT, country TEXT, types TEXT, url TEXT NOT NULL, secret TEXT NOT NULL,
    created_by TEXT NOT NULL, created_at TEXT NOT NULL, from_position INTEGER NOT NULL, deleted_at TEXT
  );
  -- seq orders a watch's deliveries: they are sent one at a time, in that order.
  CREATE TABLE IF NOT EXISTS deliveries (
    id TEXT PRIMARY KEY, watch_id TEXT NOT NULL, seq INTEGER NOT NULL, position INTEGER, body TEXT NOT NULL,
    status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL, first_attempt_at INTEGER, last_error TEXT, delivered_at INTEGER,
    UNIQUE (watch_id, seq)
  );
  CREATE INDEX IF NOT EXISTS deliveries_pending ON deliveries (watch_id, seq) WHERE status = 'pending';
  -- How far the log has been read for watches: deliveries and this move in one transaction.
  CREATE TABLE IF NOT EXISTS dispatched (id INTEGER PRIMARY KEY CHECK (id = 1), position INTEGER NOT NULL);
  -- The instant up to which what time alone changes (lapses) has been told: moved with its deliveries.
  CREATE TABLE IF NOT EXISTS timed (id INTEGER PRIMARY KEY CHECK (id = 1), through INTEGER NOT NULL);
`;

const DELIVERY = `id, watch_id AS watchId, position, body, status, attempts, created_at AS createdAt,
  next_attempt_at AS nextAttemptAt, first_attempt_at AS firstAttemptAt, last_error AS lastError,
  delivered_at AS deliveredAt`;

type Queued = Pick<Delivery, 'watchId' | 'position' | 'body'>;

interface WatchRow {
  id: string;
  pair: string | null;
  country: string | null;
  types: string | null;
  url: string;
  secret: string;
  createdBy: string;
  createdAt: string;
  from: number;
}

const pairOfKey = (key: string): Pair => {
  const [a, b] = key.split('-');
  return [a, b];
};

const toWatch = (r: WatchRow): Watch => ({
  id: r.id,
  ...(r.pair && { pair: pairOfKey(r.pair) }),
  ...(r.country && { country: r.country }),
  ...(r.types && { types: JSON.parse(r.types) as string[] }),
  url: r.url,
  secret: r.secret,
  createdBy: r.createdBy,
  createdAt: r.createdAt,
  from: r.from,
});

/**
 * Watches and their deliveries, in `watches.db` in the data directory: beside the read store, not in one of
 * its generations, so a rebuild leaves them be. Written with `synchronous=FULL`: a delivery once created is
 * never lost, and one sent is not marked delivered before it was.
 */
export class WatchStore {
  private readonly db: Database.Database;
  private readonly q;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec(SCHEMA);
    const p = (sql: string) => this.db.prepare(sql);
    this.q = {
      insertWatch: p(`INSERT INTO watches (id, pair, country, types, url, secret, created_by, created_at, from_position)
        VALUES (@id, @pair, @country, @types, @url, @secret, @createdBy, @createdAt, @from)`),
      watch: p(`SELECT id, pair, country, types, url, secret, created_by AS createdBy, created_at AS createdAt,
        from_position AS "from" FROM watches WHERE id = ? AND deleted_at IS NULL`),
      active: p(`SELECT id, pair, country, types, url, secret, created_by AS createdBy, created_at AS createdAt,
        from_position AS "from" FROM watches WHERE deleted_at IS NULL`),
      remove: p('UPDATE watches SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL'),
      cancel: p(`UPDATE deliveries SET status = 'cancelled' WHERE watch_id = ? AND status = 'pending'`),
      dispatched: p('SELECT position FROM dispatched WHERE id = 1'),
      setDispatched: p(
        'INSERT INTO dispatched (id, position) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET position = excluded.position',
      ),
      timed: p('SELECT through FROM timed WHERE id = 1'),
      setTimed: p(
        'INSERT INTO timed (id, through) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET through = excluded.through',
      ),
      nextSeq: p('SELECT coalesce(max(seq), 0) + 1 AS seq FROM deliveries WHERE watch_id = ?'),
      insertDelivery: p(`INSERT INTO deliveries (id, watch_id, seq, position, body, status, created_at, next_attempt_at)
        VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)`),
      // The first pending delivery of each watch that is due: a watch's deliveries go out in order.
      due: p(`SELECT ${DELIVERY} FROM deliveries d WHERE status = 'pending' AND next_attempt_at <= ?
        AND seq = (SELECT min(seq) FROM deliveries WHERE watch_id = d.watch_id AND status = 'pending') LIMIT ?`),
      nextDue: p(`SELECT min(next_attempt_at) AS at FROM deliveries d WHERE status = 'pending'
        AND seq = (SELECT min(seq) FROM deliveries WHERE watch_id = d.watch_id AND status = 'pending')`),
      delivered: p(`UPDATE deliveries SET status = 'delivered', attempts = attempts + 1, delivered_at = ?,
        first_attempt_at = coalesce(first_attempt_at, ?), last_error = NULL WHERE id = ?`),
      failed: p(`UPDATE deliveries SET status = ?, attempts = attempts + 1, next_attempt_at = ?,
        first_attempt_at = coalesce(first_attempt_at, ?), last_error = ? WHERE id = ?`),
      deliveries: p(`SELECT ${DELIVERY} FROM deliveries WHERE watch_id = ? AND seq > ? ORDER BY seq LIMIT ?`),
      seqOf: p('SELECT seq FROM deliveries WHERE id = ?'),
    };
  }

  create(w: Omit<Watch, 'id'>): Watch {
    const watch = { ...w, id: randomUUID() };
    this.q.insertWatch.run({
      ...watch,
      pair: watch.pair?.join('-') ?? null,
      country: watch.country ?? null,
      types: watch.types ? JSON.stringify(watch.types) : null,
    });
    return watch;
  }

  watch(id: string): Watch | undefined {
    const row = this.q.watch.get(id) as WatchRow | undefined;
    return row && toWatch(row);
  }

  active(): Watch[] {
    return (this.q.active.all() as WatchRow[]).map(toWatch);
  }

  /** Deletes a watch; what it had not delivered yet is cancelled. */
  remove(id: string, at: string): boolean {
    return this.db.transaction(() => {
      const removed = this.q.remove.run(at, id).changes > 0;
      if (removed) this.q.cancel.run(id);
      return removed;
    })();
  }

  /** The log position read for watches so far; undefined before the first start. */
  dispatched(): number | undefined {
    return (this.q.dispatched.get() as { position: number } | undefined)?.position;
  }

  /** Queues deliveries and moves the dispatch position past what they tell of, in one transaction. */
  queue(deliveries: Queued[], upTo: number, now: number): void {
    this.insert(deliveries, now, () => this.q.setDispatched.run(upTo));
  }

  /** The instant up to which what time alone changed has been told; undefined before the first start. */
  timedThrough(): number | undefined {
    return (this.q.timed.get() as { through: number } | undefined)?.through;
  }

  /** Queues deliveries of what time alone changed up to `through`, and moves the mark there, in one transaction. */
  queueTimed(deliveries: Queued[], through: number, now: number): void {
    this.insert(deliveries, now, () => this.q.setTimed.run(through));
  }

  private insert(deliveries: Queued[], now: number, mark: () => void) {
    this.db.transaction(() => {
      for (const d of deliveries) {
        const { seq } = this.q.nextSeq.get(d.watchId) as { seq: number };
        this.q.insertDelivery.run(randomUUID(), d.watchId, seq, d.position, d.body, now, now);
      }
      mark();
    })();
  }

  due(now: number, limit: number): Delivery[] {
    return this.q.due.all(now, limit) as Delivery[];
  }

  /** When the next delivery falls due, if any is pending. */
  nextDue(): number | undefined {
    return (this.q.nextDue.get() as { at: number | null }).at ?? undefined;
  }

  delivered(id: string, now: number): void {
    this.q.delivered.run(now, now, id);
  }

  /** A failed attempt: tried again at `retryAt`, or dead-lettered without one. */
  failed(id: string, now: number, error: string, retryAt: number | undefined): void {
    this.q.failed.run(retryAt === undefined ? 'dead' : 'pending', retryAt ?? now, now, error.slice(0, 500), id);
  }

  /** A watch's deliveries in order, after the delivery `after` (by id), at most `limit`. */
  deliveries(watchId: string, after: string | undefined, limit: number): Delivery[] {
    const seq = after ? ((this.q.seqOf.get(after) as { seq: number } | undefined)?.seq ?? 0) : 0;
    return this.q.deliveries.all(watchId, seq, limit) as Delivery[];
  }

  /** Closed last: the dispatcher and the courier stop before (their beforeApplicationShutdown). */
  onApplicationShutdown(): void {
    if (this.db.open) this.db.close();
  }
}
