import { Injectable } from '@nestjs/common';
import { StoreUnavailableError } from '../event-store/event-store.port';

/**
 * How far the read models have come, against what this process has promised: the one thing the
 * write side and the read-your-writes wait share with the projector. The projector says how far it
 * has projected (`projected`); a write says what it answered (`acknowledge`); a read waits until the
 * two meet (`caughtUp`). In memory, per process: no I/O on the way.
 */
@Injectable()
export class ReadModelProgress {
  private checkpoint = 0;
  /** The highest position a write of this process was answered with (and, from start-up, the head). */
  private acknowledged = 0;
  private waiters: { position: number; resolve: () => void }[] = [];

  /** The read models include every event up to `position`. */
  projected(position: number): void {
    this.checkpoint = position;
    this.waiters = this.waiters.filter((w) => (w.position <= position ? (w.resolve(), false) : true));
  }

  /** A write at `position` has been answered: reads from now on wait until the read models include it. */
  acknowledge(position: number): void {
    if (position > this.acknowledged) this.acknowledged = position;
  }

  /** Resolves once the read models include every write this process has answered (read-your-writes). */
  caughtUp(timeoutMs?: number): Promise<void> {
    return this.waitFor(this.acknowledged, timeoutMs);
  }

  /**
   * Resolves once the read models include the event at `position`. Gives up after `timeoutMs` with a
   * 503: the write is durable, and a retry with its eventId answers 200.
   */
  waitFor(position: number, timeoutMs = 30_000): Promise<void> {
    if (position <= this.checkpoint) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.resolve !== done);
        reject(new StoreUnavailableError(`the read models have not caught up with position ${position}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.waiters.push({ position, resolve: done });
    });
  }

  /**
   * Resolves once at most `max` events up to `position` are left to project, as `count` counts them (positions need
   * not be consecutive). Gives up after `timeoutMs` with a 503, as waitFor does.
   */
  async waitForBacklog(
    position: number,
    max: number,
    count: (after: number, upTo: number) => Promise<number>,
    timeoutMs = 30_000,
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((await count(this.checkpoint, position)) > max) {
      // The next projected batch, then count again.
      await this.waitFor(this.checkpoint + 1, Math.max(0, deadline - Date.now()));
    }
  }

  /** Lets every waiter go: the service is stopping. */
  release(): void {
    for (const w of this.waiters) w.resolve();
    this.waiters = [];
  }
}
