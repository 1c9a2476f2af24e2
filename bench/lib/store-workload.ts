import { now, quantile } from './stats';

/** The part of an event store the side-by-side workload needs: Chancery's port and Emmett both fit. */
export interface WorkloadStore {
  append(stream: string, event: { eventId: string; type: string; data: unknown }): Promise<unknown>;
  /** Reads a whole stream back, parsed; returns how many events it held. */
  readStream(stream: string): Promise<number>;
}

export interface WorkloadEvent {
  stream: string;
  event: { eventId: string; type: string; data: unknown };
}

export interface WorkloadResult {
  /** Durable single appends a second, one after the other, and how many of them failed. */
  sequential: number;
  sequentialFailed: number;
  sequentialP99Ms: number;
  /** Appends a second when `parallel` are issued at once, and how many of them failed. */
  parallel: number;
  parallelFailed: number;
  parallelTotal: number;
  firstFailure?: string;
  /** Events a second reading every written stream back. */
  readBack: number;
}

/**
 * The same workload for any store: sequential durable appends for `ms`, then bursts of `parallel`
 * concurrent appends, then every stream read back. Events are taken in order, so both stores get the
 * same streams and payloads.
 */
export async function runWorkload(
  store: WorkloadStore,
  events: WorkloadEvent[],
  ms: number,
  parallel: number,
  rounds: number,
): Promise<WorkloadResult> {
  let next = 0;
  const take = () => events[next++ % events.length];
  const times: number[] = [];
  let sequentialFailed = 0;
  let firstFailure: string | undefined;
  const failure = (e: unknown) => (firstFailure ??= String((e as Error)?.message ?? e).slice(0, 200));
  const start = now();
  while (now() - start < ms && next < events.length - parallel * rounds) {
    const e = take();
    const t = now();
    try {
      await store.append(e.stream, e.event);
      times.push(now() - t);
    } catch (error) {
      sequentialFailed++;
      failure(error);
    }
  }
  const sequential = (times.length * 1000) / (now() - start);

  let failed = 0;
  const burstStart = now();
  for (let r = 0; r < rounds; r++) {
    const burst = Array.from({ length: parallel }, take);
    const settled = await Promise.allSettled(burst.map((e) => store.append(e.stream, e.event)));
    for (const s of settled) {
      if (s.status === 'rejected') {
        failed++;
        failure(s.reason);
      }
    }
  }
  const parallelTotal = parallel * rounds;
  const parallelRate = ((parallelTotal - failed) * 1000) / (now() - burstStart);

  const streams = [...new Set(events.slice(0, next).map((e) => e.stream))];
  const readStart = now();
  let read = 0;
  for (const s of streams) read += await store.readStream(s).catch((e: unknown) => (failure(e), 0));
  const readBack = (read * 1000) / (now() - readStart);

  return {
    sequential,
    sequentialFailed,
    sequentialP99Ms: quantile(times, 0.99),
    parallel: parallelRate,
    parallelFailed: failed,
    parallelTotal,
    firstFailure,
    readBack,
  };
}
