import {
  AllStreamResolvedEvent,
  AllStreamSubscription,
  ANY,
  AppendExpectedRevision,
  BACKWARDS,
  Direction,
  END,
  EventStoreDBClient,
  FORWARDS,
  isCommandError,
  JSONType,
  jsonEvent,
  NO_STREAM,
  NotLeaderError,
  ReadPosition,
  ResolvedEvent,
  START,
  STREAM_EXISTS,
  StreamingRead,
  StreamNotFoundError,
  streamNameFilter,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import type { Channel } from '@grpc/grpc-js';
import { ExpectedRevision, NewEvent, StoreUnavailableError, WrongExpectedRevisionError } from '../event-store.port';

/** An event as the client reads it. */
export type Recorded = NonNullable<ResolvedEvent['event']>;

const PING_TIMEOUT_MS = 2000;
/** How long any other read may take before it is cancelled: a page of $all takes milliseconds. */
export const READ_TIMEOUT_MS = 10_000;
/**
 * Client errors that say the server cannot serve the request right now, not that the request was wrong: unreachable,
 * no longer the leader (an election), or refusing our credentials (an operator's problem, not the caller's).
 */
const UNAVAILABLE = new Set([
  'unavailable',
  'cancelled',
  'deadline-exceeded',
  'timeout',
  'not-leader',
  'access-denied',
]);
/** What the client throws, as a plain Error, when no node of a cluster answered its gossip. */
const DISCOVERY_FAILED = /^Failed to discover after \d+ attempts/;
/** Every call of the write path goes to the leader: a follower may not have the latest writes yet. */
const LEADER = { requiresLeader: true } as const;

/**
 * The calls the store makes through @eventstore/db-client, in server stream names, with $all positions as numbers.
 * Reads and appends require the leader, and a NotLeader answer (an election happened) is retried once, on the leader
 * the answer named; every read is bounded in time.
 */
export class EventStoreDbConnection {
  private readonly client: EventStoreDBClient;

  constructor(
    connectionString: string,
    private readonly readTimeoutMs = READ_TIMEOUT_MS,
  ) {
    this.client = EventStoreDBClient.connectionString(connectionString);
  }

  /** Events of a stream from a revision (or the end, backwards); none for a stream that does not exist. */
  async readStream(stream: string, from: bigint | typeof END, maxCount?: number, direction: Direction = FORWARDS) {
    const options = { fromRevision: from, maxCount, direction, ...LEADER };
    try {
      return recordedOf(
        await this.onLeader(() => this.read(this.client.readStream(stream, options), `a read of ${stream}`)),
      );
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
  }

  async lastRevision(stream: string): Promise<number> {
    const [last] = await this.readStream(stream, END, 1, BACKWARDS);
    return last ? Number(last.revision) : -1;
  }

  /** Up to `count` events of $all, every stream's, from `position` (inclusive, as reads are; 0 is the start). */
  async readAll(position: number, count: number): Promise<Recorded[]> {
    const options = { fromPosition: readPosition(position), maxCount: count, ...LEADER };
    return recordedOf(await this.onLeader(() => this.read(this.client.readAll(options), 'a read of $all')));
  }

  /** A catch-up subscription to $all after `position` (exclusive, as subscriptions are), filtered on the server. */
  subscribe(position: number, prefixes: string[]): AllStreamSubscription {
    const filter = streamNameFilter({ prefixes });
    return this.client.subscribeToAll({ fromPosition: readPosition(position), filter });
  }

  /** One atomic append to one stream; answers the stream's last revision. A wrong expected revision is the port's error. */
  async append(stream: string, events: NewEvent[], expected: ExpectedRevision, portStream = stream): Promise<number> {
    const proposed = events.map(({ eventId, type, data, metadata }) =>
      jsonEvent({ id: eventId.toLowerCase(), type, data: (data ?? null) as JSONType, metadata }),
    );
    try {
      const { nextExpectedRevision } = await this.onLeader(() =>
        this.client.appendToStream(stream, proposed, { expectedRevision: toClient(expected), ...LEADER }),
      );
      return Number(nextExpectedRevision);
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      const actual = error.actualVersion === 'no_stream' ? -1 : Number(error.actualVersion);
      throw new WrongExpectedRevisionError(portStream, expected, actual);
    }
  }

  async ping(): Promise<void> {
    const last = { direction: BACKWARDS, fromPosition: END, maxCount: 1, ...LEADER } as const;
    const timeout = Math.min(PING_TIMEOUT_MS, this.readTimeoutMs);
    await this.onLeader(() => this.read(this.client.readAll(last), 'a ping', timeout));
  }

  async close(): Promise<void> {
    await this.client.dispose();
    // The client has no close(): its channel would keep a connection open (none to close if discovery failed).
    const channel = (this.client as unknown as { getChannel(): Promise<Channel> }).getChannel();
    await channel.then(
      (open) => open.close(),
      () => undefined,
    );
  }

  /** A call, again once if the node it reached was no longer the leader: the client has moved to the new one. */
  private async onLeader<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof NotLeaderError)) throw error;
      return call();
    }
  }

  /**
   * The events of a read, cancelled after `ms`: the client sends reads with no deadline (6.2.1 sets Infinity), so a
   * server that takes a read and never answers would hold the caller, and every append behind it, forever.
   */
  private async read<T>(read: StreamingRead<T>, what: string, ms = this.readTimeoutMs): Promise<T[]> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        read.cancel().catch(() => undefined);
        reject(new StoreUnavailableError(`EventStoreDB did not answer ${what} within ${ms} ms`));
      }, ms);
    });
    try {
      return await Promise.race([collect(read), timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Turns "the server cannot serve this now" into the port's StoreUnavailableError (503 with Retry-After). */
export function toStoreError(error: unknown): unknown {
  const unavailable =
    error instanceof Error &&
    ((isCommandError(error) && UNAVAILABLE.has(error.type)) || DISCOVERY_FAILED.test(error.message));
  if (unavailable) return new StoreUnavailableError(`EventStoreDB unavailable: ${error.message}`, { cause: error });
  return error;
}

export function positionOf(event: Recorded): number {
  return Number(event.position?.commit ?? -1n);
}

export function recordedOf(resolved: Array<ResolvedEvent | AllStreamResolvedEvent>): Recorded[] {
  return resolved.flatMap(({ event }) => (event ? [event] : []));
}

function readPosition(position: number): ReadPosition {
  return position === 0 ? START : { commit: BigInt(position), prepare: BigInt(position) };
}

function toClient(expected: ExpectedRevision): AppendExpectedRevision {
  if (expected === 'any') return ANY;
  if (expected === 'no_stream' || expected === -1) return NO_STREAM;
  if (expected === 'stream_exists') return STREAM_EXISTS;
  return BigInt(expected);
}

async function collect<T>(read: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of read) items.push(item);
  return items;
}
