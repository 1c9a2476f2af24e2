import {
  BACKWARDS,
  binaryEvent,
  DeadlineExceededError,
  END,
  EventStoreDBClient,
  eventTypeFilter,
  jsonEvent,
  MaxAppendSizeExceededError,
  NO_STREAM,
  NotLeaderError,
  Position,
  ResolvedEvent,
  START,
  StreamDeletedError,
  StreamNotFoundError,
  streamNameFilter,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';
import { EsdbCluster } from './cluster';
import { EsdbEmulator } from './emulator';
import { uuidMessage, uuidText } from './messages';

const events = (count: number, type = 'Tested') =>
  Array.from({ length: count }, (_, i) => jsonEvent({ type, data: { i }, metadata: { n: i } }));

async function collect<T>(read: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of read) items.push(item);
  return items;
}

const revisions = (read: ResolvedEvent[]) => read.map((e) => e.event!.revision);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  for (const deadline = Date.now() + 5000; !condition(); await sleep(5)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
  }
}

describe.each([
  ['BatchAppend', true],
  ['Append', false],
])('the EventStoreDB emulator, writing through %s', (_, batchAppend) => {
  let emulator: EsdbEmulator;
  let client: EventStoreDBClient;

  beforeEach(async () => {
    emulator = await EsdbEmulator.start({ batchAppend, positions: 'sequential' });
    client = EventStoreDBClient.connectionString(emulator.connectionString);
  });
  afterEach(async () => {
    await client.dispose();
    emulator.stop();
  });

  it('is the path the client takes, as ServerFeatures advertises it', async () => {
    await client.appendToStream('s', events(1));
    expect(emulator.calls).toMatchObject({ batchAppend: batchAppend ? 1 : 0, append: batchAppend ? 0 : 1 });
  });

  it('appends with revisions 0..n-1 and reads a stream both ways, from a revision, up to maxCount', async () => {
    const result = await client.appendToStream('s', events(5), { expectedRevision: NO_STREAM });
    expect(result).toMatchObject({ success: true, nextExpectedRevision: 4n, position: { commit: 5n, prepare: 5n } });

    const read = await collect(client.readStream('s'));
    expect(revisions(read)).toEqual([0n, 1n, 2n, 3n, 4n]);
    expect(read[1].event).toMatchObject({ type: 'Tested', data: { i: 1 }, metadata: { n: 1 }, streamId: 's' });
    expect(revisions(await collect(client.readStream('s', { fromRevision: 2n, maxCount: 2 })))).toEqual([2n, 3n]);
    expect(revisions(await collect(client.readStream('s', { direction: BACKWARDS, fromRevision: END })))).toEqual([
      4n,
      3n,
      2n,
      1n,
      0n,
    ]);
    expect(revisions(await collect(client.readStream('s', { direction: BACKWARDS, fromRevision: 1n })))).toEqual([
      1n,
      0n,
    ]);
  });

  it('stamps `created` from its clock, in 100 ns ticks', async () => {
    emulator.log.clock = () => Date.UTC(2022, 2, 21, 12);
    await client.appendToStream('s', events(1));
    const [read] = await collect(client.readStream('s'));
    expect(read.event!.created).toEqual(new Date(Date.UTC(2022, 2, 21, 12)));
    expect(emulator.log.all[0].created).toBe(BigInt(Date.UTC(2022, 2, 21, 12)) * 10_000n);
  });

  it('reads $all forwards from a position inclusive, backwards exclusive, with maxCount', async () => {
    await client.appendToStream('a', events(2));
    await client.appendToStream('b', events(2));
    const all = await collect(client.readAll());
    expect(all.map((e) => e.event!.streamId)).toEqual(['a', 'a', 'b', 'b']);
    const third = all[2].event!.position;
    expect((await collect(client.readAll({ fromPosition: third }))).map((e) => e.event!.position)).toEqual([
      third,
      all[3].event!.position,
    ]);
    const before = await collect(client.readAll({ direction: BACKWARDS, fromPosition: third, maxCount: 5 }));
    expect(before.map((e) => e.event!.position)).toEqual([all[1].event!.position, all[0].event!.position]);
    expect((await collect(client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 })))[0]).toEqual(
      all[3],
    );
  });

  it('answers a missing stream with stream_not_found, which the client raises as StreamNotFoundError', async () => {
    await expect(collect(client.readStream('missing'))).rejects.toBeInstanceOf(StreamNotFoundError);
    expect(emulator.calls.read).toBe(1);
  });

  it('rejects a wrong expected revision with the current and expected revisions', async () => {
    await client.appendToStream('s', events(2));
    const error = await client.appendToStream('s', events(1), { expectedRevision: 0n }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WrongExpectedVersionError);
    expect(error).toMatchObject({ streamName: 's', expectedVersion: 0n, actualVersion: 1n });
    await expect(client.appendToStream('new', events(1), { expectedRevision: 'stream_exists' })).rejects.toMatchObject({
      actualVersion: 'no_stream',
      expectedVersion: 'stream_exists',
    });
    expect(emulator.log.all).toHaveLength(2);
  });

  it('answers a repeated append of the same ids at the same place without writing it again', async () => {
    const sent = events(2);
    const first = await client.appendToStream('s', sent, { expectedRevision: NO_STREAM });
    expect(await client.appendToStream('s', sent, { expectedRevision: NO_STREAM })).toEqual(first);
    expect(await client.appendToStream('s', sent)).toEqual(first);
    expect(emulator.log.all).toHaveLength(2);
  });

  it('deletes softly: the stream reads as not found, and a new append continues its revisions', async () => {
    await client.appendToStream('s', events(2));
    await expect(client.deleteStream('s', { expectedRevision: 0n })).rejects.toMatchObject({
      streamName: 's',
      expectedVersion: 0n,
      actualVersion: 1n,
    });
    await client.deleteStream('s', { expectedRevision: 1n });
    await expect(collect(client.readStream('s'))).rejects.toBeInstanceOf(StreamNotFoundError);
    await client.appendToStream('s', events(1), { expectedRevision: NO_STREAM });
    expect(revisions(await collect(client.readStream('s')))).toEqual([2n]);
    expect(emulator.log.all.map((e) => e.stream)).toContain('$$s');
  });

  it('tombstones: reading or writing the stream again is StreamDeletedError', async () => {
    await client.appendToStream('s', events(1));
    await client.tombstoneStream('s');
    await expect(collect(client.readStream('s'))).rejects.toBeInstanceOf(StreamDeletedError);
    await expect(client.appendToStream('s', events(1))).rejects.toMatchObject({ streamName: 's' });
    await expect(client.appendToStream('s', events(1))).rejects.toBeInstanceOf(StreamDeletedError);
    await expect(client.tombstoneStream('s')).rejects.toBeInstanceOf(StreamDeletedError);
  });

  it('subscribes to $all from the start, sends caught-up, then live events; filters by stream prefix', async () => {
    await client.appendToStream('pair-A', events(2));
    await client.appendToStream('other', events(1));
    const subscription = client.subscribeToAll({
      fromPosition: START,
      filter: streamNameFilter({ prefixes: ['pair-'] }),
    });
    const received: string[] = [];
    let caughtUpAt = -1;
    subscription.on('caughtUp', () => (caughtUpAt = received.length));
    subscription.on('data', (e: ResolvedEvent) => received.push(`${e.event!.streamId}@${e.event!.revision}`));
    await waitFor(() => caughtUpAt >= 0, 'caught up');
    await client.appendToStream('pair-B', events(1));
    await client.appendToStream('other', events(1));
    await waitFor(() => received.length === 3, 'the live event');
    await subscription.unsubscribe();

    expect(caughtUpAt).toBe(2);
    expect(received).toEqual(['pair-A@0', 'pair-A@1', 'pair-B@0']);
  });

  it('subscribes after a position (exclusive), filters by event type, and reports checkpoints while scanning', async () => {
    await client.appendToStream('s', events(40, 'Noise'));
    const [first] = await collect(client.readAll({ maxCount: 1 }));
    await client.appendToStream('s', events(2, 'Signal'));
    const checkpoints: Position[] = [];
    const subscription = client.subscribeToAll({
      fromPosition: first.event!.position,
      filter: eventTypeFilter({ prefixes: ['Sig'], checkpointReached: (_, at) => void checkpoints.push(at) }),
    });
    const received: bigint[] = [];
    subscription.on('data', (e: ResolvedEvent) => received.push(e.event!.position!.commit));
    await waitFor(() => received.length === 2, 'the two matching events');
    await subscription.unsubscribe();

    expect(received).toEqual([41n, 42n]);
    expect(checkpoints).toEqual([{ commit: 33n, prepare: 33n }]);
  });

  it('subscribes to one stream after a revision, and stops delivering on unsubscribe', async () => {
    await client.appendToStream('s', events(3));
    const subscription = client.subscribeToStream('s', { fromRevision: 0n });
    const received: bigint[] = [];
    subscription.on('data', (e: ResolvedEvent) => received.push(e.event!.revision));
    await waitFor(() => received.length === 2, 'revisions 1 and 2');
    await subscription.unsubscribe();
    await client.appendToStream('s', events(1));
    await sleep(50);
    expect(received).toEqual([1n, 2n]);
  });

  it('honours $tb, $maxCount and $maxAge in stream metadata on reads and subscriptions of the stream', async () => {
    await client.appendToStream('s', events(5));
    await client.setStreamMetadata('s', { truncateBefore: 2 });
    expect(revisions(await collect(client.readStream('s')))).toEqual([2n, 3n, 4n]);
    await client.setStreamMetadata('s', { truncateBefore: 1, maxCount: 2 });
    expect(revisions(await collect(client.readStream('s')))).toEqual([3n, 4n]);
    expect(revisions(await collect(client.readStream('s', { direction: BACKWARDS, fromRevision: END })))).toEqual([
      4n,
      3n,
    ]);
    const received: bigint[] = [];
    const subscription = client.subscribeToStream('s', { fromRevision: START });
    subscription.on('data', (e: ResolvedEvent) => received.push(e.event!.revision));
    await waitFor(() => received.length === 2, 'the events kept');
    expect(received).toEqual([3n, 4n]);
    await subscription.unsubscribe();

    let now = Date.now();
    emulator.log.clock = () => now;
    await client.appendToStream('aged', events(2));
    now += 5000;
    await client.appendToStream('aged', events(1));
    await client.setStreamMetadata('aged', { maxAge: 3 });
    expect(revisions(await collect(client.readStream('aged')))).toEqual([2n]);
    // $all still shows what a stream's metadata hides, until a scavenge (which the emulator never runs).
    const all = await collect(client.readAll());
    expect(all.filter((e) => e.event?.streamId === 'aged')).toHaveLength(3);
  });

  it('resolves link events ($>, data `revision@stream`) where a read or subscription asks for it', async () => {
    await client.appendToStream('target', events(3));
    await client.appendToStream('links', binaryEvent({ type: '$>', data: Buffer.from('1@target') }));
    const [plain] = await collect(client.readStream('links'));
    expect(plain.event).toMatchObject({ type: '$>', streamId: 'links' });
    expect(plain.link).toBeUndefined();

    const [resolved] = await collect(client.readStream('links', { resolveLinkTos: true }));
    const [target] = await collect(client.readStream('target', { fromRevision: 1n, maxCount: 1 }));
    expect(resolved.event).toEqual(target.event);
    expect(resolved.link).toMatchObject({ type: '$>', streamId: 'links', revision: 0n });

    const fromAll = await collect(client.readAll({ resolveLinkTos: true }));
    expect(fromAll.find((e) => e.link)?.event).toMatchObject({ streamId: 'target', revision: 1n });
    const received: ResolvedEvent[] = [];
    const subscription = client.subscribeToStream('links', { fromRevision: START, resolveLinkTos: true });
    subscription.on('data', (e: ResolvedEvent) => received.push(e));
    await waitFor(() => received.length === 1, 'the link');
    expect(received[0].event).toEqual(target.event);
    await subscription.unsubscribe();

    // A link to what can no longer be read comes as the link alone.
    await client.deleteStream('target');
    const [dangling] = await collect(client.readStream('links', { resolveLinkTos: true }));
    expect(dangling.event).toBeUndefined();
    expect(dangling.link).toMatchObject({ type: '$>' });
  });

  it('refuses an append whose deadline passed before it was complete, writing none of it', async () => {
    const before = emulator.log.all.length;
    const error = await client.appendToStream('s', events(5000), { deadline: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeadlineExceededError);
    await sleep(200); // anything the emulator still took would be written by now
    expect(emulator.log.all).toHaveLength(before);
    await client.appendToStream('s', events(1), { expectedRevision: NO_STREAM });
    expect(revisions(await collect(client.readStream('s')))).toEqual([0n]);
  });

  it('keeps its log across stop and restart on the same port', async () => {
    await client.appendToStream('s', events(2));
    const port = emulator.port;
    emulator.stop();
    await expect(collect(client.readStream('s'))).rejects.toThrow();
    expect(await emulator.restart()).toBe(port);
    await client.appendToStream('s', events(1), { expectedRevision: 1n });
    expect(revisions(await collect(client.readStream('s')))).toEqual([0n, 1n, 2n]);
  });
});

describe.each([
  ['BatchAppend', true],
  ['Append', false],
])('the EventStoreDB emulator, as strict as a server, writing through %s', (_, batchAppend) => {
  let emulator: EsdbEmulator;
  let client: EventStoreDBClient;
  const sized = (bytes: number) => jsonEvent({ type: 'T', data: { pad: 'x'.repeat(bytes) } });

  beforeEach(async () => {
    emulator = await EsdbEmulator.start({ batchAppend, maxAppendSize: 64 * 1024, recentIds: 3 });
    client = EventStoreDBClient.connectionString(emulator.connectionString);
  });
  afterEach(async () => {
    await client.dispose();
    emulator.stop();
  });

  it('refuses an append over its MaxAppendSize whole, as MaxAppendSizeExceededError', async () => {
    const before = emulator.log.all.length;
    const error = await client.appendToStream('s', [sized(40_000), sized(40_000)]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MaxAppendSizeExceededError);
    expect(error).toMatchObject({ maxAppendSize: 64 * 1024 });
    expect(emulator.log.all).toHaveLength(before);
    await client.appendToStream('s', [sized(30_000), sized(30_000)]);
    expect(emulator.log.read('s')).toHaveLength(2);
  });

  it('recognises a repeat at `any` only while its bounded cache of recent ids holds it, and forgets on restart', async () => {
    const [first, second] = [events(1), events(1)];
    await client.appendToStream('s', first);
    await client.appendToStream('s', second);
    await client.appendToStream('s', first); // still cached: not written again
    expect(emulator.log.read('s')).toHaveLength(2);

    await client.appendToStream('other', events(3)); // pushes both ids out of a cache of 3
    await client.appendToStream('s', first);
    expect(emulator.log.read('s')).toHaveLength(3); // written twice, as a real server would

    await emulator.restart();
    await collect(client.readAll()).catch(() => undefined); // the client learns of the restart and reconnects
    await client.appendToStream('s', second, { expectedRevision: 0n }); // an exact revision still tells
    expect(emulator.log.read('s')).toHaveLength(3);
    await client.appendToStream('other', events(0));
    expect(emulator.log.read('s')).toHaveLength(3);
  });
});

describe('the EventStoreDB emulator, as a cluster', () => {
  let cluster: EsdbCluster;
  let client: EventStoreDBClient;

  beforeEach(async () => {
    cluster = await EsdbCluster.start();
    client = EventStoreDBClient.connectionString(cluster.connectionString);
  });
  afterEach(async () => {
    await client.dispose();
    cluster.stop();
  });

  it('gossips one leader and two followers, and the client discovers the leader', async () => {
    await client.appendToStream('s', events(1), { requiresLeader: true });
    expect(cluster.leader).toBe(cluster.nodes[0]);
    expect(cluster.nodes.map((node) => node.calls.append + node.calls.batchAppend)).toEqual([1, 0, 0]);
  });

  it('after an election, answers NotLeader from the old leader, and the client moves to the new one', async () => {
    await client.appendToStream('s', events(1), { requiresLeader: true });
    const next = await cluster.elect();
    expect(next).toBe(cluster.nodes[1]);
    const refused = await client.appendToStream('s', events(1), { requiresLeader: true }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(NotLeaderError);
    expect(refused).toMatchObject({ leader: { address: next.host, port: next.port } });
    await client.appendToStream('s', events(1), { requiresLeader: true });
    expect(revisions(await collect(client.readStream('s', { requiresLeader: true })))).toEqual([0n, 1n]);
    expect(next.calls.read).toBe(1);
  });

  it('serves a follower the calls that do not require the leader', async () => {
    await client.appendToStream('s', events(1));
    await cluster.elect();
    await client.appendToStream('s', events(1));
    expect(revisions(await collect(client.readStream('s')))).toEqual([0n, 1n]);
    expect(cluster.nodes[0].calls.read).toBe(1);
  });

  it('after a crash of the leader, reconnects through gossip to the new one', async () => {
    await client.appendToStream('s', events(1), { requiresLeader: true });
    await cluster.elect({ crash: true, downMs: 50 });
    // The dropped connection sends the client back to discovery (a call caught in the drop fails, and is retried).
    const append = () => client.appendToStream('s', events(1), { requiresLeader: true });
    await append().catch(append);
    expect(cluster.nodes[1].calls.append + cluster.nodes[1].calls.batchAppend).toBe(1);
    expect(cluster.log.read('s')).toHaveLength(2);
  });
});

describe('the EventStoreDB emulator, hanging', () => {
  it('accepts the reads it is told to hang and never answers them', async () => {
    const emulator = await EsdbEmulator.start();
    const client = EventStoreDBClient.connectionString(emulator.connectionString);
    try {
      emulator.hangs = (request) => request.getOptions()?.hasAll() ?? false;
      const read = client.readAll({ maxCount: 1 });
      const outcome = await Promise.race([collect(read).then(() => 'answered'), sleep(300).then(() => 'hanging')]);
      expect(outcome).toBe('hanging');
      expect(emulator.calls.read).toBe(1);
      await read.cancel();
      await expect(collect(client.readStream('s'))).rejects.toBeInstanceOf(StreamNotFoundError); // others answer
    } finally {
      await client.dispose();
      emulator.stop();
    }
  });
});

describe('the EventStoreDB emulator, options', () => {
  it('gives positions as byte offsets after system events by default, as a real server does', async () => {
    const emulator = await EsdbEmulator.start();
    const client = EventStoreDBClient.connectionString(emulator.connectionString);
    try {
      await client.appendToStream('s', events(2));
      const all = await collect(client.readAll());
      expect(all.slice(0, 2).every((e) => e.event!.streamId.startsWith('$'))).toBe(true);
      const [a, b] = all.slice(2).map((e) => e.event!.position.commit);
      expect(a).toBeGreaterThan(1000n);
      expect(b - a).toBeGreaterThan(100n);
    } finally {
      await client.dispose();
      emulator.stop();
    }
  });

  it('reads UUIDs in either wire form and writes them back in the one asked for', () => {
    const id = randomUUID();
    expect(uuidText(uuidMessage(id, true))).toBe(id);
    expect(uuidText(uuidMessage(id.toUpperCase(), false))).toBe(id);
    expect(uuidMessage(id, true).getStructured()!.getMostSignificantBits()).toBe(
      BigInt.asIntN(64, BigInt(`0x${id.replace(/-/g, '').slice(0, 16)}`)).toString(),
    );
  });
});
