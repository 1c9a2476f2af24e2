import { StoreUnavailableError, StoredEvent } from '../event-store/event-store.port';
import { LogPages, patientPages } from './rebuild';

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
