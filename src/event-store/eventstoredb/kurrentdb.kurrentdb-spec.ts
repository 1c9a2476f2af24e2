import { randomUUID } from 'node:crypto';
import { EmulatorOptions, EsdbEmulator } from '../../../test/esdb-emulator/emulator';
import { describeEventStoreContract } from '../event-store.contract';
import { StoreUnavailableError, WrongExpectedRevisionError } from '../event-store.port';
import { EventStoreDbEventStore } from './eventstoredb-event-store';

// The `kurrentdb` jest project: the store on @kurrent/kurrentdb-client, the emulator on that package's protocol files.

const kurrentdb = (emulator: EsdbEmulator) => emulator.connectionString.replace(/^esdb:/, 'kurrentdb:');
const contractStore = (emulator: EsdbEmulator) =>
  new EventStoreDbEventStore({ connectionString: kurrentdb(emulator), streamPrefixes: ['contract-'] });

const onOwnEmulator = (options: EmulatorOptions) => async (clock?: () => number) => {
  const emulator = await EsdbEmulator.start({ ...options, clock });
  return { store: contractStore(emulator), cleanup: async () => emulator.stop() };
};

// The contract once, on a KurrentDB 25.1 server (appends across streams); without them, the client writes as the
// other one does (the last test below).
describeEventStoreContract(
  'kurrentdb client, KurrentDB 25.1 (emulator)',
  onOwnEmulator({ multiStreamAppend: true, positions: 'sequential' }),
);
describe('EventStoreDbEventStore on the KurrentDB client', () => {
  let emulator: EsdbEmulator;
  let store: EventStoreDbEventStore;
  const stream = () => `contract-${randomUUID()}`;
  const newEvent = () => ({ eventId: randomUUID(), type: 'SomethingHappened', data: { n: 1 }, metadata: { by: 'x' } });

  beforeEach(async () => {
    emulator = await EsdbEmulator.start({ multiStreamAppend: true });
    store = contractStore(emulator);
  });
  afterEach(async () => {
    await store.close();
    emulator.stop();
  });

  it('appends a batch across streams as one atomic append, where the server has it', async () => {
    const [a, b] = [stream(), stream()];
    const results = await store.append([
      { stream: a, events: [newEvent()], expectedRevision: 'no_stream' },
      { stream: b, events: [newEvent(), newEvent()], expectedRevision: 'any' },
    ]);
    expect(emulator.calls.appendSession).toBe(1);
    expect(emulator.calls.append + emulator.calls.batchAppend).toBe(0);
    expect(results.map((r) => r.events.map((e) => e.revision))).toEqual([[0], [0, 1]]);
    expect((await store.readStream(b))[1]).toMatchObject({ metadata: { by: 'x' }, data: { n: 1 } });
  });

  it('writes nothing of a batch across streams when a later stream is not at its expected revision', async () => {
    const [a, b] = [stream(), stream()];
    await store.append([{ stream: b, events: [newEvent()], expectedRevision: 'no_stream' }]);
    const before = emulator.log.all.length;
    const error = await store
      .append([
        { stream: a, events: [newEvent()], expectedRevision: 'no_stream' },
        { stream: b, events: [newEvent()], expectedRevision: 'no_stream' },
      ])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WrongExpectedRevisionError);
    expect(error).toMatchObject({ stream: b, expected: 'no_stream', actual: 0 });
    expect(emulator.log.all).toHaveLength(before);
  });

  it('answers an append that closing the store interrupted as unavailable, at once', async () => {
    emulator.holdsAppends = true;
    const appended = store.append([{ stream: stream(), events: [newEvent()], expectedRevision: 'any' }]);
    for (const deadline = Date.now() + 10_000; emulator.calls.batchAppend === 0;) {
      if (Date.now() > deadline) throw new Error('the append was not sent');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await store.close(); // the client cancels its BatchAppend stream
    await expect(appended).rejects.toThrow(
      new StoreUnavailableError('the store closed during the append: whether it was written is unknown'),
    );
  });

  it('appends stream by stream where the server has no append across streams', async () => {
    emulator.stop();
    emulator = await EsdbEmulator.start({ multiStreamAppend: false });
    await store.close();
    store = contractStore(emulator);
    await store.append([
      { stream: stream(), events: [newEvent()], expectedRevision: 'no_stream' },
      { stream: stream(), events: [newEvent()], expectedRevision: 'no_stream' },
    ]);
    expect(emulator.calls.appendSession).toBe(0);
    expect(emulator.log.all.filter((e) => e.stream.startsWith('contract-'))).toHaveLength(2);
  });
});
