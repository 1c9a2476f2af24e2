import { randomUUID } from 'node:crypto';
import { ReadReq } from '@eventstore/db-client/generated/streams_pb';
import { EsdbCluster } from '../../../test/esdb-emulator/cluster';
import { EmulatorOptions, EsdbEmulator } from '../../../test/esdb-emulator/emulator';
import { Proposed } from '../../../test/esdb-emulator/emulator-log';
import { describeEventStoreContract } from '../event-store.contract';
import {
  DuplicateEventIdError,
  EventTooLargeError,
  StoredEvent,
  StoreUnavailableError,
  WrongExpectedRevisionError,
} from '../event-store.port';
import { EventStoreDbEventStore } from './eventstoredb-event-store';

const contractStore = (connectionString: string) =>
  new EventStoreDbEventStore({ connectionString, streamPrefixes: ['contract-'] });

/** A fresh emulator per store, its clock driving `created`: the log starts empty, positions 1, 2, 3… */
const onOwnEmulator = (options: EmulatorOptions) => async (clock?: () => number) => {
  const emulator = await EsdbEmulator.start({ ...options, positions: 'sequential', clock });
  return { store: contractStore(emulator.connectionString), cleanup: async () => emulator.stop() };
};

// The client's Append call whatever the server advertises (eventstoredb-client.ts says why); BatchAppend is the
// KurrentDB client's path (kurrentdb.kurrentdb-spec.ts).
describeEventStoreContract('eventstoredb (emulator)', onOwnEmulator({}));

// The emulator as strict as a real server (byte-offset positions, system events first) and a busy $all: every write
// followed by one to a stream the ledger does not own. (Still an emulator per store: each new store reads $all from the start
// to build its index, which a log shared by the whole suite would make slower test after test.)
describeEventStoreContract(
  'eventstoredb, byte-offset positions among foreign events (emulator)',
  async () => {
    const emulator = await EsdbEmulator.start();
    let busy = false;
    emulator.log.onWrite(() => {
      if (busy) return;
      busy = true;
      emulator.log.append(`other-${randomUUID()}`, 'any', [foreignEvent()]);
      busy = false;
    });
    return { store: contractStore(emulator.connectionString), cleanup: async () => emulator.stop() };
  },
  { freshLog: false },
);

// The same suite against a real server, on fresh stream names, when one is given; listed as skipped otherwise.
const realServer = process.env.EVENTSTORE_CONNECTION_STRING;
(realServer ? describe : describe.skip)('on EVENTSTORE_CONNECTION_STRING', () => {
  describeEventStoreContract('eventstoredb, real server', async () => ({ store: contractStore(realServer!) }), {
    freshLog: false,
  });
});

function foreignEvent() {
  const data = Buffer.from('{}');
  return { id: randomUUID(), type: 'Other', contentType: 'application/json', customMetadata: new Uint8Array(), data };
}

const newEvent = (eventId: string = randomUUID()) => ({
  eventId,
  type: 'SomethingHappened',
  data: { eventId },
  metadata: {},
});
const stream = () => `contract-${randomUUID()}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !(await condition()); await sleep(10)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
  }
}

describe('EventStoreDbEventStore', () => {
  let emulator: EsdbEmulator;
  const stores: EventStoreDbEventStore[] = [];
  const open = (namespace?: string) => {
    const store = new EventStoreDbEventStore({
      connectionString: emulator.connectionString,
      streamPrefixes: ['contract-'],
      namespace,
    });
    stores.push(store);
    return store;
  };

  beforeEach(async () => {
    emulator = await EsdbEmulator.start();
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
    emulator.stop();
  });

  it.each([true, false])(
    "appends through the client's Append call, never its BatchAppend (advertised: %s)",
    async (batchAppend) => {
      emulator.stop();
      emulator = await EsdbEmulator.start({ batchAppend });
      await open().append([{ stream: stream(), events: [newEvent()], expectedRevision: 'no_stream' }]);
      expect(emulator.calls).toMatchObject({ append: 1, batchAppend: 0 });
    },
  );

  it('reconnects after the server restarts mid-subscription: nothing skipped, nothing twice', async () => {
    const store = open();
    const received: StoredEvent[] = [];
    const subscription = store.subscribe(0, (batch) => void received.push(...batch));
    const s = stream();
    await store.append([{ stream: s, events: [newEvent(), newEvent(), newEvent()], expectedRevision: 'no_stream' }]);
    await waitFor(() => received.length === 3, 'the first events');

    emulator.stop();
    await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.append([{ stream: s, events: [newEvent()], expectedRevision: 2 }])).rejects.toBeInstanceOf(
      StoreUnavailableError,
    );
    await sleep(200); // the subscription fails over and retries while the server is away
    await emulator.listen();
    await store.ping();

    await store.append([{ stream: s, events: [newEvent(), newEvent()], expectedRevision: 2 }]);
    await waitFor(() => received.length >= 5, 'the events written after the restart');
    await sleep(100);
    await subscription.unsubscribe();

    expect(received).toEqual(await store.readAll(0, 100));
    expect(received.map((e) => e.revision)).toEqual([0, 1, 2, 3, 4]);
  });

  it('lets another instance find an event by id: at once after a pause, at most 20 ms stale', async () => {
    const [one, two] = [open(), open()];
    expect(await two.readEvent(randomUUID())).toBeUndefined(); // two has just caught up with $all
    const [written] = await one.append([{ stream: stream(), events: [newEvent()], expectedRevision: 'any' }]);
    await sleep(25);
    expect(await two.readEvent(written.events[0].eventId)).toEqual(written.events[0]);
    expect(await two.readAll(0, 10)).toEqual(await one.readAll(0, 10));
  });

  it('refuses an id another instance used in another stream, although the server would take it', async () => {
    const [one, two] = [open(), open()];
    const event = newEvent();
    await one.append([{ stream: stream(), events: [event], expectedRevision: 'any' }]);
    await expect(two.append([{ stream: stream(), events: [event], expectedRevision: 'any' }])).rejects.toBeInstanceOf(
      DuplicateEventIdError,
    );
  });

  it('finds events by id whatever the case of the id', async () => {
    const store = open();
    const eventId = randomUUID().toUpperCase();
    await store.append([{ stream: stream(), events: [newEvent(eventId)], expectedRevision: 'any' }]);
    expect(await store.readEvent(eventId)).toMatchObject({ eventId: eventId.toLowerCase() });
  });

  it('keeps ledgers under different namespaces apart on one server', async () => {
    const [a, b] = [open('a/'), open('b/')];
    const s = stream();
    await a.append([{ stream: s, events: [newEvent()], expectedRevision: 'no_stream' }]);
    await b.append([{ stream: s, events: [newEvent(), newEvent()], expectedRevision: 'no_stream' }]);
    expect((await a.readAll(0, 10)).map((e) => e.stream)).toEqual([s]);
    expect(await b.streamRevision(s)).toBe(1);
    expect(emulator.log.read(`a/${s}`)).toHaveLength(1);
  });

  /** Has another writer's append land in the stream just before the store's first append reaches the server. */
  const landingFirst = (copy: (events: Proposed[]) => Proposed[]) => {
    const expectations: unknown[] = [];
    const append = emulator.log.append.bind(emulator.log);
    emulator.log.append = (name, expected, events) => {
      expectations.push(expected);
      if (expectations.length === 1) {
        append(name, 'any', copy(events));
        emulator.log.forgetRecentIds(); // and then an election: the server's cache of recent ids is empty
      }
      return append(name, expected, events);
    };
    return expectations;
  };

  it('appends at the revision it read: a copy of the append written meanwhile is not written twice', async () => {
    const [store, s] = [open(), stream()];
    const expectations = landingFirst((events) => events); // the same action, retried through another instance
    const [result] = await store.append([{ stream: s, events: [newEvent()], expectedRevision: 'any' }]);
    expect(result.events[0].revision).toBe(0);
    expect(emulator.log.read(s)).toHaveLength(1); // at `any`, with the id forgotten, it would be there twice
    expect(expectations).toEqual(['no_stream']);
  });

  it('appends at the revision it read: another writer’s event first, it reads the stream again and appends after', async () => {
    const [store, s] = [open(), stream()];
    const expectations = landingFirst((events) => events.map((e) => ({ ...e, id: randomUUID() })));
    const event = newEvent();
    const [result] = await store.append([{ stream: s, events: [event], expectedRevision: 'any' }]);
    expect(result).toMatchObject({ duplicate: false, events: [{ eventId: event.eventId, revision: 1 }] });
    expect(expectations).toEqual(['no_stream', 0n]);
  });

  it('reads from the server only what the read store it is handed has not taken', async () => {
    const writer = open();
    const s = stream();
    const events = Array.from({ length: 1200 }, () => newEvent());
    await writer.append([{ stream: s, events, expectedRevision: 'no_stream' }]);
    const log = await writer.readAll(0, 2000);
    const taken = log.slice(0, 1190).map((e, i) => ({ ...e, seq: i + 1 }));
    const store = open();
    store.useIndex({
      last: () => taken.at(-1),
      byEventId: (id) => taken.find((e) => e.eventId === id),
      atOrBefore: (position) => taken.filter((e) => e.position <= position).at(-1),
    });
    const starts: number[] = [];
    emulator.hangs = (request) => {
      const all = request.getOptions()!.getAll();
      if (all && request.getOptions()!.getReadDirection() === ReadReq.Options.ReadDirection.FORWARDS) {
        starts.push(all.hasPosition() ? Number(all.getPosition()!.getCommitPosition()) : 0);
      }
      return false;
    };
    expect(await store.headPosition()).toBe(log[1199].position);
    expect(await store.countBetween(0, log[1199].position)).toBe(1200);
    expect(await store.readEvent(events[3].eventId)).toEqual(log[3]);
    expect(await store.readAll(log[1194].position, 10)).toEqual(log.slice(1195));
    expect(starts.length).toBeGreaterThan(0);
    expect(Math.min(...starts)).toBe(log[1189].position);
  });

  it('counts up to a bound without reading the log beyond it: a health probe during a first start', async () => {
    const writer = open();
    const events = Array.from({ length: 2500 }, () => newEvent());
    await writer.append([{ stream: stream(), events, expectedRevision: 'no_stream' }]);
    const head = await writer.headPosition();
    const store = open();
    let reads = 0;
    emulator.hangs = (request) => {
      if (request.getOptions()!.getReadDirection() === ReadReq.Options.ReadDirection.FORWARDS) reads++;
      return false;
    };
    expect(await store.countBetween(0, head, 500)).toBe(500);
    expect(reads).toBe(1);
    expect(await store.countBetween(0, head)).toBe(2500);
  });

  it('stops a batch at the first stream a concurrent writer changed; retrying it completes the rest', async () => {
    const store = open();
    const [a, b] = [stream(), stream()];
    const batch = [
      { stream: a, events: [newEvent()], expectedRevision: 'no_stream' as const },
      { stream: b, events: [newEvent()], expectedRevision: 'no_stream' as const },
    ];
    // Another writer lands in b right after the adapter's write to a, before its write to b.
    const intrude = emulator.log.onWrite(() => {
      intrude();
      emulator.log.append(`${b}`, 'any', [foreignEvent()]);
    });

    const error = await store.append(batch).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WrongExpectedRevisionError);
    expect(error).toMatchObject({ stream: b, actual: 0 });
    // No transaction spans streams on EventStoreDB: the first request stays written.
    expect(await store.streamRevision(a)).toBe(0);

    const [first, second] = await store.append([batch[0], { ...batch[1], expectedRevision: 0 }]);
    expect(first.duplicate).toBe(true);
    expect(second).toMatchObject({ duplicate: false, events: [{ revision: 1 }] });
    expect((await store.readAll(0, 10)).map((e) => e.eventId)).toEqual([
      batch[0].events[0].eventId,
      expect.any(String),
      batch[1].events[0].eventId,
    ]);
  });
});

describe('EventStoreDbEventStore in front of a cluster, and a server that misbehaves', () => {
  const stores: EventStoreDbEventStore[] = [];
  const open = (connectionString: string, readTimeoutMs?: number) => {
    const store = new EventStoreDbEventStore({ connectionString, streamPrefixes: ['contract-'], readTimeoutMs });
    stores.push(store);
    return store;
  };
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
  });

  it('follows the leader through elections: nothing acknowledged lost, nothing doubled', async () => {
    const cluster = await EsdbCluster.start();
    try {
      const store = open(cluster.connectionString);
      const s = stream();
      const written: string[] = [];
      const write = async () => {
        const event = newEvent();
        await store.append([{ stream: s, events: [event], expectedRevision: 'any' }]);
        written.push(event.eventId);
      };
      await write();
      await cluster.elect(); // the old leader steps down: NotLeader, retried on the new one
      await write();
      expect(cluster.nodes[1].calls.append + cluster.nodes[1].calls.batchAppend).toBe(1);
      await cluster.elect({ crash: true, downMs: 50 }); // the new leader dies: its connection drops
      await write().catch((error: unknown) => expect(error).toBeInstanceOf(StoreUnavailableError));
      await waitFor(
        () =>
          write().then(
            () => true,
            () => false,
          ),
        'a write on the third leader',
      );
      expect((await store.readStream(s)).map((e) => e.eventId)).toEqual(written);
      expect(cluster.log.read(`${s}`)).toHaveLength(written.length);
    } finally {
      cluster.stop();
    }
  });

  it('cancels a read the server never answers after its timeout, as unavailable; other calls go on', async () => {
    const emulator = await EsdbEmulator.start();
    try {
      const store = open(emulator.connectionString, 300);
      const [stuck, fine] = [stream(), stream()];
      emulator.hangs = (request) => streamOf(request) === stuck;
      const started = Date.now();
      const read = store.readStream(stuck);
      await store.append([{ stream: fine, events: [newEvent()], expectedRevision: 'no_stream' }]);
      expect(await store.readStream(fine)).toHaveLength(1);
      await expect(read).rejects.toThrow(
        new StoreUnavailableError(`EventStoreDB did not answer a read of ${stuck} within 300 ms`),
      );
      expect(Date.now() - started).toBeLessThan(5000);

      emulator.hangs = (request) => request.getOptions()!.hasAll(); // the ping reads $all
      await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
    } finally {
      emulator.stop();
    }
  });

  it("answers each append on its own connection whatever another connection does: one closing mid-append disturbs no other store's append", async () => {
    // Client 6.2.1's BatchAppend kept the appends in flight of every connection of the process in one map: a
    // connection cancelled by its store's close failed the others' appends and emptied the map, so their answers then
    // threw "undefined is not iterable" inside a gRPC callback, uncaught.
    const [one, two] = [await EsdbEmulator.start(), await EsdbEmulator.start()];
    try {
      const [closing, other] = [open(one.connectionString), open(two.connectionString)];
      one.holdsAppends = two.holdsAppends = true;
      const cancelled = closing.append([{ stream: stream(), events: [newEvent()], expectedRevision: 'any' }]);
      const [s, event] = [stream(), newEvent()];
      const answered = other.append([{ stream: s, events: [event], expectedRevision: 'no_stream' }]);
      const sent = (emulator: EsdbEmulator) => emulator.calls.append + emulator.calls.batchAppend > 0;
      await waitFor(() => Promise.resolve(sent(one) && sent(two)), 'both appends sent');
      await closing.close(); // answers its own append in flight at once: the client would wait for its deadline
      await expect(cancelled).rejects.toThrow(
        new StoreUnavailableError('the store closed during the append: whether it was written is unknown'),
      );
      two.holdsAppends = false;
      const [result] = await answered;
      expect(result.events.map((e) => e.eventId)).toEqual([event.eventId]);
      expect((await other.readStream(s)).map((e) => e.eventId)).toEqual([event.eventId]);
    } finally {
      one.stop();
      two.stop();
    }
  });

  it('answers as unavailable when no node answers gossip, or the server denies access', async () => {
    const nowhere = open('esdb+discover://127.0.0.1:1?tls=false&maxDiscoverAttempts=2&discoveryInterval=10');
    await expect(nowhere.ping()).rejects.toThrow(/EventStoreDB unavailable: Failed to discover after 2 attempts/);
    await expect(nowhere.ping()).rejects.toBeInstanceOf(StoreUnavailableError);

    const emulator = await EsdbEmulator.start();
    try {
      emulator.deniesAccess = true;
      const denied = open(emulator.connectionString);
      await expect(denied.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(
        denied.append([{ stream: stream(), events: [newEvent()], expectedRevision: 'any' }]),
      ).rejects.toThrow(/EventStoreDB unavailable: .*Access Denied/);
    } finally {
      emulator.stop();
    }
  });
});

/** The stream a Streams.Read asks for, '' for $all. */
function streamOf(request: ReadReq): string {
  const identifier = request.getOptions()?.getStream()?.getStreamIdentifier();
  return identifier ? Buffer.from(identifier.getStreamName_asU8()).toString('utf8') : '';
}

describe('EventStoreDbEventStore under the server’s MaxAppendSize', () => {
  const limit = 16 * 1024;
  let emulator: EsdbEmulator;
  let store: EventStoreDbEventStore;
  const padded = (bytes = 1000) => ({ ...newEvent(), data: { pad: 'x'.repeat(bytes) } });
  let appends = 0;

  beforeEach(async () => {
    emulator = await EsdbEmulator.start({ maxAppendSize: limit });
    appends = 0;
    emulator.log.onWrite(() => appends++);
    store = new EventStoreDbEventStore({
      connectionString: emulator.connectionString,
      streamPrefixes: ['contract-'],
      maxAppendSize: limit,
    });
  });
  afterEach(async () => {
    await store.close();
    emulator.stop();
  });

  it('writes a stream’s requests in appends under the limit, with their ids, in order', async () => {
    const s = stream();
    const requests = Array.from({ length: 60 }, () => ({
      stream: s,
      events: [padded()],
      expectedRevision: 'any' as const,
    }));
    const results = await store.append(requests);
    expect(results.map((r) => r.events[0].revision)).toEqual(requests.map((_, i) => i));
    expect(appends).toBeGreaterThanOrEqual(4); // 60 KB, at most 16 KiB an append
    expect((await store.readStream(s)).map((e) => e.eventId)).toEqual(requests.map((r) => r.events[0].eventId));
  });

  it('completes a batch an outage cut between two appends when it is retried, with nothing doubled', async () => {
    const s = stream();
    const requests = Array.from({ length: 60 }, () => ({
      stream: s,
      events: [padded()],
      expectedRevision: 'any' as const,
    }));
    const crash = emulator.log.onWrite(() => {
      if (appends < 2) return;
      crash();
      emulator.stop(); // the second append is written, its answer lost
    });
    await expect(store.append(requests)).rejects.toBeInstanceOf(StoreUnavailableError);
    const cut = emulator.log.read(s) as unknown[];
    expect(cut.length).toBeGreaterThan(0);
    expect(cut.length).toBeLessThan(60);

    await emulator.restart(); // which forgets the recent ids, as a real server does
    await waitFor(
      () =>
        store.ping().then(
          () => true,
          () => false,
        ),
      'the store to reconnect',
    );
    const results = await store.append(requests);
    expect(results.filter((r) => r.duplicate)).toHaveLength(cut.length);
    expect((await store.readStream(s)).map((e) => e.eventId)).toEqual(requests.map((r) => r.events[0].eventId));
  });

  it('refuses a request whose event is over the limit by itself, before writing anything', async () => {
    const [small, large] = [stream(), stream()];
    const tooLarge = padded(limit);
    const error = await store
      .append([
        { stream: small, events: [padded()], expectedRevision: 'any' },
        { stream: large, events: [tooLarge], expectedRevision: 'any' },
      ])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EventTooLargeError);
    expect(error).toMatchObject({ eventId: tooLarge.eventId, limit });
    expect((error as EventTooLargeError).size).toBeGreaterThan(limit);
    expect(appends).toBe(0);
    expect(await store.readAll(0, 10)).toEqual([]);
  });
});
