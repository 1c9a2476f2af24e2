import { appendAll, LogTransaction } from '../append-rules';
import { EventRecord } from '../event-record';
import {
  AppendRequest,
  AppendResult,
  EventStore,
  EventTooLargeError,
  NewEvent,
  StoredEvent,
  StoreUnavailableError,
  Subscription,
  SubscriptionHandler,
} from '../event-store.port';
import { CatchUpSubscription } from './catch-up-subscription';
import { ClientKind, clientKindOf } from './server-client';
import { EventStoreDbConnection, positionOf, Recorded, recordedOf, toStoreError } from './eventstoredb-connection';
import { LogEvent, LogIndex } from './log-index';

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

const PAGE = 1000;
const MAX_APPEND_SIZE = 1024 * 1024;
/** Appends are filled up to this share of the server's limit: what the server counts is close to, not exactly, ours. */
const APPEND_FILL = 0.9;
/** Reads a batch's look-ups keep in flight at once. */
const PARALLEL_READS = 32;
/** How stale readEvent's "not found" and headPosition may be: a catch-up started this recently counts as current. */
const STALENESS_MS = 20;

/**
 * The event store port on EventStoreDB: one server stream per pair, the ledger's event ids as EventStoreDB's,
 * positions = $all commit positions. What the server does not offer is kept in a local LogIndex (lookup by id,
 * the streams' revisions for checking a batch, a recordedAt that never decreases); the README's production section
 * says what that guarantees.
 */
export class EventStoreDbEventStore implements EventStore {
  private readonly server: EventStoreDbConnection;
  private readonly index = new LogIndex();
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
  /** When the last completed catch-up of the index started. */
  private syncedAsOf = -Infinity;

  constructor(options: EventStoreDbOptions) {
    const kind = options.client ?? clientKindOf(options.connectionString);
    this.server = new EventStoreDbConnection(kind, options.connectionString, options.readTimeoutMs);
    this.namespace = options.namespace ?? '';
    this.maxAppendSize = options.maxAppendSize ?? MAX_APPEND_SIZE;
    this.prefixes = (options.streamPrefixes ?? ['pair-']).map((prefix) => this.namespace + prefix);
  }

  /**
   * Checks the whole append against the log as it is (expected revisions, reused ids, events too large for the
   * server), so that every error that can be known beforehand writes nothing. Then, where the server has appends
   * across streams (KurrentDB 25.1) and the batch fits one append, it goes as one, atomically; otherwise stream by
   * stream, in order, each stream's requests in appends under the server's size limit (the ones after the first at
   * the exact revision the one before left). EventStoreDB has no transaction across appends: a concurrent writer or
   * an outage can still stop such a batch half-way. The ids are the ledger's, so retrying the same batch completes
   * it: what was written answers as already there. One append at a time per instance, as on SQLite, so that of two
   * concurrent copies of a write the second sees the first.
   */
  append(requests: AppendRequest[]): Promise<AppendResult[]> {
    const appended = this.appending.then(() => this.guard(() => this.appendNow(requests)));
    this.appending = appended.catch(() => undefined);
    return appended;
  }

  private async appendNow(requests: AppendRequest[]): Promise<AppendResult[]> {
    await this.sync();
    const plan = appendAll(await this.planning(requests), requests, () => 0);
    const toWrite = this.appends(requests.filter((_, i) => !plan[i].duplicate));
    if (toWrite.length === 0) return plan;
    this.bulk = toWrite.length > 1;
    try {
      if (!(await this.appendedAtOnce(toWrite))) {
        let revision = -1;
        for (const { stream, events, expectedRevision, continues } of toWrite) {
          const expected = continues ? revision : expectedRevision;
          revision = await this.server.append(this.namespace + stream, events, expected, stream);
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
      return this.toStored(await this.server.readStream(this.namespace + stream, from));
    });
  }

  async streamRevision(stream: string): Promise<number> {
    return this.guard(() => this.server.lastRevision(this.namespace + stream));
  }

  /**
   * From the index, which has this instance's appends at once and other instances' as soon as a subscription
   * delivers them. An id it does not know is looked up again after catching up with $all, unless a catch-up
   * started less than STALENESS_MS ago: a batch checking thousands of new ids costs a few round trips, not one
   * each, and a miss is at most that stale.
   */
  async readEvent(eventId: string): Promise<StoredEvent | undefined> {
    return this.guard(async () => {
      if (!this.index.byEventId(eventId)) await this.recentEnough();
      const entry = this.index.byEventId(eventId);
      if (!entry) return undefined;
      const read = await this.server.readStream(this.namespace + entry.stream, BigInt(entry.revision), 1);
      return (await this.toStored(read))[0];
    });
  }

  /** As readEvent, with one catch-up of the index for the whole batch; the events found are read in parallel. */
  async readEvents(eventIds: readonly string[]): Promise<Map<string, StoredEvent>> {
    return this.guard(async () => {
      if (eventIds.some((eventId) => !this.index.byEventId(eventId))) await this.recentEnough();
      const entries = [...new Set(eventIds)].flatMap((eventId) => this.index.byEventId(eventId) ?? []);
      const found = new Map<string, StoredEvent>();
      await inParallel(entries, async (entry) => {
        const read = await this.server.readStream(this.namespace + entry.stream, BigInt(entry.revision), 1);
        const [event] = await this.toStored(read);
        if (event) found.set(event.eventId, event);
      });
      return found;
    });
  }

  /** From the server, as streamRevision: a few streams at a time. */
  async streamRevisions(streams: readonly string[]): Promise<Map<string, number>> {
    return this.guard(async () => {
      const revisions = new Map<string, number>();
      await inParallel([...new Set(streams)], async (stream) => {
        revisions.set(stream, await this.server.lastRevision(this.namespace + stream));
      });
      return revisions;
    });
  }

  async readAll(after: number, limit: number): Promise<StoredEvent[]> {
    return this.guard(async () => {
      if (limit <= 0) return [];
      if (after > this.index.covered) await this.sync();
      // Start at a real event's position: a read from an arbitrary number is not defined on the server.
      let from = this.index.floor(after);
      const found: Recorded[] = [];
      for (;;) {
        const page = await this.server.readAll(from, limit + 1);
        const ledger = this.learn(page, from);
        found.push(...ledger.filter((e) => positionOf(e) > after));
        if (found.length >= limit || page.length <= limit) break;
        from = positionOf(page.at(-1)!);
      }
      return this.toStored(found.slice(0, limit));
    });
  }

  /** At most STALENESS_MS stale, as readEvent: status and health pages ask often. */
  async headPosition(): Promise<number> {
    return this.guard(async () => {
      await this.recentEnough();
      return this.index.head;
    });
  }

  /** From the index, which holds every ledger event up to the position it covers (caught up first if need be). */
  async countBetween(after: number, upTo: number): Promise<number> {
    return this.guard(async () => {
      if (upTo > this.index.covered) await this.sync();
      return this.index.countBetween(after, upTo);
    });
  }

  subscribe(after: number, handler: SubscriptionHandler): Subscription {
    this.ensureOpen();
    const inner = new CatchUpSubscription(
      {
        open: async (position) => {
          if (position > this.index.covered) await this.sync();
          const from = this.index.floor(position);
          return { subscription: this.server.subscribe(from, this.prefixes), from };
        },
        arrived: ({ event }, previous) => {
          if (!event) return previous;
          this.index.feed([this.logEvent(event)], previous, positionOf(event));
          return positionOf(event);
        },
        toStored: (batch) => this.toStored(recordedOf(batch)),
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
          return this.catchUpIndex();
        });
      this.syncQueued = next;
      this.syncRunning = next;
    }
    return this.syncQueued;
  }

  private async recentEnough(): Promise<void> {
    if (Date.now() - this.syncedAsOf > STALENESS_MS) await this.sync();
  }

  private async catchUpIndex(): Promise<void> {
    const started = Date.now();
    for (let full = true; full && !this.closed;) {
      const page = await this.server.readAll(this.index.covered, PAGE);
      this.learn(page, this.index.covered);
      full = page.length === PAGE;
    }
    this.syncedAsOf = started;
  }

  /** Feeds the index a page of $all read from `from` (inclusive); returns the page's ledger events after it. */
  private learn(page: Recorded[], from: number): Recorded[] {
    const fresh = page.filter((e) => positionOf(e) > from);
    const ledger = fresh.filter((e) => this.prefixes.some((prefix) => e.streamId.startsWith(prefix)));
    const to = fresh.length ? positionOf(fresh[fresh.length - 1]) : from;
    this.index.feed(ledger.map(this.logEvent), from, to);
    return ledger;
  }

  /** The stored events a retry may repeat, whole (the index keeps no data), and the index's view of the streams. */
  private async planning(requests: AppendRequest[]): Promise<LogTransaction> {
    const records = new Map<string, EventRecord>();
    for (const { eventId } of requests.flatMap((request) => request.events)) {
      const entry = this.index.byEventId(eventId);
      if (!entry || records.has(eventId)) continue;
      const read = await this.server.readStream(this.namespace + entry.stream, BigInt(entry.revision), 1);
      const [event] = await this.toStored(read);
      if (event) {
        records.set(eventId, { ...event, data: JSON.stringify(event.data), metadata: JSON.stringify(event.metadata) });
      }
    }
    const planned = new Map<string, number>();
    return {
      eventById: (eventId) => records.get(eventId),
      lastRevision: (stream) => planned.get(stream) ?? this.index.lastRevision(stream),
      lastRecordedAt: () => 0,
      insert: (record) => {
        records.set(record.eventId, { ...record, position: 0 });
        planned.set(record.stream, record.revision);
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

  /** The port's events, recordedAt from the index (caught up first when it has not seen them yet). */
  private async toStored(events: Recorded[]): Promise<StoredEvent[]> {
    if (events.some((e) => !this.index.at(positionOf(e)))) await this.sync();
    return events.map((e) => ({
      eventId: e.id,
      type: e.type,
      data: e.data,
      metadata: (e.metadata ?? {}) as Record<string, unknown>,
      stream: e.streamId.slice(this.namespace.length),
      revision: Number(e.revision),
      position: positionOf(e),
      recordedAt: this.index.at(positionOf(e))?.recordedAt ?? this.server.createdAt(e),
    }));
  }

  /**
   * The appends that write `requests`: consecutive requests to one stream, the later ones with no expectation of
   * their own, go as one append (atomic on the server, and one round trip) while it stays under the server's limit;
   * a request is never cut, so a retry finds each one whole or absent. An event over the limit by itself fails the
   * whole call before anything is written.
   */
  private appends(requests: AppendRequest[]): Append[] {
    const merged: Append[] = [];
    for (const request of requests) {
      const sizes = request.events.map(sizeOf);
      const tooLarge = sizes.findIndex((size) => size > this.maxAppendSize);
      if (tooLarge >= 0) {
        throw new EventTooLargeError(request.events[tooLarge].eventId, sizes[tooLarge], this.maxAppendSize);
      }
      const size = sizes.reduce((sum, n) => sum + n, 0);
      const last = merged.at(-1);
      const sameStream = last?.stream === request.stream && request.expectedRevision === 'any';
      if (sameStream && last.size + size <= this.maxAppendSize * APPEND_FILL) {
        merged[merged.length - 1] = { ...last, events: [...last.events, ...request.events], size: last.size + size };
      } else merged.push({ ...request, continues: sameStream, size });
    }
    return merged;
  }

  /** Several appends as one across streams, when the server has it, each stream appears once and all fit one append. */
  private async appendedAtOnce(appends: Append[]): Promise<boolean> {
    const streams = new Set(appends.map((a) => a.stream));
    const size = appends.reduce((sum, a) => sum + a.size, 0);
    if (appends.length < 2 || streams.size < appends.length || size > this.maxAppendSize * APPEND_FILL) return false;
    return this.server.appendAcross(
      appends.map(({ stream, events, expectedRevision }) => ({
        stream: this.namespace + stream,
        portStream: stream,
        events,
        expected: expectedRevision,
      })),
    );
  }

  private readonly logEvent = (e: Recorded): LogEvent => {
    const stream = e.streamId.slice(this.namespace.length);
    return {
      eventId: e.id,
      stream,
      revision: Number(e.revision),
      position: positionOf(e),
      createdAt: this.server.createdAt(e),
    };
  };

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

/** One append to the server; `continues`: the same stream as the append before, at the revision it left. */
type Append = AppendRequest & { continues: boolean; size: number };

/** What the server counts toward its MaxAppendSize for an event: data, metadata, and the type in UTF-16. */
function sizeOf({ type, data, metadata }: NewEvent): number {
  return (
    Buffer.byteLength(JSON.stringify(data ?? null)) + Buffer.byteLength(JSON.stringify(metadata)) + 2 * type.length
  );
}
