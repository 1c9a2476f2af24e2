import type {
  AllStreamResolvedEvent,
  AllStreamSubscription,
  AppendExpectedRevision,
  Direction,
  EventData,
  ReadPosition,
  ResolvedEvent,
} from '@eventstore/db-client';
import { ExpectedRevision, NewEvent, StoreUnavailableError, WrongExpectedRevisionError } from '../event-store.port';
import { caughtUpRead, ClientKind, openClient, Read, ServerClient } from './server-client';

/** An event as the client reads it. */
export type Recorded = NonNullable<ResolvedEvent['event']>;

/** A request of an append across streams: the server's stream name, and the port's for its errors. */
export interface StreamRequest {
  stream: string;
  portStream: string;
  events: NewEvent[];
  expected: ExpectedRevision;
}

const PING_TIMEOUT_MS = 2000;
const BACKWARDS_PAGE = 100;
/** How long any other read may take before it is cancelled: a page of $all takes milliseconds. */
export const READ_TIMEOUT_MS = 10_000;
/**
 * Client errors (by their `type`, the same in both client packages) that say the server cannot serve the request
 * right now, not that the request was wrong: unreachable, no longer the leader (an election), or refusing our
 * credentials (an operator's problem, not the caller's).
 */
const UNAVAILABLE = new Set([
  'unavailable',
  'cancelled',
  'deadline-exceeded',
  'timeout',
  'not-leader',
  'access-denied',
]);
/**
 * A call cancelled on our side (gRPC CANCELLED): the clients type it `unknown` when they cancelled it themselves, as
 * closing the store does to the appends in flight; whether those were written is unknown, and a retry tells.
 */
const CANCELLED = 1;
/** What the client throws, as a plain Error, when no node of a cluster answered its gossip. */
const DISCOVERY_FAILED = /^Failed to discover after \d+ attempts/;
/** Every call of the write path goes to the leader: a follower may not have the latest writes yet. */
const LEADER = { requiresLeader: true } as const;

/**
 * The calls the store makes through the client package, in server stream names, with $all positions as numbers.
 * Reads and appends require the leader, and a NotLeader answer (an election happened) is retried once, on the leader
 * the answer named; every read is bounded in time.
 */
export class EventStoreDbConnection {
  private readonly client: ServerClient;
  /** False once the server answered that it has no append across streams. */
  private acrossStreams: boolean;
  /** Rejected by close(): an Append in flight is not cancelled by the client's close, only ended by its deadline. */
  private readonly closed: Promise<never>;
  private markClosed = (): void => undefined;

  constructor(
    kind: ClientKind,
    connectionString: string,
    private readonly readTimeoutMs = READ_TIMEOUT_MS,
  ) {
    this.client = openClient(kind, connectionString);
    this.acrossStreams = this.client.appendAcross !== undefined;
    this.closed = new Promise<never>((_, reject) => {
      const closedError = new StoreUnavailableError(
        'the store closed during the append: whether it was written is unknown',
      );
      this.markClosed = () => reject(closedError);
    });
    this.closed.catch(() => undefined);
  }

  /** Events of a stream from a revision (or the end, backwards); none for a stream that does not exist. */
  async readStream(stream: string, from: bigint | 'end', maxCount?: number, direction: Direction = 'forwards') {
    const options = { fromRevision: from, maxCount, direction, ...LEADER };
    try {
      return recordedOf(
        await this.onLeader(() => this.read(this.client.readStream(stream, options), `a read of ${stream}`)),
      );
    } catch (error) {
      if (typeOf(error) === 'stream-not-found') return [];
      throw error;
    }
  }

  async lastRevision(stream: string): Promise<number> {
    const [last] = await this.readStream(stream, 'end', 1, 'backwards');
    return last ? Number(last.revision) : -1;
  }

  /**
   * Up to `count` events of the streams under these prefixes after `position` (exclusive; 0 is the start), filtered
   * on the server: a catch-up subscription, read until it has caught up.
   */
  async readAll(position: number, count: number, prefixes: string[]): Promise<Recorded[]> {
    const read = () => caughtUpRead(this.client.subscribeToAll(readPosition(position), prefixes, true), count);
    return recordedOf(await this.onLeader(() => this.read(read(), 'a read of $all')));
  }

  /**
   * The position of the last event of the streams under these prefixes, 0 if none: $all read backwards, a page at a
   * time (a read of $all cannot be filtered on the server, and a subscription cannot go backwards).
   */
  async lastPosition(prefixes: string[]): Promise<number> {
    const ours = (e: Recorded) => prefixes.some((prefix) => e.streamId.startsWith(prefix));
    for (let from: ReadPosition = 'end'; ;) {
      const options = { direction: 'backwards', fromPosition: from, maxCount: BACKWARDS_PAGE, ...LEADER } as const;
      const page = recordedOf(await this.onLeader(() => this.read(this.client.readAll(options), 'a read of $all')));
      const last = page.find(ours);
      if (last || page.length < BACKWARDS_PAGE) return last ? positionOf(last) : 0;
      from = page[page.length - 1].position!;
    }
  }

  /** A catch-up subscription to $all after `position` (exclusive, as subscriptions are), filtered on the server. */
  subscribe(position: number, prefixes: string[]): AllStreamSubscription {
    return this.client.subscribeToAll(readPosition(position), prefixes);
  }

  /** One atomic append to one stream; answers the stream's last revision. A wrong expected revision is the port's error. */
  async append(stream: string, events: NewEvent[], expected: ExpectedRevision, portStream = stream): Promise<number> {
    try {
      const appended = this.onLeader(() => this.client.append(stream, events.map(proposed), toClient(expected)));
      return Number(await Promise.race([appended, this.closed]));
    } catch (error) {
      throw conflictOf(error, () => ({ portStream, expected })) ?? error;
    }
  }

  /**
   * One atomic append across streams, where client and server have it; false (nothing written) where they do not.
   * Each stream may appear once.
   */
  async appendAcross(requests: StreamRequest[]): Promise<boolean> {
    if (!this.acrossStreams) return false;
    const appends = requests.map(({ stream, events, expected }) => ({
      stream,
      events: events.map(proposed),
      expected: toClient(expected),
    }));
    try {
      await this.onLeader(() => this.client.appendAcross!(appends));
      return true;
    } catch (error) {
      if (typeOf(error) === 'unsupported') return (this.acrossStreams = false);
      const request = (name: string) => requests.find((r) => r.stream === name) ?? requests[0];
      throw (
        conflictOf(error, (name) => ({ portStream: request(name).portStream, expected: request(name).expected })) ??
        error
      );
    }
  }

  async ping(): Promise<void> {
    const last = { direction: 'backwards', fromPosition: 'end', maxCount: 1, ...LEADER } as const;
    const timeout = Math.min(PING_TIMEOUT_MS, this.readTimeoutMs);
    await this.onLeader(() => this.read(this.client.readAll(last), 'a ping', timeout));
  }

  /**
   * An event's `created` in ms, to the precision every read of this client gives: it becomes the recordedAt, which
   * must be the same however the event was read.
   */
  createdAt(event: Recorded): number {
    const resolution = this.client.createdResolutionMs;
    return Math.floor(event.created.getTime() / resolution) * resolution;
  }

  close(): Promise<void> {
    this.markClosed();
    return this.client.close();
  }

  /** A call, again once if the node it reached was no longer the leader: the client has moved to the new one. */
  private async onLeader<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (typeOf(error) !== 'not-leader') throw error;
      return call();
    }
  }

  /**
   * The events of a read, abandoned after `ms`: the clients send reads with no deadline (6.2.1 sets Infinity), so a
   * server that takes a read and never answers would hold the caller, and every append behind it, forever.
   */
  private async read<T>(read: Read<T>, what: string, ms = this.readTimeoutMs): Promise<T[]> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        Promise.resolve(read.cancel?.() ?? read.return?.()).catch(() => undefined);
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
    (UNAVAILABLE.has(typeOf(error) ?? '') ||
      (error as { code?: unknown }).code === CANCELLED ||
      DISCOVERY_FAILED.test(error.message));
  if (unavailable) return new StoreUnavailableError(`EventStoreDB unavailable: ${error.message}`, { cause: error });
  return error;
}

export function positionOf(event: Recorded): number {
  return Number(event.position?.commit ?? -1n);
}

export function recordedOf(resolved: Array<ResolvedEvent | AllStreamResolvedEvent>): Recorded[] {
  return resolved.flatMap(({ event }) => (event ? [event] : []));
}

/** A client error's kind, e.g. `not-leader` or `wrong-expected-version`. */
function typeOf(error: unknown): string | undefined {
  return error instanceof Error && 'type' in error ? String(error.type) : undefined;
}

/** The port's error for a client's wrong expected version, naming the port's stream. */
function conflictOf(
  error: unknown,
  requestOf: (stream: string) => { portStream: string; expected: ExpectedRevision },
): WrongExpectedRevisionError | undefined {
  if (typeOf(error) !== 'wrong-expected-version') return undefined;
  const { streamName, actualVersion } = error as { streamName: string; actualVersion: bigint | string };
  const { portStream, expected } = requestOf(streamName);
  return new WrongExpectedRevisionError(
    portStream,
    expected,
    actualVersion === 'no_stream' ? -1 : Number(actualVersion),
  );
}

function proposed({ eventId, type, data, metadata }: NewEvent): EventData {
  return {
    id: eventId.toLowerCase(),
    contentType: 'application/json',
    type,
    data: data ?? null,
    metadata,
  } as EventData;
}

function readPosition(position: number): ReadPosition {
  return position === 0 ? 'start' : { commit: BigInt(position), prepare: BigInt(position) };
}

function toClient(expected: ExpectedRevision): AppendExpectedRevision {
  if (expected === -1) return 'no_stream';
  return typeof expected === 'number' ? BigInt(expected) : expected;
}

async function collect<T>(read: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of read) items.push(item);
  return items;
}
