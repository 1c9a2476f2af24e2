import { StoreUnavailableError, StoredEvent } from '../event-store/event-store.port';
import { Generation } from './generation';
import { LogPages, patientPages, Refill, startedRebuild } from './rebuild';

/** A log whose reads fail with these errors, in turn, before they answer. */
function failingFirst(...errors: Error[]) {
  const calls = { readAll: 0, headPosition: 0 };
  const log: LogPages = {
    readAll: (after) => {
      calls.readAll++;
      const error = errors.shift();
      return error ? Promise.reject(error) : Promise.resolve([{ position: after + 1 } as StoredEvent]);
    },
    headPosition: () => {
      calls.headPosition++;
      const error = errors.shift();
      return error ? Promise.reject(error) : Promise.resolve(42);
    },
  };
  return { log, calls };
}

describe("patientPages: a rebuild's reads of the log", () => {
  it('asks again for a page the store could not serve for the moment, and says so', async () => {
    const { log, calls } = failingFirst(new StoreUnavailableError('did not answer a read of $all within 10000 ms'));
    const told: string[] = [];
    const pages = patientPages(log, new AbortController().signal, (e, ms) => told.push(`${e.message} ${ms}`));
    await expect(pages.readAll(7, 1000)).resolves.toEqual([{ position: 8 }]);
    expect(calls.readAll).toBe(2);
    expect(told).toEqual(['did not answer a read of $all within 10000 ms 1000']);
  });

  it('retries the head position the same way', async () => {
    const { log, calls } = failingFirst(new StoreUnavailableError('unavailable'));
    await expect(patientPages(log, new AbortController().signal, () => undefined).headPosition()).resolves.toBe(42);
    expect(calls.headPosition).toBe(2);
  });

  it('fails at once on any other error', async () => {
    const { log, calls } = failingFirst(new Error('the disk is gone'));
    const pages = patientPages(log, new AbortController().signal, () => undefined);
    await expect(pages.readAll(0, 1000)).rejects.toThrow('the disk is gone');
    expect(calls.readAll).toBe(1);
  });

  it('stops waiting as soon as the service stops', async () => {
    const { log, calls } = failingFirst(new StoreUnavailableError('unavailable'));
    const stop = new AbortController();
    const pages = patientPages(log, stop.signal, () => stop.abort());
    // Not aborted, the pause would end in a second read, which answers.
    await expect(pages.readAll(0, 1000)).rejects.toThrow(/abort/i);
    expect(calls.readAll).toBe(1);
  });
});

describe("Refill's progress", () => {
  it('counts the events to replay, and the time left, in events where positions are byte offsets', async () => {
    // 5,000 events 300 bytes apart, as on EventStoreDB: the head's position is not the number of events.
    const events: StoredEvent[] = Array.from({ length: 5000 }, (_, i) => ({
      eventId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      type: 'Other',
      stream: 'other',
      revision: i,
      position: 1000 + 300 * i,
      recordedAt: Date.UTC(2022, 0, 1),
      data: {},
      metadata: {},
    }));
    const seen: { processed: number; total: number; eta: number | null }[] = [];
    const progress = startedRebuild('test');
    const log: LogPages = {
      readAll: (after, limit) => Promise.resolve(events.filter((e) => e.position > after).slice(0, limit)),
      headPosition: () => Promise.resolve(events[events.length - 1].position),
    };
    const refill = new Refill(
      log,
      () => new Generation(':memory:', true),
      progress,
      () => {
        seen.push({ processed: progress.processed, total: progress.total, eta: progress.eta });
        return Promise.resolve();
      },
    );
    await refill.fill();
    const replaying = seen.filter((s) => s.processed < 5000);
    expect(replaying.length).toBeGreaterThan(0);
    for (const s of replaying) {
      expect(Math.abs(s.total - 5000)).toBeLessThan(300); // positions start at 1,000, not 0: a small overestimate
      expect(s.eta).not.toBeNull();
    }
    expect(progress).toMatchObject({ processed: 5000, total: 5000, eta: 0 });
    (await refill.finish()).close();
  });
});
