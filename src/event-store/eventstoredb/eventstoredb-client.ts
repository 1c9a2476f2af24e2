import { EventStoreDBClient, streamNameFilter } from '@eventstore/db-client';
import { closeClient, ServerClient } from './server-client';

/** The server calls on `@eventstore/db-client`, for `esdb://` connection strings. */
export function connect(connectionString: string): ServerClient {
  const client = EventStoreDBClient.connectionString(connectionString);
  return {
    readStream: (stream, options) => client.readStream(stream, options),
    readAll: (options) => client.readAll(options),
    subscribeToAll: (fromPosition, prefixes, requiresLeader) =>
      client.subscribeToAll({ fromPosition, filter: streamNameFilter({ prefixes }), requiresLeader }),
    append: async (stream, events, expectedRevision) =>
      (await client.appendToStream(stream, events, { expectedRevision, requiresLeader: true })).nextExpectedRevision,
    createdResolutionMs: 1,
    close: () => closeClient(client),
  };
}
