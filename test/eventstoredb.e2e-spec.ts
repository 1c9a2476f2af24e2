import { ReadReq } from '@eventstore/db-client/generated/streams_pb';
import { ConfigError, loadConfig } from '../src/config/config';
import { EsdbCluster } from './esdb-emulator/cluster';
import { EsdbEmulator } from './esdb-emulator/emulator';
import { Proposed } from './esdb-emulator/emulator-log';
import { removeDir, RunningApp, startApp } from './support/app';
import { action, expectStatus, readLog, record, sleep, uuid } from './support/ledger';

/**
 * What only the EventStoreDB store has to show over HTTP: losing the server and getting it back, and several
 * instances on one server. (Every other suite also runs on this store: the `eventstoredb` jest project.)
 */
const onServer = (emulator: EsdbEmulator, dataDir?: string) =>
  startApp({ EVENT_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: emulator.connectionString }, dataDir);

async function until(check: () => Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  for (const deadline = Date.now() + ms; !(await check()); await sleep(25)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
  }
}

/**
 * For the tests of 10,000 actions and of elections: well under jest's 30 s on an idle machine, over it at a load of
 * 10 to 15 on 2 cores.
 */
const HEAVY_MS = 120_000;

/** Stops a describe's instance, its data directory and its emulated server. */
async function stopBoth(h: RunningApp, emulator: EsdbEmulator) {
  await h.close();
  removeDir(h.dataDir);
  emulator.stop();
}

const healthy = (h: RunningApp) => async () => (await h.call('GET', '/health')).status === 200;

describe('EventStoreDB: the server goes away mid-subscription and comes back', () => {
  let emulator: EsdbEmulator;
  let h: RunningApp;

  beforeAll(async () => {
    emulator = await EsdbEmulator.start({ positions: 'sequential' });
    h = await onServer(emulator);
  });
  afterAll(() => stopBoth(h, emulator));

  it('reports 503 while the server is away, then catches up with nothing skipped or folded twice', async () => {
    for (let i = 0; i < 3; i++) await record(h, action({ type: 'ProtestLodged', occurredAt: `2022-03-0${i + 1}` }));

    emulator.stop();
    expect((await h.call('GET', '/health')).status).toBe(503);
    const refused = await h.call('POST', '/v1/events', action({ type: 'ProtestLodged' }));
    expect(refused.status).toBe(503);

    await sleep(500); // long enough for the projection's resubscribe backoff to grow past the writes below
    await emulator.listen();
    // Recorded at once, while the projection is still waiting to resubscribe: it must catch up on them.
    const later = [4, 5, 6].map((day) => action({ type: 'ProtestLodged', occurredAt: `2022-03-0${day}` }));
    expectStatus(await h.call('POST', '/v1/events/batch', { events: later }), 201);
    await until(healthy(h), '/health back to 200');

    const state = expectStatus(await h.call('GET', '/v1/relations/JP/RU'), 200).body;
    expect(state.eventCount).toBe(6);
    expect(state.incidents.ProtestLodged).toBe(6);
    const log = await readLog(h);
    expect(log.map((e) => e.position)).toEqual([1, 2, 3, 4, 5, 6]);
    const [relations] = expectStatus(await h.call('GET', '/v1/projections'), 200).body.projections;
    expect(relations).toMatchObject({ checkpoint: 6, lag: 0 });
  });
});

describe('EventStoreDB: two instances on one server', () => {
  let emulator: EsdbEmulator;
  let a: RunningApp;
  let b: RunningApp;

  beforeAll(async () => {
    emulator = await EsdbEmulator.start();
    [a, b] = [await onServer(emulator), await onServer(emulator)];
  });
  afterAll(async () => {
    for (const h of [a, b]) {
      await h.close();
      removeDir(h.dataDir);
    }
    emulator.stop();
  });

  it('each keeps its own read store and both converge to the same answers', async () => {
    const imposed = await record(
      a,
      action({ type: 'SanctionsImposed', actor: 'JP', target: 'RU', occurredAt: '2022-03-01' }),
    );
    await record(b, action({ type: 'TalksTerminated', actor: 'RU', target: 'JP', occurredAt: '2022-03-21' }));
    await record(
      b,
      action({ type: 'SanctionsLifted', details: { sanctionsId: imposed.eventId }, actor: 'JP', target: 'RU' }),
    );

    const picture = async (h: RunningApp) => ({
      state: expectStatus(await h.call('GET', '/v1/relations/RU/JP?asOf=2022-04-01&knownAt=2100-01-01'), 200).body,
      log: await readLog(h),
    });
    await until(async () => (await readLog(a)).length === 3 && (await healthy(a)()), 'a to see b’s writes');
    await until(healthy(b), 'b to catch up');
    const [seenByA, seenByB] = [await picture(a), await picture(b)];
    expect(seenByA).toEqual(seenByB);
    expect(seenByA.state.eventCount).toBe(3);
    expect(seenByA.state.sanctions).toEqual([]);
  });

  it('answers an idempotent retry on the other instance with the first answer', async () => {
    const body = action({ eventId: uuid(), type: 'ProtestLodged', occurredAt: '2022-05-01' });
    const first = expectStatus(await a.call('POST', '/v1/events', body), 201).body;
    const retry = expectStatus(await b.call('POST', '/v1/events', body), 200).body;
    expect(retry).toEqual(first);
    const changed = await b.call('POST', '/v1/events', { ...body, occurredAt: '2022-05-02' });
    expect(changed.status).toBe(409);
  });
});

describe('EventStoreDB: a batch of several MiB in one pair, on a server that takes 1 MiB an append', () => {
  let emulator: EsdbEmulator;
  let h: RunningApp;

  beforeAll(async () => {
    emulator = await EsdbEmulator.start(); // strict: MaxAppendSize 1 MiB, recent ids forgotten on restart
    h = await onServer(emulator);
  });
  afterAll(() => stopBoth(h, emulator));

  const batchOf = (count: number) => ({
    events: Array.from({ length: count }, (_, i) =>
      action({ eventId: uuid(), type: 'ProtestLodged', occurredAt: '2022-03-01', summary: `${i} `.padEnd(400, 'x') }),
    ),
  });

  it(
    'records 10,000 actions whole',
    async () => {
      const batch = batchOf(10_000);
      expect(JSON.stringify(batch).length).toBeGreaterThan(4 * 1024 * 1024);
      const answer = expectStatus(await h.call('POST', '/v1/events/batch', batch), 201).body;
      expect(answer.events.map((e: { revision: number }) => e.revision)).toEqual(batch.events.map((_, i) => i));
      expect(emulator.log.read('pair-JP-RU')).toHaveLength(10_000);
    },
    HEAVY_MS,
  );

  it(
    'completes a batch cut by an outage when it is retried, with nothing doubled',
    async () => {
      const batch = batchOf(3000);
      const crash = emulator.log.onWrite(() => {
        crash();
        emulator.stop(); // the first append is written, its answer lost, the others never sent
      });
      expect((await h.call('POST', '/v1/events/batch', batch)).status).toBe(503);
      const cut = (emulator.log.read('pair-JP-RU') as unknown[]).length - 10_000;
      expect(cut).toBeGreaterThan(0);
      expect(cut).toBeLessThan(3000);

      await emulator.restart();
      await until(healthy(h), '/health back to 200', HEAVY_MS / 2);
      expectStatus(await h.call('POST', '/v1/events/batch', batch), 201);
      const ids = (emulator.log.read('pair-JP-RU') as { id: string }[]).slice(10_000).map((e) => e.id);
      expect(ids).toEqual(batch.events.map((e) => e.eventId!.toLowerCase()));
    },
    HEAVY_MS,
  );

  it('answers 413 for an action whose event is over 1 MiB by itself, recording nothing', async () => {
    const before = emulator.log.all.length;
    // 3,000 sanctioned entities of 400 characters: 1.2 MB of details, under the batch's 16 MiB body limit.
    const entities = Array.from({ length: 3000 }, (_, i) => `${i} `.padEnd(400, 'e'));
    const details = { measures: [{ kind: 'asset_freeze', entities }] };
    const huge = action({ eventId: uuid(), type: 'SanctionsImposed', details });
    const answer = await h.call('POST', '/v1/events/batch', { events: [action({ eventId: uuid() }), huge] });
    expect(answer.status).toBe(413);
    expect(answer.body.message).toMatch(
      new RegExp(
        `event ${huge.eventId!.toLowerCase()} is \\d+ bytes: .* at most 1048576 bytes in one append; nothing was recorded`,
      ),
    );
    expect(emulator.log.all).toHaveLength(before);
  });
});

describe('EventStoreDB: lag and backpressure in events, positions being byte offsets as on a real server', () => {
  let emulator: EsdbEmulator;
  let h: RunningApp;

  beforeAll(async () => {
    emulator = await EsdbEmulator.start(); // positions grow by each event's size in bytes
    h = await onServer(emulator);
  });
  afterAll(() => stopBoth(h, emulator));

  it('counts the projection’s lag in events, up to 1,000, and holds no write back while it is under 10,000 events', async () => {
    await record(h, action());
    await until(healthy(h), 'the first action projected');
    // The projection's subscription is taken and never answered: the read models stay where they are. (The store's
    // own reads of $all are subscriptions too, read until caught up: they require the leader, and are answered.)
    emulator.hangs = (request, metadata) =>
      request.getOptions()!.hasSubscription() && metadata.get('requires-leader')[0] !== 'true';
    await emulator.restart();
    // 50 actions are some 20,000 bytes of positions: counted in bytes, the backlog would hold this write back.
    const batch = { events: Array.from({ length: 50 }, () => action({ type: 'ProtestLodged' })) };
    const written = expectStatus(await h.call('POST', '/v1/events/batch', batch), 201).body;
    expect(written.events.at(-1).position - written.events[0].position).toBeGreaterThan(10_000);
    const [relations] = expectStatus(await h.call('GET', '/v1/projections'), 200).body.projections;
    expect(relations).toMatchObject({ status: 'catching-up', lag: 50 });
    const health = await h.call('GET', '/health');
    expect(health.status).toBe(503);
    expect(health.body.message).toMatch(/relations is 50 events behind the log/);
    // Counted up to 1,000: a probe reads at most a page of the log beyond what the index knows.
    const more = { events: Array.from({ length: 1000 }, () => action({ type: 'ProtestLodged' })) };
    expectStatus(await h.call('POST', '/v1/events/batch', more), 201);
    const [behind] = expectStatus(await h.call('GET', '/v1/projections'), 200).body.projections;
    expect(behind).toMatchObject({ status: 'catching-up', lag: 1000, lagAtLeast: true });
    expect((await h.call('GET', '/health')).body.message).toMatch(/relations is at least 1000 events behind/);

    emulator.hangs = () => false;
    await emulator.restart();
    await until(healthy(h), 'the projection to catch up');
    const [caughtUp] = expectStatus(await h.call('GET', '/v1/projections'), 200).body.projections;
    expect(caughtUp.lag).toBe(0);
    expect(caughtUp.lagAtLeast).toBeUndefined();
    expect(expectStatus(await h.call('GET', '/v1/relations/JP/RU'), 200).body.eventCount).toBe(1051);
  });
});

describe('EventStoreDB: a read the server never answers', () => {
  let emulator: EsdbEmulator;
  let h: RunningApp;

  beforeAll(async () => {
    emulator = await EsdbEmulator.start();
    h = await onServer(emulator);
  });
  afterAll(() => stopBoth(h, emulator));

  it('makes /health answer 503 within its timeout, while the writes of other requests keep flowing', async () => {
    await record(h, action());
    // The health check's ping reads the end of $all: the server takes that read and never answers it.
    const backwards = ReadReq.Options.ReadDirection.BACKWARDS;
    emulator.hangs = (request) =>
      request.getOptions()!.hasAll() && request.getOptions()!.getReadDirection() === backwards;
    const started = Date.now();
    const health = h.call('GET', '/health');
    const writes = await Promise.all([1, 2, 3].map(() => h.call('POST', '/v1/events', action())));
    expect(writes.map((w) => w.status)).toEqual([201, 201, 201]);
    const answer = await health;
    expect(answer.status).toBe(503);
    expect(answer.body.message).toMatch(/EventStoreDB did not answer a ping within 2000 ms/);
    expect(Date.now() - started).toBeLessThan(10_000); // 2 s, with room for a busy machine

    emulator.hangs = () => false;
    await until(healthy(h), '/health back to 200');
    expect(expectStatus(await h.call('GET', '/v1/relations/JP/RU'), 200).body.eventCount).toBe(4);
  });
});

describe('EventStoreDB: the read store as the index of the log', () => {
  let emulator: EsdbEmulator;
  let h: RunningApp;

  beforeAll(async () => {
    emulator = await EsdbEmulator.start();
    h = await onServer(emulator);
  });
  afterAll(() => stopBoth(h, emulator));

  /** Where each forward read of $all (each a subscription, read until caught up) starts, while `during` runs. */
  async function readsOfAll(during: () => Promise<void>): Promise<number[]> {
    const starts: number[] = [];
    emulator.hangs = (request) => {
      const options = request.getOptions()!;
      const forwards = options.getReadDirection() === ReadReq.Options.ReadDirection.FORWARDS;
      const all = options.getAll();
      if (all && forwards) starts.push(all.hasPosition() ? Number(all.getPosition()!.getCommitPosition()) : 0);
      return false;
    };
    try {
      await during();
    } finally {
      emulator.hangs = () => false;
    }
    return starts;
  }

  it('starts again reading from $all only what came after its checkpoint', async () => {
    const batch = { events: Array.from({ length: 30 }, () => action({ type: 'ProtestLodged' })) };
    const recorded = expectStatus(await h.call('POST', '/v1/events/batch', batch), 201).body.events;
    const [beforeLast, last] = recorded.slice(-2);
    await until(healthy(h), 'the batch projected');
    await h.close();
    const starts = await readsOfAll(async () => {
      h = await onServer(emulator, h.dataDir);
      await until(healthy(h), 'the restarted service ready');
      expectStatus(await h.call('GET', `/v1/events/${last.eventId}`), 200);
    });
    expect(starts.length).toBeGreaterThan(0);
    // The projections start after their checkpoint, the last event; the log's Merkle tree first reads its last
    // leaf again, from the event before it, to check the log still holds it. Nothing earlier is read.
    expect(Math.min(...starts)).toBe(beforeLast.position);
    expect(starts).toContain(last.position);
  });

  it('folds once an action the log holds twice: an append the server took again after forgetting its id', async () => {
    const imposed = await record(h, action({ eventId: uuid(), type: 'SanctionsImposed', actor: 'FR', target: 'DE' }));
    // What an append at `any` (as earlier releases made) retried after an election could leave: the same event again.
    const [copy] = (emulator.log.read('pair-DE-FR') as Proposed[]).filter((e) => e.id === imposed.eventId);
    emulator.log.forgetRecentIds();
    emulator.log.append('pair-DE-FR', 'any', [copy]);
    expect(emulator.log.read('pair-DE-FR')).toHaveLength(2);
    await record(h, action({ type: 'ProtestLodged', actor: 'FR', target: 'DE', occurredAt: '2022-04-01' }));

    const answers = async () => {
      await until(healthy(h), 'everything projected');
      const state = expectStatus(await h.call('GET', '/v1/relations/DE/FR?asOf=2030-01-01'), 200).body;
      const timeline = expectStatus(await h.call('GET', '/v1/relations/DE/FR/timeline'), 200).body;
      return { state, timeline };
    };
    const live = await answers();
    expect(live.state.eventCount).toBe(2);
    expect(live.state.sanctions.map((p: { id: string }) => p.id)).toEqual([imposed.eventId]);
    expect(expectStatus(await h.call('GET', `/v1/events/${imposed.eventId}`), 200).body.position).toBe(
      imposed.position,
    );
    // A rebuild fills a new generation from the log: the copy is left out there too.
    expectStatus(await h.call('POST', '/v1/projections/rebuild'), 202);
    await until(
      async () => expectStatus(await h.call('GET', '/v1/projections'), 200).body.projections[0].rebuild.finishedAt,
      'the rebuild',
    );
    expect(await answers()).toEqual(live);
  });
});

describe('EventStoreDB: leader elections in a cluster during a stream of writes', () => {
  let cluster: EsdbCluster;
  let h: RunningApp;

  beforeAll(async () => {
    cluster = await EsdbCluster.start();
    h = await startApp({ EVENT_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: cluster.connectionString });
  });
  afterAll(async () => {
    await h.close();
    removeDir(h.dataDir);
    cluster.stop();
  });

  it(
    'loses no acknowledged write, doubles none, and answers every request 2xx or 503',
    async () => {
      const statuses = new Set<number>();
      /** As a client should: the same body, same eventId, until it is acknowledged. */
      const writeUntilAcknowledged = async (body: ReturnType<typeof action>) => {
        for (let attempt = 0; attempt < 100; attempt++) {
          const res = await h.call('POST', '/v1/events', body);
          statuses.add(res.status);
          if (res.status === 201 || res.status === 200) return res.body.eventId as string;
          if (res.status !== 503) throw new Error(`${res.status} ${res.text}`);
          await sleep(50);
        }
        throw new Error('never acknowledged');
      };
      const elections = new Map<number, () => Promise<unknown>>([
        [10, () => cluster.elect()], // the leader steps down
        [20, () => cluster.elect({ crash: true })], // the leader dies between two writes
        // The leader dies right after writing an action, before answering it: the retry must not record it twice.
        [
          30,
          () =>
            new Promise((resolve) => {
              const stop = cluster.log.onWrite(() => {
                stop();
                resolve(cluster.elect({ crash: true }));
              });
            }),
        ],
        [40, () => cluster.elect()],
      ]);
      const acknowledged: string[] = [];
      const pending: Promise<unknown>[] = [];
      for (let i = 0; i < 50; i++) {
        const election = elections.get(i);
        if (election) pending.push(election());
        // Three clients writing at once.
        const batch = [0, 1, 2].map(() => action({ eventId: uuid(), type: 'ProtestLodged', occurredAt: '2022-03-01' }));
        acknowledged.push(...(await Promise.all(batch.map(writeUntilAcknowledged))));
      }
      await Promise.all(pending);

      expect([...statuses].filter((status) => ![200, 201, 503].includes(status))).toEqual([]);
      // The write whose answer the crash lost was answered 503, and its retry 200: recorded once, as before.
      expect(statuses).toEqual(new Set([201, 503, 200]));
      await until(healthy(h), '/health 200 after the elections');
      const log = await readLog(h);
      expect(log.map((e) => e.eventId).sort()).toEqual(acknowledged.map((id) => id.toLowerCase()).sort());
      expect(expectStatus(await h.call('GET', '/v1/relations/JP/RU'), 200).body.eventCount).toBe(150);
    },
    HEAVY_MS,
  );
});

describe('EventStoreDB configuration', () => {
  it('needs a connection string', () => {
    expect(() => loadConfig({ EVENT_STORE: 'eventstoredb' })).toThrow(ConfigError);
    expect(() => loadConfig({ EVENT_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: 'localhost:2113' })).toThrow(
      /EVENTSTORE_CONNECTION_STRING=esdb:\/\//,
    );
    expect(
      loadConfig({ EVENT_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: 'esdb://db:2113?tls=false' }),
    ).toMatchObject({ eventStore: 'eventstoredb', eventStoreConnectionString: 'esdb://db:2113?tls=false' });
  });

  it('takes the KurrentDB client with EVENT_STORE=kurrentdb or a kurrentdb:// connection string', () => {
    const kurrentdb = 'kurrentdb+discover://n1:2113,n2:2113?tls=false';
    expect(loadConfig({ EVENT_STORE: 'kurrentdb', EVENTSTORE_CONNECTION_STRING: kurrentdb })).toMatchObject({
      eventStore: 'kurrentdb',
      eventStoreConnectionString: kurrentdb,
    });
    expect(loadConfig({ EVENT_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: kurrentdb }).eventStore).toBe(
      'kurrentdb',
    );
    expect(
      loadConfig({ EVENT_STORE: 'kurrentdb', EVENTSTORE_CONNECTION_STRING: 'esdb://db:2113?tls=false' }).eventStore,
    ).toBe('kurrentdb');
    expect(() => loadConfig({ EVENT_STORE: 'kurrent' })).toThrow(
      /EVENT_STORE must be sqlite, eventstoredb or kurrentdb/,
    );
  });
});
