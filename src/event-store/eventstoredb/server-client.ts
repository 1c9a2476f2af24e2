import type {
  AllStreamResolvedEvent,
  AllStreamSubscription,
  AppendExpectedRevision,
  Direction,
  EventData,
  ReadPosition,
  ResolvedEvent,
} from '@eventstore/db-client';
import type { Channel } from '@grpc/grpc-js';

/** A read as either client returns it: its events one by one, and a way to stop it early. */
export type Read<E> = AsyncIterable<E> & { cancel?(): Promise<void>; return?(): unknown };

export interface ReadOptions {
  maxCount?: number;
  direction?: Direction;
  requiresLeader: boolean;
}

/** One stream's part of an append across streams. */
export interface StreamAppend {
  stream: string;
  events: EventData[];
  expected: AppendExpectedRevision;
}

/**
 * What the connection needs of a client package. `@eventstore/db-client` and its successor
 * `@kurrent/kurrentdb-client` do the same things under a few different names (the types here are the first's).
 */
export interface ServerClient {
  readStream(stream: string, options: ReadOptions & { fromRevision: bigint | 'start' | 'end' }): Read<ResolvedEvent>;
  readAll(options: ReadOptions & { fromPosition: ReadPosition }): Read<AllStreamResolvedEvent>;
  /** A catch-up subscription to $all after `fromPosition`, filtered on the server to these stream prefixes. */
  subscribeToAll(fromPosition: ReadPosition, prefixes: string[], requiresLeader?: boolean): AllStreamSubscription;
  /** One atomic append to the leader; answers the stream's last revision. */
  append(stream: string, events: EventData[], expected: AppendExpectedRevision): Promise<bigint>;
  /** One atomic append across streams, where the client has it (KurrentDB 25.1 and later on the server). */
  appendAcross?(appends: StreamAppend[]): Promise<void>;
  /** The precision of the `created` its reads give, in ms. */
  createdResolutionMs: number;
  close(): Promise<void>;
}

export type ClientKind = 'eventstoredb' | 'kurrentdb';

/**
 * How long an append may take before the client gives it up (its outcome then unknown: a 503, and a retry with the
 * same ids completes it). Longer than the clients' default of 10 s: an append of up to 1 MiB on a busy server can take
 * that long, and giving it up only turns a write that would have succeeded into a retry.
 */
export const APPEND_DEADLINE_MS = 30_000;

/** `kurrentdb://` (or `kurrent://`, `kdb://`, each `+discover`) names the KurrentDB client; `esdb://` either. */
export const clientKindOf = (connectionString: string): ClientKind =>
  /^(kurrentdb|kurrent|kdb)(\+discover)?:\/\//.test(connectionString) ? 'kurrentdb' : 'eventstoredb';

/**
 * The client package for a kind of server, loaded only when chosen: both packages register the same protobuf
 * message names in one global namespace, so one process can hold only one of them.
 */
export function openClient(kind: ClientKind, connectionString: string): ServerClient {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { connect } =
    kind === 'kurrentdb'
      ? (require('./kurrentdb-client') as typeof import('./kurrentdb-client'))
      : (require('./eventstoredb-client') as typeof import('./eventstoredb-client'));
  /* eslint-enable @typescript-eslint/no-require-imports */
  return connect(connectionString);
}

/**
 * Disposes of a client and closes its channel, which dispose() leaves open (none to close if discovery failed). The
 * channel is a protected member of both clients, reached through a check: they offer no close().
 */
export async function closeClient(client: { dispose(): Promise<void> }): Promise<void> {
  await client.dispose();
  if (!hasChannel(client)) return;
  await client.getChannel().then(
    (open) => open.close(),
    () => undefined,
  );
}

function hasChannel(client: object): client is { getChannel(): Promise<Channel> } {
  return 'getChannel' in client && typeof client.getChannel === 'function';
}

/**
 * A catch-up subscription read as a read: its events up to `maxCount`, until it has caught up with the log, then
 * cancelled. Subscriptions can be filtered on the server, and reads of $all cannot (client 6.2.1). Servers send
 * caught-up since 23.10; on an older one such a read ends at its timeout.
 */
export function caughtUpRead(subscription: AllStreamSubscription, maxCount: number): Read<AllStreamResolvedEvent> {
  let [caughtUp, ended, cancelled] = [false, false, false];
  let failure: Error | undefined;
  let wake = (): void => undefined;
  const stir = () => wake();
  subscription.on('readable', stir);
  subscription.on('caughtUp', () => ((caughtUp = true), stir()));
  subscription.once('end', () => ((ended = true), stir()));
  subscription.once('close', () => ((ended = true), stir()));
  subscription.once('error', (error) => ((failure = error), stir()));
  const stop = async () => {
    await subscription.unsubscribe();
    subscription.destroy();
  };
  async function* events(): AsyncGenerator<AllStreamResolvedEvent> {
    try {
      for (let count = 0; count < maxCount && !cancelled;) {
        // Everything the server sent before caught-up is in the buffer by the time caught-up is emitted.
        const event = subscription.read() as AllStreamResolvedEvent | null;
        if (event) {
          count++;
          yield event;
        } else if (failure) throw failure;
        else if (caughtUp || ended) return;
        else await new Promise<void>((resolve) => (wake = resolve));
      }
    } finally {
      await stop();
    }
  }
  const iterator = events();
  return {
    [Symbol.asyncIterator]: () => iterator,
    cancel: () => {
      cancelled = true;
      stir();
      return stop();
    },
  };
}
