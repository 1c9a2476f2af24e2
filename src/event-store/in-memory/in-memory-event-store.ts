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

/** The store for unit tests: the SQLite store's semantics, kept in arrays and maps. */
export class InMemoryEventStore implements EventStore {
  private readonly log: EventRecord[] = [];
  /** By event id in lower case: ids are UUIDs, compared without regard to case, as the SQLite store does. */
  private readonly byId = new Map<string, EventRecord>();
  private readonly streams = new Map<string, EventRecord[]>();
  private readonly followers = new LogFollowers((after, limit) => this.readAll(after, limit));
  private open = true;

  private readonly transaction: LogTransaction = {
    eventById: (eventId) => this.byId.get(eventId.toLowerCase()),
    lastRevision: (stream) => (this.streams.get(stream)?.length ?? 0) - 1,
    lastRecordedAt: () => this.log.at(-1)?.recordedAt ?? 0,
    insert: (fields) => {
      const record = { ...fields, position: this.log.length + 1 };
      this.log.push(record);
      this.byId.set(record.eventId.toLowerCase(), record);
      const stream = this.streams.get(record.stream);
      if (stream) stream.push(record);
      else this.streams.set(record.stream, [record]);
      return record.position;
    },
  };

  constructor(private readonly clock: () => number = Date.now) {}

  async append(requests: AppendRequest[]): Promise<AppendResult[]> {
    this.ensureOpen();
    const mark = this.log.length;
    try {
      const results = appendAll(this.transaction, requests, this.clock);
      this.followers.notify();
      return results;
    } catch (error) {
      this.rollbackTo(mark);
      throw error;
    }
  }

  async readStream(stream: string, fromRevision = 0): Promise<StoredEvent[]> {
    this.ensureOpen();
    return (this.streams.get(stream) ?? []).slice(Math.max(0, fromRevision)).map(revive);
  }

  async streamRevision(stream: string): Promise<number> {
    this.ensureOpen();
    return this.transaction.lastRevision(stream);
  }

  async readEvent(eventId: string): Promise<StoredEvent | undefined> {
    this.ensureOpen();
    const record = this.byId.get(eventId.toLowerCase());
    return record && revive(record);
  }

  async readEvents(eventIds: readonly string[]): Promise<Map<string, StoredEvent>> {
    this.ensureOpen();
    const found = new Map<string, StoredEvent>();
    for (const eventId of eventIds) {
      const record = this.byId.get(eventId.toLowerCase());
      if (record) found.set(eventId, revive(record));
    }
    return found;
  }

  async streamRevisions(streams: readonly string[]): Promise<Map<string, number>> {
    this.ensureOpen();
    return new Map(streams.map((stream) => [stream, this.transaction.lastRevision(stream)]));
  }

  async readAll(after: number, limit: number): Promise<StoredEvent[]> {
    this.ensureOpen();
    // Position p sits at index p - 1.
    const from = Math.max(0, after);
    return this.log.slice(from, from + Math.max(0, limit)).map(revive);
  }

  async headPosition(): Promise<number> {
    this.ensureOpen();
    return this.log.length;
  }

  /** Positions here are 1, 2, 3…: the index in the log, plus one. */
  async countBetween(after: number, upTo: number, atMost = Infinity): Promise<number> {
    this.ensureOpen();
    return Math.min(atMost, Math.max(0, Math.min(upTo, this.log.length) - Math.max(0, after)));
  }

  subscribe(after: number, handler: SubscriptionHandler): Subscription {
    this.ensureOpen();
    return this.followers.follow(after, handler);
  }

  async ping(): Promise<void> {
    this.ensureOpen();
  }

  async close(): Promise<void> {
    await this.followers.stopAll();
    this.open = false;
  }

  private ensureOpen(): void {
    if (!this.open) throw new StoreUnavailableError('event store is closed');
  }

  /** Undoes a failed append: everything after `mark` was written by it, so each record is its stream's tail. */
  private rollbackTo(mark: number): void {
    for (const record of this.log.splice(mark).reverse()) {
      this.byId.delete(record.eventId.toLowerCase());
      const stream = this.streams.get(record.stream)!;
      stream.pop();
      if (stream.length === 0) this.streams.delete(record.stream);
    }
  }
}
