import { createHook } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import {
  AppendRequest,
  DuplicateEventIdError,
  EventStore,
  NewEvent,
  StoredEvent,
  StoreUnavailableError,
  WrongExpectedRevisionError,
} from './event-store.port';

/** Opens a store; `clock`, when given, should drive recordedAt (stores that assign time elsewhere may ignore it). */
export type EventStoreFactory = (clock?: () => number) => Promise<{ store: EventStore; cleanup?: () => Promise<void> }>;

export interface EventStoreContractOptions {
  /**
   * Each store starts with an empty log whose positions run 1, 2, 3… (the embedded stores; default true).
   * Set false for a shared server: tests then use fresh stream names and positions relative to the head.
   */
  freshLog?: boolean;
}

/**
 * The behaviour every EventStore adapter must show. The suite closes each store it opened, then calls its
 * cleanup, so close() must be safe to call twice.
 */
export function describeEventStoreContract(
  name: string,
  create: EventStoreFactory,
  { freshLog = true }: EventStoreContractOptions = {},
): void {
  describe(`EventStore contract: ${name}`, () => {
    const opened: Array<Awaited<ReturnType<EventStoreFactory>>> = [];
    const open = async (clock?: () => number) => {
      const handle = await create(clock);
      opened.push(handle);
      return handle.store;
    };
    let store: EventStore;
    let start: number;

    beforeEach(async () => {
      store = await open();
      start = await store.headPosition();
    });

    afterEach(async () => {
      for (const { store: each, cleanup } of opened.splice(0)) {
        await each.close();
        await cleanup?.();
      }
    });

    const appendOne = async (request: AppendRequest) => (await store.append([request]))[0];
    const logSinceStart = () => store.readAll(start, 10_000);

    describe('appending and reading', () => {
      it('gives a new stream revisions 0..n-1 and increasing positions', async () => {
        const stream = streamName();
        const sent = newEvents(3);
        const result = await appendOne({ stream, events: sent, expectedRevision: 'no_stream' });

        expect(result.duplicate).toBe(false);
        expect(result.stream).toBe(stream);
        expect(result.events.map((e) => e.revision)).toEqual([0, 1, 2]);
        expect(result.events.map(({ eventId, type, data, metadata }) => ({ eventId, type, data, metadata }))).toEqual(
          sent,
        );
        expectIncreasing(result.events.map((e) => e.position));
        if (freshLog) expect(result.events.map((e) => e.position)).toEqual([1, 2, 3]);
        expect(await store.headPosition()).toBe(result.events[2].position);
        expect(await store.streamRevision(stream)).toBe(2);
        expect(await store.readStream(stream)).toEqual(result.events);
      });

      it('keeps positions gap-free and increasing across streams and appends', async () => {
        const [a, b] = [streamName(), streamName()];
        await appendOne({ stream: a, events: newEvents(2), expectedRevision: 'any' });
        await appendOne({ stream: b, events: newEvents(1), expectedRevision: 'any' });
        await appendOne({ stream: a, events: newEvents(2), expectedRevision: 1 });

        const log = await logSinceStart();
        expect(log.map((e) => [e.stream, e.revision])).toEqual([
          [a, 0],
          [a, 1],
          [b, 0],
          [a, 2],
          [a, 3],
        ]);
        expectIncreasing(log.map((e) => e.position));
        if (freshLog) expect(log.map((e) => e.position)).toEqual([1, 2, 3, 4, 5]);
      });

      it('reads a stream from a revision, leaving other streams out', async () => {
        const [a, b] = [streamName(), streamName()];
        await appendOne({ stream: a, events: newEvents(2), expectedRevision: 'any' });
        await appendOne({ stream: b, events: newEvents(2), expectedRevision: 'any' });
        await appendOne({ stream: a, events: newEvents(2), expectedRevision: 'any' });

        const fromTwo = await store.readStream(a, 2);
        expect(fromTwo.map((e) => e.revision)).toEqual([2, 3]);
        expect(fromTwo.every((e) => e.stream === a)).toBe(true);
        expect((await store.readStream(a)).map((e) => e.revision)).toEqual([0, 1, 2, 3]);
        expect(await store.readStream(a, 4)).toEqual([]);
      });

      it('reads a missing stream as empty at revision -1, and an unknown id as undefined', async () => {
        expect(await store.readStream(streamName())).toEqual([]);
        expect(await store.streamRevision(streamName())).toBe(-1);
        expect(await store.readEvent(randomUUID())).toBeUndefined();
        if (freshLog) {
          expect(await store.headPosition()).toBe(0);
          expect(await store.readAll(0, 10)).toEqual([]);
        }
      });

      it('reads an event by id', async () => {
        const stream = streamName();
        const { events } = await appendOne({ stream, events: newEvents(3), expectedRevision: 'any' });
        expect(await store.readEvent(events[1].eventId)).toEqual(events[1]);
      });

      it('reads several events by id at once, leaving unknown ids out', async () => {
        const { events } = await appendOne({ stream: streamName(), events: newEvents(3), expectedRevision: 'any' });
        const ids = [events[2].eventId, randomUUID(), events[0].eventId, events[0].eventId];
        const found = await store.readEvents(ids);
        expect(found).toEqual(
          new Map([
            [events[0].eventId, events[0]],
            [events[2].eventId, events[2]],
          ]),
        );
        expect(await store.readEvents([])).toEqual(new Map());
      });

      it("reads several streams' revisions at once, -1 for a stream with no events", async () => {
        const [a, b, missing] = [streamName(), streamName(), streamName()];
        await appendOne({ stream: a, events: newEvents(3), expectedRevision: 'any' });
        await appendOne({ stream: b, events: newEvents(1), expectedRevision: 'any' });
        expect(await store.streamRevisions([a, missing, b, a])).toEqual(
          new Map([
            [a, 2],
            [missing, -1],
            [b, 0],
          ]),
        );
        expect(await store.streamRevisions([])).toEqual(new Map());
      });

      it('pages through the log with after and limit, in position order', async () => {
        const [a, b] = [streamName(), streamName()];
        await appendOne({ stream: a, events: newEvents(4), expectedRevision: 'any' });
        await appendOne({ stream: b, events: newEvents(3), expectedRevision: 'any' });
        const whole = await logSinceStart();
        expect(whole).toHaveLength(7);

        const pages: StoredEvent[][] = [];
        for (let after = start; ;) {
          const page = await store.readAll(after, 3);
          if (page.length === 0) break;
          pages.push(page);
          after = page[page.length - 1].position;
        }
        expect(pages.map((page) => page.length)).toEqual([3, 3, 1]);
        expect(pages.flat()).toEqual(whole);
        expectIncreasing(whole.map((e) => e.position));
        expect(await store.readAll(whole[2].position, 2)).toEqual(whole.slice(3, 5));
        expect(await store.readAll(whole[6].position, 10)).toEqual([]);
      });

      it('counts the events between two positions, whatever the gaps between positions', async () => {
        await appendOne({ stream: streamName(), events: newEvents(4), expectedRevision: 'any' });
        await appendOne({ stream: streamName(), events: newEvents(2), expectedRevision: 'any' });
        const whole = await logSinceStart();
        const head = whole[5].position;
        expect(await store.countBetween(start, head)).toBe(6);
        expect(await store.countBetween(whole[1].position, head)).toBe(4);
        expect(await store.countBetween(whole[1].position, whole[3].position)).toBe(2);
        expect(await store.countBetween(head, head)).toBe(0);
        expect(await store.countBetween(whole[3].position, whole[1].position)).toBe(0);
        // Up to a bound: a larger count answers the bound, a smaller one itself.
        expect(await store.countBetween(start, head, 4)).toBe(4);
        expect(await store.countBetween(whole[3].position, head, 4)).toBe(2);
      });

      it('lets several requests of one append target the same stream, revisions continuing', async () => {
        const [a, b] = [streamName(), streamName()];
        const results = await store.append([
          { stream: a, events: newEvents(2), expectedRevision: 'no_stream' },
          { stream: b, events: newEvents(1), expectedRevision: 'no_stream' },
          { stream: a, events: newEvents(1), expectedRevision: 1 },
        ]);
        expect(results.map((r) => r.events.map((e) => e.revision))).toEqual([[0, 1], [0], [2]]);
        expectIncreasing(results.flatMap((r) => r.events.map((e) => e.position)));
        expect(await logSinceStart()).toEqual(results.flatMap((r) => r.events));
      });
    });

    describe('expected revision', () => {
      const seeded = async (count: number) => {
        const stream = streamName();
        if (count > 0) await appendOne({ stream, events: newEvents(count), expectedRevision: 'no_stream' });
        return stream;
      };
      const expectConflict = async (request: AppendRequest, actual: number) => {
        const head = await store.headPosition();
        const error = await rejection(store.append([request]));
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ stream: request.stream, expected: request.expectedRevision, actual });
        expect(await store.headPosition()).toBe(head);
      };

      it('any: appends to a new and to an existing stream', async () => {
        const stream = streamName();
        await appendOne({ stream, events: newEvents(1), expectedRevision: 'any' });
        await appendOne({ stream, events: newEvents(1), expectedRevision: 'any' });
        expect(await store.streamRevision(stream)).toBe(1);
      });

      it('no_stream: appends to a new stream, rejects an existing one', async () => {
        const stream = streamName();
        await appendOne({ stream, events: newEvents(1), expectedRevision: 'no_stream' });
        await expectConflict({ stream, events: newEvents(1), expectedRevision: 'no_stream' }, 0);
      });

      it('stream_exists: rejects a new stream, appends to an existing one', async () => {
        await expectConflict({ stream: streamName(), events: newEvents(1), expectedRevision: 'stream_exists' }, -1);
        const stream = await seeded(2);
        const { events } = await appendOne({ stream, events: newEvents(1), expectedRevision: 'stream_exists' });
        expect(events[0].revision).toBe(2);
      });

      it('a number: appends when it is the last revision, -1 meaning no events', async () => {
        const stream = streamName();
        await appendOne({ stream, events: newEvents(2), expectedRevision: -1 });
        const { events } = await appendOne({ stream, events: newEvents(1), expectedRevision: 1 });
        expect(events[0].revision).toBe(2);
      });

      it('a number: rejects a mismatch and reports the actual revision', async () => {
        const stream = await seeded(3);
        await expectConflict({ stream, events: newEvents(1), expectedRevision: 1 }, 2);
        await expectConflict({ stream, events: newEvents(1), expectedRevision: 5 }, 2);
        await expectConflict({ stream, events: newEvents(1), expectedRevision: -1 }, 2);
        await expectConflict({ stream: streamName(), events: newEvents(1), expectedRevision: 0 }, -1);
      });
    });

    describe('idempotency by event id', () => {
      it('answers a retry with the stored events, duplicate: true, writing nothing', async () => {
        const stream = streamName();
        const request: AppendRequest = { stream, events: newEvents(2), expectedRevision: 'no_stream' };
        const first = await appendOne(request);
        const head = await store.headPosition();

        // The expected revision no longer holds, but a retry is recognised before it is checked.
        const retry = await appendOne(request);
        expect(retry).toEqual({ stream, events: first.events, duplicate: true });
        expect(await store.headPosition()).toBe(head);
        expect(await logSinceStart()).toEqual(first.events);
      });

      it('recognises a retry of part of an earlier append, next to a new request', async () => {
        const [a, b] = [streamName(), streamName()];
        const first = await appendOne({ stream: a, events: newEvents(3), expectedRevision: 'any' });
        const [retry, fresh] = await store.append([
          { stream: a, events: first.events.slice(1).map(asNew), expectedRevision: 0 },
          { stream: b, events: newEvents(1), expectedRevision: 'no_stream' },
        ]);
        expect(retry).toEqual({ stream: a, events: first.events.slice(1), duplicate: true });
        expect(fresh.duplicate).toBe(false);
        expect(await store.streamRevision(a)).toBe(2);
      });

      it.each([
        [
          'another type',
          (stored: NewEvent[], stream: string) => ({ stream, events: [{ ...stored[0], type: 'Other' }] }),
        ],
        ['another stream', (stored: NewEvent[]) => ({ stream: streamName(), events: [stored[0]] })],
        ['another order', (stored: NewEvent[], stream: string) => ({ stream, events: [stored[1], stored[0]] })],
        ['a new event after it', (stored: NewEvent[], stream: string) => ({ stream, events: [stored[0], newEvent()] })],
      ])('rejects a taken id reused with %s, writing nothing', async (_, reuse) => {
        const stream = streamName();
        const stored = newEvents(2);
        await appendOne({ stream, events: stored, expectedRevision: 'any' });
        const head = await store.headPosition();

        const request = { ...reuse(stored, stream), expectedRevision: 'any' as const };
        const error = await rejection(store.append([request]));
        expect(error).toBeInstanceOf(DuplicateEventIdError);
        expect(stored.map((e) => e.eventId)).toContain((error as DuplicateEventIdError).eventId);
        expect(await store.headPosition()).toBe(head);
      });

      it('rejects a new request whose later event id is taken, naming it', async () => {
        const taken = (await appendOne({ stream: streamName(), events: newEvents(1), expectedRevision: 'any' }))
          .events[0].eventId;
        const error = await rejection(
          store.append([
            { stream: streamName(), events: [newEvent(), { ...newEvent(), eventId: taken }], expectedRevision: 'any' },
          ]),
        );
        expect(error).toBeInstanceOf(DuplicateEventIdError);
        expect(error).toMatchObject({ eventId: taken });
      });

      it('rejects the same id twice in one request', async () => {
        const event = newEvent();
        const stream = streamName();
        const error = await rejection(store.append([{ stream, events: [event, event], expectedRevision: 'any' }]));
        expect(error).toBeInstanceOf(DuplicateEventIdError);
        expect(await store.readStream(stream)).toEqual([]);
      });
    });

    describe('all or nothing', () => {
      it.each([
        ['a wrong expected revision', WrongExpectedRevisionError, () => ({ expectedRevision: 7 })],
        ['a taken event id', DuplicateEventIdError, (taken: NewEvent) => ({ events: [newEvent(), taken] })],
      ])('writes nothing when one request fails on %s', async (_, errorType, breakIt) => {
        const taken = newEvent();
        await appendOne({ stream: streamName(), events: [taken], expectedRevision: 'any' });
        const head = await store.headPosition();
        const [a, b, c] = [streamName(), streamName(), streamName()];
        const first = newEvents(2);

        const error = await rejection(
          store.append([
            { stream: a, events: first, expectedRevision: 'no_stream' },
            { stream: b, events: newEvents(1), expectedRevision: 'any', ...breakIt(taken) },
            { stream: c, events: newEvents(1), expectedRevision: 'any' },
          ]),
        );
        expect(error).toBeInstanceOf(errorType);
        expect(await store.headPosition()).toBe(head);
        expect(await store.readStream(a)).toEqual([]);
        expect(await store.streamRevision(c)).toBe(-1);
        expect(await store.readEvent(first[0].eventId)).toBeUndefined();

        // The failed append used up nothing: the same events go in afterwards, at the next position.
        const { events } = await appendOne({ stream: a, events: first, expectedRevision: 'no_stream' });
        expect(events.map((e) => e.revision)).toEqual([0, 1]);
        if (freshLog) expect(events[0].position).toBe(head + 1);
      });
    });

    describe('recordedAt', () => {
      it('never decreases along the log, even when the clock goes backwards', async () => {
        const ticks = [5_000, 1_000, 9_000, 3_000, 2_000];
        let tick = 0;
        const clocked = await open(() => ticks[Math.min(tick++, ticks.length - 1)]);
        const from = await clocked.headPosition();
        for (let i = 0; i < ticks.length; i++) {
          await clocked.append([{ stream: streamName(), events: newEvents(2), expectedRevision: 'any' }]);
        }
        const times = (await clocked.readAll(from, 100)).map((e) => e.recordedAt);
        expect(times).toHaveLength(10);
        expect(times.every((time, i) => i === 0 || time >= times[i - 1])).toBe(true);
        expect(times.every((time) => Number.isInteger(time))).toBe(true);
      });
    });

    describe('subscriptions', () => {
      const collect = () => {
        const received: StoredEvent[] = [];
        return { received, handler: (batch: StoredEvent[]) => void received.push(...batch) };
      };

      it('from the start, catches up then receives live appends in order, exactly once', async () => {
        if (freshLog) expect(start).toBe(0);
        const [a, b] = [streamName(), streamName()];
        await appendOne({ stream: a, events: newEvents(3), expectedRevision: 'no_stream' });
        const { received, handler } = collect();
        const subscription = store.subscribe(start, handler);
        await waitFor(() => received.length === 3, 'catch-up');

        await appendOne({ stream: a, events: newEvents(1), expectedRevision: 2 });
        await appendOne({ stream: b, events: newEvents(2), expectedRevision: 'no_stream' });
        await waitFor(() => received.length === 6, 'live events');
        await sleep(50);
        await subscription.unsubscribe();

        expect(received).toEqual(await logSinceStart());
        expectIncreasing(received.map((e) => e.position));
      });

      it('from a middle position, delivers only what follows it', async () => {
        const { events } = await appendOne({ stream: streamName(), events: newEvents(5), expectedRevision: 'any' });
        const middle = events[2].position;
        const { received, handler } = collect();
        const subscription = store.subscribe(middle, handler);
        await appendOne({ stream: streamName(), events: newEvents(1), expectedRevision: 'any' });
        await waitFor(() => received.length === 3, 'events after the middle');
        await sleep(50);
        await subscription.unsubscribe();

        expect(received).toEqual(await store.readAll(middle, 100));
        expect(received[0]).toEqual(events[3]);
      });

      it('catches up over many pages, one batch at a time', async () => {
        const stream = streamName();
        for (let i = 0; i < 5; i++) await appendOne({ stream, events: newEvents(500), expectedRevision: 'any' });
        const received: StoredEvent[] = [];
        let running = false;
        let overlapped = false;
        const subscription = store.subscribe(start, async (batch) => {
          overlapped ||= running;
          running = true;
          await sleep(1);
          received.push(...batch);
          running = false;
        });
        await waitFor(() => received.length === 2500, 'catch-up of 2500 events');
        await subscription.unsubscribe();

        expect(overlapped).toBe(false);
        expect(received.map((e) => e.revision)).toEqual([...Array(2500).keys()]);
      });

      it('retries a failed batch after a pause, skipping nothing', async () => {
        await appendOne({ stream: streamName(), events: newEvents(3), expectedRevision: 'any' });
        const attempts: number[][] = [];
        const delivered: StoredEvent[] = [];
        const subscription = store.subscribe(start, async (batch) => {
          attempts.push(batch.map((e) => e.position));
          if (attempts.length < 3) throw new Error('projection unavailable');
          delivered.push(...batch);
        });
        await waitFor(() => delivered.length === 3, 'delivery after failures');
        await appendOne({ stream: streamName(), events: newEvents(1), expectedRevision: 'any' });
        await waitFor(() => delivered.length === 4, 'live delivery after recovery');
        await subscription.unsubscribe();

        expect(attempts[1]).toEqual(attempts[0]);
        expect(attempts[2]).toEqual(attempts[0]);
        expect(delivered).toEqual(await logSinceStart());
      });

      it('stops delivery on unsubscribe and leaves no timers behind', async () => {
        // A first append opens the client's connection (if reads have not), whose timers live as long as the store.
        await appendOne({ stream: streamName(), events: newEvents(1), expectedRevision: 'any' });
        const from = await store.headPosition();
        const { received, handler } = collect();
        const left = await timersLeftBy(async () => {
          const subscription = store.subscribe(from, handler);
          await appendOne({ stream: streamName(), events: newEvents(1), expectedRevision: 'any' });
          await waitFor(() => received.length === 1, 'the first event');
          await subscription.unsubscribe();
        });
        await appendOne({ stream: streamName(), events: newEvents(1), expectedRevision: 'any' });
        await sleep(100);
        expect(received).toHaveLength(1);
        expect(left).toBe(0);
      });

      it('unsubscribes promptly while retrying a failing handler, leaving no timers behind', async () => {
        await appendOne({ stream: streamName(), events: newEvents(1), expectedRevision: 'any' });
        let calls = 0;
        let stoppedIn = Infinity;
        const left = await timersLeftBy(async () => {
          const subscription = store.subscribe(start, () => {
            calls++;
            throw new Error('always failing');
          });
          await waitFor(() => calls === 3, 'three attempts');
          const began = Date.now();
          await subscription.unsubscribe();
          stoppedIn = Date.now() - began;
        });
        expect(stoppedIn).toBeLessThan(100);
        expect(left).toBe(0);
        await sleep(300);
        expect(calls).toBe(3);
      });

      it('resolves unsubscribe only after the running handler call has finished', async () => {
        let release!: () => void;
        const gate = new Promise<void>((resolve) => (release = resolve));
        let calls = 0;
        const subscription = store.subscribe(start, async () => {
          calls++;
          await gate;
        });
        await appendOne({ stream: streamName(), events: newEvents(1), expectedRevision: 'any' });
        await waitFor(() => calls === 1, 'the handler call');

        let stopped = false;
        const stopping = subscription.unsubscribe().then(() => (stopped = true));
        await sleep(50);
        expect(stopped).toBe(false);
        release();
        await stopping;
        await appendOne({ stream: streamName(), events: newEvents(1), expectedRevision: 'any' });
        await sleep(50);
        expect(calls).toBe(1);
      });

      it('ends on close; a closed store answers StoreUnavailableError', async () => {
        const { received, handler } = collect();
        store.subscribe(start, handler);
        await store.close();
        await store.close();
        await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
        expect(received).toEqual([]);
      });
    });

    describe('concurrency', () => {
      it("lands 50 concurrent 'any' appends to one stream at distinct consecutive revisions", async () => {
        const stream = streamName();
        const results = await Promise.all(
          Array.from({ length: 50 }, () => appendOne({ stream, events: newEvents(1), expectedRevision: 'any' })),
        );
        const revisions = results.map((r) => r.events[0].revision).sort((x, y) => x - y);
        expect(revisions).toEqual([...Array(50).keys()]);
        expect(new Set(results.map((r) => r.events[0].position)).size).toBe(50);
        expect(await store.streamRevision(stream)).toBe(49);
      });

      it('lets exactly one of concurrent appends at the same expected revision win', async () => {
        const stream = streamName();
        await appendOne({ stream, events: newEvents(1), expectedRevision: 'no_stream' });
        const outcomes = await Promise.allSettled(
          Array.from({ length: 10 }, () => appendOne({ stream, events: newEvents(1), expectedRevision: 0 })),
        );
        const losers = outcomes.filter((o) => o.status === 'rejected');
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        expect(losers).toHaveLength(9);
        for (const loser of losers) {
          expect(loser.reason).toBeInstanceOf(WrongExpectedRevisionError);
          expect(loser.reason).toMatchObject({ actual: 1 });
        }
        expect(await store.streamRevision(stream)).toBe(1);
      });
    });
  });
}

function streamName(): string {
  return `contract-${randomUUID()}`;
}

function newEvent(type = 'SomethingHappened', data: unknown = { n: 1 }): NewEvent {
  return { eventId: randomUUID(), type, data, metadata: { source: 'contract' } };
}

function newEvents(count: number): NewEvent[] {
  return Array.from({ length: count }, (_, i) => newEvent('SomethingHappened', { i, nested: { list: [i] } }));
}

function asNew({ eventId, type, data, metadata }: StoredEvent): NewEvent {
  return { eventId, type, data, metadata };
}

function expectIncreasing(values: number[]): void {
  expect(values.every((value, i) => i === 0 || value > values[i - 1])).toBe(true);
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

/**
 * How many timers created while `work` ran are still pending once it is done (a stopped subscription must not
 * leave, say, a retry behind to keep the process alive). Jest's own timers are left out.
 */
async function timersLeftBy(work: () => Promise<void>): Promise<number> {
  const pending = new Set<number>();
  const hook = createHook({
    init: (id, type) => {
      if (type === 'Timeout' && !/node_modules[\\/](@jest|jest-)/.test(new Error().stack ?? '')) pending.add(id);
    },
    destroy: (id) => pending.delete(id),
  }).enable();
  try {
    await work();
    // Destroy hooks of cleared timers run on a later turn of the event loop.
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    return pending.size;
  } finally {
    hook.disable();
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function waitFor(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !condition(); await sleep(5)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
  }
}
