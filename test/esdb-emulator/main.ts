import { parseArgs } from 'node:util';
import { EsdbEmulator } from './emulator';

/** `npm run esdb:emulator -- --port 2113`: the EventStoreDB protocol emulator, standalone, for local development. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '2113' },
      host: { type: 'string', default: '127.0.0.1' },
      'no-batch-append': { type: 'boolean', default: false },
      sequential: { type: 'boolean', default: false },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be a port number; got ${values.port}`);
  const emulator = new EsdbEmulator({
    host: values.host,
    batchAppend: !values['no-batch-append'],
    positions: values.sequential ? 'sequential' : 'byte-offsets',
  });
  const bound = await emulator.listen(port);
  console.log(
    `EventStoreDB emulator on ${values.host}:${bound}: data is kept in memory only and lost when it stops.\n` +
      `Connect with EVENT_STORE=eventstoredb EVENTSTORE_CONNECTION_STRING="esdb://127.0.0.1:${bound}?tls=false"`,
  );
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      emulator.stop();
      process.exit(0);
    });
  }
}

main().catch((error: unknown) => {
  console.error(`esdb-emulator: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
