/**
 * The peer: Emmett's SQLite event store on the side-by-side workload, in its own process.
 * Emmett lives in bench/peer/node_modules (`npm run bench:setup`), apart from the service's
 * dependencies: it is loaded by name at run time, so the type check does not need it installed.
 *
 *   node --import tsx bench/peer/emmett.ts <spec JSON>   → one JSON line (WorkloadResult)
 */
import { readFileSync } from 'node:fs';
import { runWorkload, WorkloadEvent } from '../lib/store-workload';

/** The slice of @event-driven-io/emmett-sqlite 0.38.5 used here. */
interface EmmettSqlite {
  getSQLiteEventStore(options: { fileName: string }): {
    appendToStream(stream: string, events: { type: string; data: unknown }[]): Promise<unknown>;
    readStream(stream: string): Promise<{ events: unknown[] }>;
  };
  sqliteConnection(options: { fileName: string }): {
    querySingle<T>(sql: string): Promise<T | null>;
    close(): void;
  };
}

export interface PeerSpec {
  file: string;
  eventsFile: string;
  ms: number;
  parallel: number;
  rounds: number;
}

const PACKAGE = '@event-driven-io/emmett-sqlite';

async function main() {
  const spec = JSON.parse(process.argv[2]) as PeerSpec;
  // Emmett sometimes rejects a promise nobody awaits when calls overlap: count those, do not crash on them.
  let unhandled = 0;
  process.on('unhandledRejection', () => unhandled++);
  const emmett = (await import(PACKAGE)) as EmmettSqlite;
  const events = JSON.parse(readFileSync(spec.eventsFile, 'utf8')) as WorkloadEvent[];
  const store = emmett.getSQLiteEventStore({ fileName: spec.file });
  const result = await runWorkload(
    {
      append: (stream, e) => store.appendToStream(stream, [{ type: e.type, data: e.data }]),
      readStream: async (stream) => (await store.readStream(stream)).events.length,
    },
    events,
    spec.ms,
    spec.parallel,
    spec.rounds,
  );
  // How durable its commits are: Emmett sets WAL and leaves `synchronous` at the build's default.
  const connection = emmett.sqliteConnection({ fileName: spec.file });
  const sync = await connection.querySingle<{ synchronous: number }>('PRAGMA synchronous');
  connection.close();
  console.log(JSON.stringify({ ...result, synchronous: sync?.synchronous, unhandled }));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
