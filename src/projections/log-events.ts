import type { Database, Statement } from 'better-sqlite3';
import {
  IndexedEvent,
  LogMark,
  StoredEvent,
  StoredLogIndex,
  StoreUnavailableError,
} from '../event-store/event-store.port';

/**
 * Every event the read store received, by position, with its ordinal (`seq`) and the place and transaction time the
 * store gave it. An id's first event keeps the id, unique; a later event under the same id keeps its row without it.
 */
const TABLE = `
CREATE TABLE IF NOT EXISTS log_events (
  position INTEGER PRIMARY KEY,
  seq INTEGER NOT NULL,
  event_id TEXT,
  stream TEXT NOT NULL,
  revision INTEGER NOT NULL,
  recorded_at INTEGER NOT NULL
);`;
const BY_ID = 'CREATE UNIQUE INDEX IF NOT EXISTS log_events_by_id ON log_events (event_id)';

/**
 * How many recent ids a generation being filled checks a new id against: it has no index on ids until it is filled
 * (a million random inserts into one would double a rebuild). A repeat comes from a retried append, while the first
 * one was in flight: within seconds, far fewer events than this. One further off fails the fill (RepeatedIdError),
 * which is done again with the index (a window of 0).
 */
export const ID_WINDOW = 100_000;

/** A filled generation holds an id twice, further apart than the window of recent ids: fill it again by the index. */
export class RepeatedIdError extends Error {
  constructor(window: number) {
    super(`an event id is used again more than ${window} events after its first event`);
    this.name = 'RepeatedIdError';
  }
}

/**
 * The read store's record of the log, written in the projection's transactions. It makes event ids unique: an
 * event under an id already recorded (EventStoreDB takes an `any` append again once it has forgotten the id, after
 * a restart or an election) is kept as a row without its id, and the projections never see it. And it is the index
 * the EventStoreDB adapter finds events by (StoredLogIndex), so the adapter keeps in memory only what comes after
 * the checkpoint, and a start reads only that from the server.
 */
export class LogEvents implements StoredLogIndex {
  private readonly q: Record<string, Statement>;
  /** Recent ids while a generation fills (with a window), and the same ids in a ring, to forget the oldest. */
  private recent?: Set<string>;
  private readonly ring: string[] = [];
  private ringAt = 0;
  private readonly idWindow: number;
  /**
   * While a generation fills with a window, the last ordinal, counted here: no insert is then ignored (there is no
   * index on ids), and reading the last row's for each insert made it half again as dear.
   */
  private seq = 0;

  /** `idWindow`: while filling, how many recent ids a new one is checked against; 0, by the index on ids. */
  constructor(
    private readonly db: Database,
    { filling = false, idWindow = ID_WINDOW }: { filling?: boolean; idWindow?: number } = {},
  ) {
    db.exec(TABLE);
    this.idWindow = idWindow;
    if (filling && idWindow > 0) this.recent = new Set();
    else db.exec(BY_ID);
    const columns = 'position, seq, event_id AS eventId, stream, revision, recorded_at AS recordedAt';
    const sql = {
      // OR IGNORE: where the index on ids exists, an id already taken inserts nothing.
      insert: `INSERT OR IGNORE INTO log_events (position, seq, event_id, stream, revision, recorded_at)
        SELECT ?, coalesce((SELECT seq FROM log_events ORDER BY position DESC LIMIT 1), 0) + 1, ?, ?, ?, ?`,
      append: `INSERT INTO log_events (position, seq, event_id, stream, revision, recorded_at) VALUES (?, ?, ?, ?, ?, ?)`,
      last: 'SELECT position, seq, recorded_at AS recordedAt FROM log_events ORDER BY position DESC LIMIT 1',
      byId: `SELECT ${columns} FROM log_events WHERE event_id = ?`,
      atOrBefore: `SELECT position, seq, recorded_at AS recordedAt FROM log_events WHERE position <= ?
        ORDER BY position DESC LIMIT 1`,
    };
    this.q = Object.fromEntries(Object.entries(sql).map(([k, v]) => [k, db.prepare(v)]));
    if (this.recent) this.seq = this.last()?.seq ?? 0;
  }

  /** Records `events` (in log order, after every event recorded so far); returns those whose id is new. */
  record(events: StoredEvent[]): StoredEvent[] {
    return events.filter(({ position, eventId, stream, revision, recordedAt }) => {
      if (this.recent) {
        const fresh = this.firstInWindow(eventId);
        this.q.append.run(position, ++this.seq, fresh ? eventId : null, stream, revision, recordedAt);
        return fresh;
      }
      if (this.q.insert.run(position, eventId, stream, revision, recordedAt).changes) return true;
      this.q.insert.run(position, null, stream, revision, recordedAt);
      return false;
    });
  }

  /** What ends a fill: the index on ids, built in one sorted pass, which checks each id from then on. */
  finishingSteps(): (() => void)[] {
    if (!this.recent) return [];
    return [
      () => {
        try {
          this.db.exec(BY_ID);
        } catch (error) {
          if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE')
            throw new RepeatedIdError(this.idWindow);
          throw error;
        }
        this.recent = undefined;
      },
    ];
  }

  last(): LogMark | undefined {
    return this.get('last');
  }

  byEventId(eventId: string): IndexedEvent | undefined {
    return this.get('byId', eventId);
  }

  atOrBefore(position: number): LogMark | undefined {
    return this.get('atOrBefore', position);
  }

  private get<T>(query: string, ...args: unknown[]): T | undefined {
    if (!this.db.open) throw new StoreUnavailableError('the read store is closed');
    return this.q[query].get(...args) as T | undefined;
  }

  private firstInWindow(eventId: string): boolean {
    const recent = this.recent!;
    if (recent.has(eventId)) return false;
    // A ring, not the Set's own order: the Set's iterator skips every deleted entry before the first live one, so
    // forgetting its oldest id each time grew with the window (2 of the 5 seconds of a 200,000-event fill).
    const slot = this.ringAt++ % this.idWindow;
    if (this.ring[slot] !== undefined) recent.delete(this.ring[slot]);
    this.ring[slot] = eventId;
    recent.add(eventId);
    return true;
  }
}
