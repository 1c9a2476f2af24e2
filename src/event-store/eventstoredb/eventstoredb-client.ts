import { EventStoreDBClient, streamNameFilter } from '@eventstore/db-client';
import { append } from '@eventstore/db-client/dist/streams/appendToStream/append';
import { APPEND_DEADLINE_MS, closeClient, ServerClient } from './server-client';

/** The server calls on `@eventstore/db-client`, for `esdb://` connection strings. */
export function connect(connectionString: string): ServerClient {
  const client = EventStoreDBClient.connectionString(connectionString);
  return {
    readStream: (stream, options) => client.readStream(stream, options),
    readAll: (options) => client.readAll(options),
    subscribeToAll: (fromPosition, prefixes, requiresLeader) =>
      client.subscribeToAll({ fromPosition, filter: streamNameFilter({ prefixes }), requiresLeader }),
    // Always the Append call, never BatchAppend, which appendToStream takes where the server has it: 6.2.1's BatchAppend
    // keeps the appends in flight of every connection of the process in one map, so a connection that fails or is
    // closed fails the others' appends too and empties the map, and their answers then throw "undefined is not
    // iterable" inside a gRPC callback, uncaught. (@kurrent/kurrentdb-client keeps a map per connection.)
    append: async (stream, events, expectedRevision) => {
      // batchAppendSize is BatchAppend's, unused here.
      const options = { expectedRevision, requiresLeader: true, deadline: APPEND_DEADLINE_MS, batchAppendSize: 0 };
      return (await append.call(client, stream, events, options)).nextExpectedRevision;
    },
    createdResolutionMs: 1,
    close: () => closeClient(client),
  };
}
