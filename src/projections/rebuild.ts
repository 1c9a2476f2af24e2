import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { EventStore, StoreUnavailableError } from '../event-store/event-store.port';
import { Generation } from './generation';
import { RepeatedIdError } from './log-events';

/**
 * Events a rebuild reads and writes at a time, between which other work goes on. Small enough that
 * reading a page for the worker (and cloning it to its thread) holds up requests for milliseconds.
 */
const PAGE = 1000;
/** Pauses before asking again for a page the store could not serve, in ms: about two minutes in all. */
const PAGE_RETRY_PAUSES = [1000, 2000, 4000, 8000, 15_000, 30_000, 30_000, 30_000];

export interface RebuildProgress {
  id: string;
  reason: string;
  startedAt: string;
  finishedAt?: string;
  /** Replaying the log into the new generation, indexing it and folding its snapshots, swapping it in. */
  phase: 'replaying' | 'indexing' | 'swapping' | 'done';
  processed: number;
  /**
   * The events of the log to replay: exact where positions are consecutive (SQLite); estimated from the share of
   * positions replayed where they are byte offsets (EventStoreDB), since counting them would mean reading them.
   */
  total: number;
  /** Events a second so far. */
  rate: number;
  /** Seconds left at that rate. */
  eta: number | null;
  error?: string;
}

export const startedRebuild = (reason: string): RebuildProgress => ({
  id: randomUUID(),
  reason,
  startedAt: new Date().toISOString(),
  phase: 'replaying',
  processed: 0,
  total: 0,
  rate: 0,
  eta: null,
});

/** What a fill reads of the log. */
export type LogPages = Pick<EventStore, 'readAll' | 'headPosition'>;

/**
 * The log's pages for a fill, which may take hours on a long log: a page the store could not serve for the moment
 * (StoreUnavailableError: a read that timed out on a loaded machine, a leader election) is asked for again after a
 * pause, told to `retrying`, instead of failing the whole fill. Any other error, or one page unavailable through
 * every pause, still fails it; so does `stop` aborting, at once.
 */
export function patientPages(
  log: LogPages,
  stop: AbortSignal,
  retrying: (error: Error, pauseMs: number) => void,
): LogPages {
  const patiently =
    <A extends unknown[], T>(read: (...args: A) => Promise<T>) =>
    async (...args: A): Promise<T> => {
      for (const pauseMs of PAGE_RETRY_PAUSES) {
        try {
          return await read(...args);
        } catch (error) {
          if (!(error instanceof StoreUnavailableError) || stop.aborted) throw error;
          retrying(error, pauseMs);
          await sleep(pauseMs, undefined, { signal: stop });
        }
      }
      return read(...args);
    };
  return {
    readAll: patiently((after: number, limit: number) => log.readAll(after, limit)),
    headPosition: patiently(() => log.headPosition()),
  };
}

/** A rebuild's filling of a new generation, wherever it runs (this thread or a worker: `WorkerRefill`). */
export interface Filler {
  /** Replays the log into the new generation, then sorts, indexes and snapshots it. */
  fill(): Promise<void>;
  /** Takes what the log gained meanwhile and hands the generation over, durable, ready to serve. */
  finish(): Promise<Generation>;
  /** Stops the fill; its generation is for the caller to delete. */
  stop(): Promise<void>;
}

/**
 * Fills a new generation of the read models from the log, reporting on `progress`. `open` gives an empty generation
 * to fill (with the window of recent ids given, or its own); `between` is awaited between pages and steps, so that
 * other work goes on.
 */
export class Refill implements Filler {
  private readonly started = Date.now();
  private stopped = false;
  private next: Generation;

  constructor(
    private readonly log: LogPages,
    private readonly open: (idWindow?: number) => Generation,
    private readonly progress: RebuildProgress,
    private readonly between: () => Promise<void>,
  ) {
    this.next = open();
  }

  async fill(): Promise<void> {
    try {
      await this.replay();
    } catch (error) {
      if (!(error instanceof RepeatedIdError)) throw error;
      // An id used again far from its first event: the fill starts over, each id checked by the index.
      this.next.close();
      this.next = this.open(0);
      Object.assign(this.progress, { phase: 'replaying', processed: 0 });
      await this.replay();
    }
  }

  async finish(): Promise<Generation> {
    this.progress.phase = 'swapping';
    await this.catchUp();
    this.next.settle();
    return this.next.sealed();
  }

  stop(): Promise<void> {
    this.stopped = true;
    return Promise.resolve();
  }

  private async replay(): Promise<void> {
    await this.catchUp();
    this.progress.phase = 'indexing';
    await this.next.finishFilling(() => this.pause());
  }

  private async pause() {
    if (this.stopped) throw new Error('the service is stopping');
    await this.between();
  }

  /** Applies what the log holds beyond the generation's checkpoint, a page at a time. */
  private async catchUp(): Promise<void> {
    const { log, next, progress } = this;
    for (let page = await log.readAll(next.checkpoint, PAGE); page.length;) {
      // The next page is read while this one is applied: on a worker, by the other thread.
      const following = log.readAll(page[page.length - 1].position, PAGE);
      following.catch(() => undefined); // awaited below, unless this page fails first
      next.apply(page);
      progress.processed += page.length;
      const left = Math.max(0, (await log.headPosition()) - next.checkpoint);
      progress.total = progress.processed + Math.round((left * progress.processed) / next.checkpoint);
      progress.rate = Math.round(progress.processed / Math.max(0.001, (Date.now() - this.started) / 1000));
      progress.eta = progress.rate ? Math.ceil((progress.total - progress.processed) / progress.rate) : null;
      await this.pause();
      page = await following;
    }
  }
}
