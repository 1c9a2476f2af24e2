import { randomUUID } from 'node:crypto';
import { EventStore } from '../event-store/event-store.port';
import { Generation } from './generation';

/** Events a rebuild reads and writes at a time, between which requests are served. */
const PAGE = 5000;

export interface RebuildProgress {
  id: string;
  reason: string;
  startedAt: string;
  finishedAt?: string;
  /** Replaying the log into the new generation, indexing it and folding its snapshots, swapping it in. */
  phase: 'replaying' | 'indexing' | 'swapping' | 'done';
  processed: number;
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

/**
 * Fills a new generation of the read models from the log, reporting on `progress`. `pause` is awaited
 * between pages and steps, so the service keeps answering, and throws to stop the fill. The caller
 * swaps the generation in, after `catchUp` has brought it to the head once more.
 */
export class Refill {
  private readonly started = Date.now();

  constructor(
    private readonly store: EventStore,
    readonly next: Generation,
    private readonly progress: RebuildProgress,
    private readonly pause: () => Promise<void>,
  ) {}

  /** Replays the log into the generation, then sorts, indexes and snapshots it. */
  async fill(): Promise<void> {
    this.progress.total = await this.store.headPosition();
    await this.catchUp();
    this.progress.phase = 'indexing';
    await this.next.finishFilling(this.pause);
  }

  /** Applies what the log holds beyond the generation's checkpoint, a page at a time. */
  async catchUp(): Promise<void> {
    const { store, next, progress } = this;
    for (let page = await store.readAll(next.checkpoint, PAGE); page.length;) {
      next.apply(page);
      progress.processed += page.length;
      progress.total = Math.max(progress.total, await store.headPosition());
      progress.rate = Math.round(progress.processed / Math.max(0.001, (Date.now() - this.started) / 1000));
      progress.eta = progress.rate ? Math.ceil((progress.total - next.checkpoint) / progress.rate) : null;
      await this.pause();
      page = await store.readAll(next.checkpoint, PAGE);
    }
  }
}
