import type { AllStreamResolvedEvent, AllStreamSubscription } from '@eventstore/db-client';
import { LogMark, StoredEvent, Subscription, SubscriptionHandler } from '../event-store.port';

export interface SubscriptionSource {
  /** A server-side filtered catch-up subscription to $all, started after `from`: the last event at or before `after`. */
  open(after: number): Promise<{ subscription: AllStreamSubscription; from: LogMark }>;
  /**
   * Places each event as it arrives, after the one before (or `from`): the port's event, and its mark for the next.
   * The index learns it at once.
   */
  arrived(event: AllStreamResolvedEvent, previous: LogMark): { stored: StoredEvent; mark: LogMark } | undefined;
  /** True while the store appends a batch: deliveries wait, so its events reach the handler in large batches. */
  appending(): boolean;
}

const MAX_BATCH = 1000;
const FIRST_BACKOFF_MS = 50;
const MAX_BACKOFF_MS = 5000;

const backoff = (failures: number) => Math.min(FIRST_BACKOFF_MS * 2 ** failures, MAX_BACKOFF_MS);

/**
 * The port's subscription over EventStoreDB's catch-up subscription to $all. Events are read as fast as they come
 * and handed over in batches (what arrived meanwhile, up to MAX_BATCH), one handler call at a time. A failing
 * handler gets the same batch again after a pause; a dropped connection resubscribes after the last delivered
 * position, with backoff, so nothing is skipped or delivered twice. The client's subscription is always cancelled
 * with unsubscribe(): breaking out of reading it would leave it running on the server.
 */
export class CatchUpSubscription implements Subscription {
  private stopped = false;
  /** Consecutive failed attempts to subscribe, for the backoff; a confirmed subscription resets it. */
  private failures = 0;
  private current?: AllStreamSubscription;
  private inbox?: Inbox<AllStreamResolvedEvent, StoredEvent>;
  private interrupt = (): void => undefined;
  private readonly done: Promise<void>;

  constructor(
    private readonly source: SubscriptionSource,
    private position: number,
    private readonly handler: SubscriptionHandler,
  ) {
    this.done = this.run();
  }

  /** Lets held-back deliveries go (the store calls it when its appends are done). */
  wake(): void {
    this.inbox?.wake();
  }

  async unsubscribe(): Promise<void> {
    this.stopped = true;
    this.interrupt();
    await this.release();
    await this.done;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        const { subscription, from } = await this.source.open(this.position);
        this.current = subscription;
        if (this.stopped) break;
        subscription.once('confirmation', () => (this.failures = 0));
        let last = from;
        this.inbox = new Inbox(subscription, (event) => {
          const placed = this.source.arrived(event, last);
          if (placed) last = placed.mark;
          return placed?.stored;
        });
        await this.consume(this.inbox);
      } catch {
        // The connection dropped (or the server refused): resubscribe below.
      } finally {
        await this.release();
      }
      if (!this.stopped) await this.pause(backoff(this.failures++));
    }
  }

  private async consume(inbox: Inbox<AllStreamResolvedEvent, StoredEvent>): Promise<void> {
    for (;;) {
      while (!this.stopped && !inbox.done && (!inbox.size || (this.source.appending() && inbox.size < MAX_BATCH))) {
        await inbox.changed();
      }
      // While events keep coming (a catch-up), let them: the batch is taken once a turn of the event loop brings
      // nothing more, so a catch-up goes in large batches and a live event at once.
      for (let seen = -1; seen !== inbox.size && inbox.size < MAX_BATCH && !inbox.done && !this.stopped;) {
        seen = inbox.size;
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (this.stopped) return;
      if (!inbox.size) return inbox.rethrow();
      const events = inbox.take().filter((e) => e.position > this.position);
      if (events.length && !(await this.deliver(events))) return;
    }
  }

  /** Hands a batch to the handler until it takes it; false if unsubscribed meanwhile. */
  private async deliver(events: StoredEvent[]): Promise<boolean> {
    for (let failures = 0; !this.stopped;) {
      try {
        await this.handler(events);
        this.position = events[events.length - 1].position;
        return true;
      } catch {
        if (!this.stopped) await this.pause(backoff(failures++));
      }
    }
    return false;
  }

  private async release(): Promise<void> {
    const current = this.current;
    this.current = undefined;
    if (!current) return;
    await current.unsubscribe();
    current.destroy();
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.interrupt = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

interface Source<T> {
  on(event: 'data', listener: (item: T) => void): unknown;
  once(event: 'end' | 'close', listener: () => void): unknown;
  once(event: 'error', listener: (error: Error) => void): unknown;
  pause(): unknown;
  resume(): unknown;
}

/**
 * A readable drained into a queue as fast as it delivers, each item as `onItem` makes it (none if undefined); past two
 * batches it is paused (back-pressure).
 */
class Inbox<T, U> {
  private readonly items: U[] = [];
  private ended = false;
  private failure?: Error;
  private wakeUp = (): void => undefined;

  constructor(
    private readonly source: Source<T>,
    onItem: (item: T) => U | undefined,
  ) {
    source.on('data', (item) => {
      const made = onItem(item);
      if (made === undefined) return;
      this.items.push(made);
      if (this.items.length >= 2 * MAX_BATCH) source.pause();
      this.wake();
    });
    source.once('end', () => this.finish());
    source.once('close', () => this.finish());
    source.once('error', (error) => this.finish(error));
  }

  get size(): number {
    return this.items.length;
  }

  get done(): boolean {
    return this.ended;
  }

  /** Resolves on the next arrival, the end, or wake(). */
  changed(): Promise<void> {
    return new Promise((resolve) => (this.wakeUp = resolve));
  }

  wake(): void {
    this.wakeUp();
  }

  take(): U[] {
    const batch = this.items.splice(0, MAX_BATCH);
    if (this.items.length < 2 * MAX_BATCH) this.source.resume();
    return batch;
  }

  /** Once everything before the end was taken: throws what ended the stream, if it failed. */
  rethrow(): void {
    if (this.failure) throw this.failure;
  }

  private finish(error?: Error): void {
    this.ended = true;
    this.failure ??= error;
    this.wake();
  }
}
