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
  ReadPosition,
  ResolvedEvent,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  streamNameFilter,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import type { Channel } from '@grpc/grpc-js';
import { ExpectedRevision, NewEvent, StoreUnavailableError, WrongExpectedRevisionError } from '../event-store.port';

/** An event as the client reads it. */
export type Recorded = NonNullable<ResolvedEvent['event']>;

const PING_DEADLINE_MS = 2000;
/** Client errors that say the server cannot be reached right now, not that the request was wrong. */
const UNAVAILABLE = new Set(['unavailable', 'cancelled', 'deadline-exceeded', 'timeout', 'not-leader']);

/** The calls the store makes through @eventstore/db-client, in server stream names, with $all positions as numbers. */
export class EventStoreDbConnection {
  private readonly client: EventStoreDBClient;

  constructor(connectionString: string) {
    this.client = EventStoreDBClient.connectionString(connectionString);
  }

  /** Events of a stream from a revision (or the end, backwards); none for a stream that does not exist. */
  async readStream(stream: string, from: bigint | typeof END, maxCount?: number, direction: Direction = FORWARDS) {
    try {
      return recordedOf(await collect(this.client.readStream(stream, { fromRevision: from, maxCount, direction })));
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
    return recordedOf(await collect(this.client.readAll({ fromPosition: readPosition(position), maxCount: count })));
  }

  /** A catch-up subscription to $all after `position` (exclusive, as subscriptions are), filtered on the server. */
  subscribe(position: number, prefixes: string[]): AllStreamSubscription {
    const filter = streamNameFilter({ prefixes });
    return this.client.subscribeToAll({ fromPosition: readPosition(position), filter });
  }

  /** One atomic append to one stream; a wrong expected revision is the port's error. */
  async append(stream: string, events: NewEvent[], expected: ExpectedRevision, portStream = stream): Promise<void> {
    const proposed = events.map(({ eventId, type, data, metadata }) =>
      jsonEvent({ id: eventId.toLowerCase(), type, data: (data ?? null) as JSONType, metadata }),
    );
    try {
      await this.client.appendToStream(stream, proposed, { expectedRevision: toClient(expected) });
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      const actual = error.actualVersion === 'no_stream' ? -1 : Number(error.actualVersion);
      throw new WrongExpectedRevisionError(portStream, expected, actual);
    }
  }

  async ping(): Promise<void> {
    const last = { direction: BACKWARDS, fromPosition: END, maxCount: 1, deadline: PING_DEADLINE_MS } as const;
    await collect(this.client.readAll(last));
  }

  async close(): Promise<void> {
    await this.client.dispose();
    // The client has no close(): its channel would keep a connection open.
    const channel = (this.client as unknown as { getChannel(): Promise<Channel> }).getChannel();
    (await channel).close();
  }
}

/** Turns "the server cannot be reached" into the port's StoreUnavailableError. */
export function toStoreError(error: unknown): unknown {
  if (error instanceof Error && isCommandError(error) && UNAVAILABLE.has(error.type)) {
    return new StoreUnavailableError(`EventStoreDB unavailable: ${error.message}`, { cause: error });
  }
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
