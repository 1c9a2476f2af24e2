import { KurrentDBClient, streamNameFilter } from '@kurrent/kurrentdb-client';
import type { AllStreamResolvedEvent, ResolvedEvent } from '@eventstore/db-client';
import { APPEND_DEADLINE_MS, closeClient, Read, ServerClient } from './server-client';

/**
 * The server calls on `@kurrent/kurrentdb-client`, for `kurrentdb://` connection strings or EVENT_STORE=kurrentdb.
 * Its reads (through its native bridge) give events of `@eventstore/db-client`'s shape.
 */
export function connect(connectionString: string): ServerClient {
  const client = KurrentDBClient.connectionString(connectionString);
  return {
    readStream: (stream, options) => client.readStream(stream, options) as Read<ResolvedEvent>,
    readAll: (options) => client.readAll(options) as Read<AllStreamResolvedEvent>,
    subscribeToAll: (fromPosition, prefixes, requiresLeader) =>
      client.subscribeToAll({ fromPosition, filter: streamNameFilter({ prefixes }), requiresLeader }),
    append: async (stream, events, streamState) =>
      (await client.appendToStream(stream, events, { streamState, requiresLeader: true, deadline: APPEND_DEADLINE_MS }))
        .nextExpectedRevision,
    appendAcross: async (appends) => {
      await client.multiStreamAppend(
        appends.map(({ stream, events, expected }) => ({ streamName: stream, events, expectedState: expected })),
      );
    },
    // Its reads go through a native bridge that gives `created` in whole seconds (its subscriptions give ms).
    createdResolutionMs: 1000,
    close: () => closeClient(client),
  };
}
