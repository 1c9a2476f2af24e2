import { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config/config';
import { EsdbEmulator } from '../esdb-emulator/emulator';
import { EventStore } from '../../src/event-store/event-store.port';
import { EventStoreDbEventStore } from '../../src/event-store/eventstoredb/eventstoredb-event-store';
import { ClientKind } from '../../src/event-store/eventstoredb/server-client';

export interface RunningApp {
  app: INestApplication;
  url: string;
  dataDir: string;
  /** fetch against the app, JSON in and out. */
  call: (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<Answer>;
  /** Closes the app; the data dir is kept so a test can reopen it. */
  close: () => Promise<void>;
}

export interface Answer {
  status: number;
  body: any;
  headers: Headers;
  text: string;
}

/**
 * Starts the real app on a free loopback port: on the embedded SQLite store, or with E2E_EVENT_STORE=eventstoredb
 * (the jest project of that name) on the EventStoreDB adapter, against an in-process emulator per data dir (so a
 * restart on the same dir finds its log), or against EVENTSTORE_CONNECTION_STRING, one namespace per data dir.
 * `store`: an event store of the test's own instead.
 */
export async function startApp(
  env: Record<string, string> = {},
  dataDir = mkdtempSync(join(tmpdir(), 'chancery-')),
  store?: EventStore,
): Promise<RunningApp> {
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'error', ...(await eventStoreEnv(dataDir)), ...env });
  const app = await createApp(
    config,
    store ?? (realServer() && config.eventStore !== 'sqlite' ? namespaced(dataDir, config.eventStore) : undefined),
  );
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return { app, url, dataDir, call: client(url), close: () => app.close() };
}

/** fetch against a service at `url` (this process's app or a spawned one), JSON in and out. */
export const client =
  (url: string) =>
  async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> => {
    const res = await fetch(url + path, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = undefined;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: res.status, body: parsed, headers: res.headers, text };
  };

export const removeDir = (dir: string) => {
  emulators.get(dir)?.stop();
  emulators.delete(dir);
  rmSync(dir, { recursive: true, force: true });
};

const emulators = new Map<string, EsdbEmulator>();
/** The `eventstoredb` and `kurrentdb` jest projects run the suites on a server, through one client or the other. */
const serverClient = () => process.env.E2E_EVENT_STORE as ClientKind | undefined;
const realServer = () => process.env.EVENTSTORE_CONNECTION_STRING;

async function eventStoreEnv(dataDir: string): Promise<Record<string, string>> {
  const client = serverClient();
  if (!client) return {};
  const real = realServer();
  if (real) return { EVENT_STORE: client, EVENTSTORE_CONNECTION_STRING: real };
  let emulator = emulators.get(dataDir);
  // Positions 1, 2, 3…: the suites assert them, as on SQLite. The KurrentDB client gets a KurrentDB 25.1 server.
  const options = { positions: 'sequential', multiStreamAppend: client === 'kurrentdb' } as const;
  if (!emulator) emulators.set(dataDir, (emulator = await EsdbEmulator.start(options)));
  const connectionString = emulator.connectionString.replace(/^esdb:/, client === 'kurrentdb' ? 'kurrentdb:' : 'esdb:');
  return { EVENT_STORE: client, EVENTSTORE_CONNECTION_STRING: connectionString };
}

/** On a shared real server, each data dir gets its own streams, as if the log were fresh. */
const namespaced = (dataDir: string, client: ClientKind) =>
  new EventStoreDbEventStore({ connectionString: realServer()!, client, namespace: `e2e-${basename(dataDir)}/` });

/** Stops the emulators a suite left running (its data dirs not removed). */
export function stopEmulators(): void {
  for (const emulator of emulators.values()) emulator.stop();
  emulators.clear();
}
