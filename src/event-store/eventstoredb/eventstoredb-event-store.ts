import { appendAll, LogTransaction } from '../append-rules';
import { EventRecord } from '../event-record';
import {
  AppendRequest,
  AppendResult,
  EventStore,
  EventTooLargeError,
  IndexedEvent,
  LogMark,
  NewEvent,
  StoredEvent,
  StoredLogIndex,
  StoreUnavailableError,
  Subscription,
  SubscriptionHandler,
  WrongExpectedRevisionError,
} from '../event-store.port';
import { CatchUpSubscription } from './catch-up-subscription';
import { ClientKind, clientKindOf } from './server-client';
import { EventStoreDbConnection, positionOf, Recorded, toStoreError } from './eventstoredb-connection';
import { LogEvent, LogIndex, MAX_TAIL } from './log-index';

export interface EventStoreDbOptions {
  /** `esdb://host:2113?tls=false`, or `esdb+discover://…` for a cluster (`kurrentdb://…` for KurrentDB). */
  connectionString: string;
  /** The client package: `@eventstore/db-client` (default) or `@kurrent/kurrentdb-client` (`kurrentdb://` strings). */
  client?: ClientKind;
  /** Prefixes of the ledger's stream names (default `pair-`): the adapter indexes and subscribes to these only. */
  streamPrefixes?: string[];
  /** Put before every stream name on the server, so several ledgers (or test runs) can share one. */
  namespace?: string;
  /** How long a read may take before it is cancelled and answered as unavailable (default READ_TIMEOUT_MS). */
  readTimeoutMs?: number;
  /** The server's `MaxAppendSize`, in bytes: what one append may carry (default 1 MiB, the server's default). */
  maxAppendSize?: number;
}

const MAX_APPEND_SIZE = 1024 * 1024;
/** Appends are filled up to this share of the server's limit: what the server counts is close to, not exactly, ours. */
const APPEND_FILL = 0.9;
/** Reads a batch's look-ups keep in flight at once. */
const PARALLEL_READS = 32;
/** How stale readEvent's "not found" and headPosition may be: a catch-up started this recently counts as current. */
const STALENESS_MS = 20;
/** Attempts at an append whose streams another writer keeps moving (each after reading them again). */
const MAX_ATTEMPTS = 10;

/**
 * The event store port on EventStoreDB: one server stream per pair, the ledger's event ids as EventStoreDB's,
 * positions = $all commit positions. What the server does not offer (lookup by id, counts between positions, a
 * recordedAt that never decreases) comes from a LogIndex: the read store's index up to its checkpoint, handed over by
 * the projector (`useIndex`), and what came after it in memory. The README's production section says what that
 * guarantees.
 */
export class EventStoreDbEventStore implements EventStore {
  private readonly server: EventStoreDbConnection;
  private readonly index: LogIndex;
  private readonly prefixes: string[];
  private readonly namespace: string;
  private readonly maxAppendSize: number;
  private readonly subscriptions = new Set<CatchUpSubscription>();
  private appending: Promise<unknown> = Promise.resolve();
  /** A batch is being appended: subscriptions hold deliveries back meanwhile (see CatchUpSubscription). */
  private bulk = false;
  private closed = false;
  private syncRunning: Promise<void> = Promise.resolve();
  private syncQueued?: Promise<void>;
  /** When the last catch-up of the index that reached the head of the log started. */
  private syncedAsOf = -Infinity;
  /** The last catch-up reached the head: the index holds every ledger event there was when it started. */
  private atHead = false;

  constructor(options: EventStoreDbOptions) {
    const kind = options.client ?? clientKindOf(options.connectionString);
    this.server = new EventStoreDbConnection(kind, options.connectionString, options.readTimeoutMs);
    this.namespace = options.namespace ?? '';
    this.maxAppendSize = options.maxAppendSize ?? MAX_APPEND_SIZE;
    this.prefixes = (options.streamPrefixes ?? ['pair-']).map((prefix) => this.namespace + prefix);
    this.index = new LogIndex(async (after, count) =>
      (await this.server.readAll(after, count, this.prefixes)).map(this.logEvent),
    );
  }

  useIndex(index: StoredLogIndex): void {
    this.index.use(index);
  }

  /**
   * Checks the whole append against the log as it is (expected revisions, reused ids, events too large for the
   * server), so that every error that can be known beforehand writes nothing. Then, where the server has appends
   * across streams (KurrentDB 25.1) and the batch fits one append, it goes as one, atomically; otherwise stream by
   * stream, in order, each stream's requests in appends under the server's size limit. Every append goes at the exact
   * revision the check found, never `any`: the server then refuses a second copy itself (for `any` it remembers ids
   * only in a bounded cache on the leader, which a restart or an election empties), and a stream another writer moved
   * meanwhile is read again and the append checked again, unless the caller expected a revision of its own.
   * EventStoreDB has no transaction across appends: a concurrent writer or an outage can still stop a batch half-way.
   * The ids are the ledger's, so retrying the same batch completes it: what was written answers as already there.
   * One append at a time per instance, as on SQLite, so that of two concurrent copies of a write the second sees the
   * first.
   */
  append(requests: AppendRequest[]): Promise<AppendResult[]> {
    const appended = this.appending.then(() => this.guard(() => this.appendAgain(requests)));
    this.appending = appended.catch(() => undefined);
    return appended;
  }

  private async appendAgain(requests: AppendRequest[]): Promise<AppendResult[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.appendNow(requests);
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        if (requests.some((r) => r.stream === error.stream && r.expectedRevision !== 'any')) throw error;
        if (attempt === MAX_ATTEMPTS) {
          throw new StoreUnavailableError(`stream ${error.stream} kept moving while it was appended to`, {
            cause: error,
          });
        }
      }
    }
  }

  private async appendNow(requests: AppendRequest[]): Promise<AppendResult[]> {
    await this.sync();
    const plan = appendAll(await this.planning(requests), requests, () => 0);
    const toWrite = this.appends(requests, plan);
    if (toWrite.length === 0) return plan;
    this.bulk = toWrite.length > 1;
    try {
      if (!(await this.appendedAtOnce(toWrite))) {
        for (const { stream, events, expected } of toWrite) {
          await this.server.append(this.namespace + stream, events, expected, stream);
        }
      }
    } finally {
      this.bulk = false;
      for (const subscription of this.subscriptions) subscription.wake();
    }
    await this.sync();
    return plan.map((result) =>
      result.duplicate ? result : { ...result, events: result.events.map((e) => this.placed(e)) },
    );
  }

  async readStream(stream: string, fromRevision = 0): Promise<StoredEvent[]> {
    return this.guard(async () => {
      const from = BigInt(Math.max(0, fromRevision));
      return this.placeEach(await this.server.readStream(this.namespace + stream, from));
    });
  }

  async streamRevision(stream: string): Promise<number> {
    return this.guard(() => this.server.lastRevision(this.namespace + stream));
  }

  async readEvent(eventId: string): Promise<StoredEvent | undefined> {
    return this.guard(async () => {
      const [entry] = await this.lookUp([eventId]);
      return entry && this.readAt(entry);
    });
  }

  /** The events found are read from their streams, in parallel. */
  async readEvents(eventIds: readonly string[]): Promise<Map<string, StoredEvent>> {
    return this.guard(() => this.found(eventIds));
  }

  /** From the server, as streamRevision: a few streams at a time. */
  async streamRevisions(streams: readonly string[]): Promise<Map<string, number>> {
    return this.guard(() => this.revisions(streams));
  }

  /** Filtered on the server; the first event's recordedAt follows from the index's mark of the one before. */
  async readAll(after: number, limit: number): Promise<StoredEvent[]> {
    return this.guard(async () => {
      if (limit <= 0) return [];
      const from = await this.index.markAt(after);
      const page = await this.server.readAll(from.position, limit, this.prefixes);
      const placed = this.index.learn(from, page.map(this.logEvent));
      return page.map((e, i) => this.toStored(e, placed[i]));
    });
  }

  /**
   * At most STALENESS_MS stale, as readEvent: status and health pages ask often. While the index is too far behind to
   * reach the head (the read models are being filled), from $all read backwards.
   */
  async headPosition(): Promise<number> {
    return this.guard(async () => {
      await this.recentEnough();
      return this.atHead ? this.index.end.position : this.server.lastPosition(this.prefixes);
    });
  }

  /** From the index's ordinals, reading from the server what it does not know yet, up to `atMost` events. */
  async countBetween(after: number, upTo: number, atMost = Infinity): Promise<number> {
    return this.guard(async () => {
      const from = await this.index.markAt(after);
      const to = await this.index.markAt(upTo, atMost);
      return to ? Math.min(atMost, Math.max(0, to.seq - from.seq)) : atMost;
    });
  }

  subscribe(after: number, handler: SubscriptionHandler): Subscription {
    this.ensureOpen();
    const inner = new CatchUpSubscription(
      {
        open: async (position) => {
          const from = await this.index.markAt(position);
          return { subscription: this.server.subscribe(from.position, this.prefixes), from };
        },
        arrived: ({ event }, previous) => {
          if (!event) return undefined;
          const [placed] = this.index.learn(previous, [this.logEvent(event)], false);
          return { stored: this.toStored(event, placed), mark: placed };
        },
        appending: () => this.bulk,
      },
      after,
      handler,
    );
    this.subscriptions.add(inner);
    return {
      unsubscribe: async () => {
        this.subscriptions.delete(inner);
        await inner.unsubscribe();
      },
    };
  }

  async ping(): Promise<void> {
    await this.guard(() => this.server.ping());
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.unsubscribe()));
    this.subscriptions.clear();
    await this.syncRunning.catch(() => undefined);
    await this.server.close();
  }

  /**
   * Catches the index up with $all. A caller sees everything committed before it called: it joins a catch-up
   * only if that one has not started reading yet.
   */
  private sync(): Promise<void> {
    if (!this.syncQueued) {
      const next = this.syncRunning
        .catch(() => undefined)
        .then(() => {
          this.syncQueued = undefined;
          return this.catchUp();
        });
      this.syncQueued = next;
      this.syncRunning = next;
    }
    return this.syncQueued;
  }

  private async recentEnough(): Promise<void> {
    if (Date.now() - this.syncedAsOf > STALENESS_MS) await this.sync();
  }

  private async catchUp(): Promise<void> {
    const started = Date.now();
    this.atHead = await this.index.catchUp();
    if (this.atHead) this.syncedAsOf = started;
  }

  /**
   * The index's entries for these ids. An id it does not know is looked up again after catching up with $all, unless
   * a catch-up started less than STALENESS_MS ago: a batch checking thousands of new ids costs a few round trips, not
   * one each, and a miss is at most that stale. A miss is unavailable while the index cannot reach the head.
   */
  private async lookUp(eventIds: readonly string[]): Promise<IndexedEvent[]> {
    const ids = [...new Set(eventIds.map((id) => id.toLowerCase()))];
    if (ids.some((id) => !this.index.byEventId(id))) await this.recentEnough();
    const entries = ids.map((id) => this.index.byEventId(id));
    if (!this.atHead && entries.includes(undefined)) {
      throw new StoreUnavailableError(
        `the read models are more than ${MAX_TAIL} events behind the log: this instance tells a new event id from a ` +
          'recorded one once they have caught up',
      );
    }
    return entries.filter((entry) => entry !== undefined);
  }

  private async found(eventIds: readonly string[]): Promise<Map<string, StoredEvent>> {
    const found = new Map<string, StoredEvent>();
    await inParallel(await this.lookUp(eventIds), async (entry) => {
      const event = await this.readAt(entry);
      if (event) found.set(event.eventId, event);
    });
    return found;
  }

  private async readAt(entry: IndexedEvent): Promise<StoredEvent | undefined> {
    const [event] = await this.server.readStream(this.namespace + entry.stream, BigInt(entry.revision), 1);
    return event && this.toStored(event, entry);
  }

  private async revisions(streams: readonly string[]): Promise<Map<string, number>> {
    const revisions = new Map<string, number>();
    await inParallel([...new Set(streams)], async (stream) => {
      revisions.set(stream, await this.server.lastRevision(this.namespace + stream));
    });
    return revisions;
  }

  /** The stored events a retry may repeat, whole, and the streams' revisions, as the server has them now. */
  private async planning(requests: AppendRequest[]): Promise<LogTransaction> {
    const records = new Map<string, EventRecord>();
    const recorded = await this.found(requests.flatMap((request) => request.events.map((e) => e.eventId)));
    for (const event of recorded.values()) {
      records.set(event.eventId, {
        ...event,
        data: JSON.stringify(event.data),
        metadata: JSON.stringify(event.metadata),
      });
    }
    const revisions = await this.revisions(requests.map((request) => request.stream));
    return {
      eventById: (eventId) => records.get(eventId.toLowerCase()),
      lastRevision: (stream) => revisions.get(stream)!,
      lastRecordedAt: () => 0,
      insert: (record) => {
        records.set(record.eventId.toLowerCase(), { ...record, position: 0 });
        revisions.set(record.stream, record.revision);
        return 0;
      },
    };
  }

  /** A planned event with the revision, position and recordedAt the server gave it. */
  private placed(event: StoredEvent): StoredEvent {
    const entry = this.index.byEventId(event.eventId);
    if (!entry) throw new StoreUnavailableError(`event ${event.eventId} was written but is not in $all yet`);
    return { ...event, revision: entry.revision, position: entry.position, recordedAt: entry.recordedAt };
  }

  /** Events read from a stream, each placed by the index (caught up first if they are newer than what it holds). */
  private async placeEach(events: Recorded[]): Promise<StoredEvent[]> {
    if (events.some((e) => positionOf(e) > this.index.end.position)) await this.sync();
    const stored: StoredEvent[] = [];
    for (const event of events) stored.push(this.toStored(event, await this.index.markAt(positionOf(event))));
    return stored;
  }

  /** The port's event, with the recordedAt the index placed it at. */
  private toStored(e: Recorded, { recordedAt }: LogMark): StoredEvent {
    return {
      eventId: e.id,
      type: e.type,
      data: e.data,
      metadata: (e.metadata ?? {}) as Record<string, unknown>,
      stream: e.streamId.slice(this.namespace.length),
      revision: Number(e.revision),
      position: positionOf(e),
      recordedAt,
    };
  }

  /**
   * The appends that write the requests the plan did not find written, each at the revision the plan gave its first
   * event: consecutive requests to one stream go as one append (atomic on the server, and one round trip) while it
   * stays under the server's limit; a request is never cut, so a retry finds each one whole or absent. An event over
   * the limit by itself fails the whole call before anything is written.
   */
  private appends(requests: AppendRequest[], plan: AppendResult[]): Append[] {
    const merged: Append[] = [];
    requests.forEach(({ stream, events }, i) => {
      if (plan[i].duplicate || events.length === 0) return;
      const sizes = events.map(sizeOf);
      const tooLarge = sizes.findIndex((size) => size > this.maxAppendSize);
      if (tooLarge >= 0) throw new EventTooLargeError(events[tooLarge].eventId, sizes[tooLarge], this.maxAppendSize);
      const size = sizes.reduce((sum, n) => sum + n, 0);
      const last = merged.at(-1);
      if (last?.stream === stream && last.size + size <= this.maxAppendSize * APPEND_FILL) {
        merged[merged.length - 1] = { ...last, events: [...last.events, ...events], size: last.size + size };
      } else merged.push({ stream, events, expected: plan[i].events[0].revision - 1, size });
    });
    return merged;
  }

  /** Several appends as one across streams, when the server has it, each stream appears once and all fit one append. */
  private async appendedAtOnce(appends: Append[]): Promise<boolean> {
    const streams = new Set(appends.map((a) => a.stream));
    const size = appends.reduce((sum, a) => sum + a.size, 0);
    if (appends.length < 2 || streams.size < appends.length || size > this.maxAppendSize * APPEND_FILL) return false;
    return this.server.appendAcross(
      appends.map(({ stream, events, expected }) => ({
        stream: this.namespace + stream,
        portStream: stream,
        events,
        expected,
      })),
    );
  }

  private readonly logEvent = (e: Recorded): LogEvent => ({
    eventId: e.id,
    stream: e.streamId.slice(this.namespace.length),
    revision: Number(e.revision),
    position: positionOf(e),
    createdAt: this.server.createdAt(e),
  });

  private ensureOpen(): void {
    if (this.closed) throw new StoreUnavailableError('event store is closed');
  }

  private async guard<T>(work: () => Promise<T>): Promise<T> {
    this.ensureOpen();
    try {
      return await work();
    } catch (error) {
      throw toStoreError(error);
    }
  }
}

/** Runs `work` on every item, at most PARALLEL_READS at a time. */
async function inParallel<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += PARALLEL_READS)
    await Promise.all(items.slice(i, i + PARALLEL_READS).map(work));
}

/** One append to the server, at the exact revision its stream is expected at. */
interface Append {
  stream: string;
  events: NewEvent[];
  expected: number;
  size: number;
}

/** What the server counts toward its MaxAppendSize for an event: data, metadata, and the type in UTF-16. */
function sizeOf({ type, data, metadata }: NewEvent): number {
  return (
    Buffer.byteLength(JSON.stringify(data ?? null)) + Buffer.byteLength(JSON.stringify(metadata)) + 2 * type.length
  );
}
