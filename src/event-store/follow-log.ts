import { setImmediate as yieldToIo } from 'node:timers/promises';
import { StoredEvent, Subscription, SubscriptionHandler } from './event-store.port';

export type ReadAll = (after: number, limit: number) => Promise<StoredEvent[]>;

const PAGE_SIZE = 1000;
const FIRST_BACKOFF_MS = 50;
const MAX_BACKOFF_MS = 5000;

/**
 * Catch up from `after` a page at a time, then wait for `appended()` and read on. A failing read or handler
 * is retried from the same position after a growing pause, so no event is skipped and the subscription lives.
 * Do not await `unsubscribe()` inside the handler: it waits for that very handler call to finish.
 */
export function followLog(
  readAll: ReadAll,
  appended: () => Promise<void>,
  after: number,
  handler: SubscriptionHandler,
): Subscription {
  let stopped = false;
  // Resolves the current wait; plain callbacks rather than Promise.race, whose losers would pile up reactions.
  let interrupt = (): void => undefined;
  const pause = (until: Promise<void> | number) =>
    new Promise<void>((resolve) => {
      const timer = typeof until === 'number' ? setTimeout(resolve, until) : undefined;
      if (typeof until !== 'number') void until.then(resolve);
      interrupt = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const run = async () => {
    let position = after;
    let failures = 0;
    while (!stopped) {
      // Taken before the read, so an append that lands during the read still wakes us.
      const next = appended();
      try {
        const page = await readAll(position, PAGE_SIZE);
        if (stopped) return;
        if (page.length === 0) {
          await pause(next);
          continue;
        }
        await handler(page);
        position = page[page.length - 1].position;
        failures = 0;
        // A catch-up from far back is many pages: requests are answered between them.
        await yieldToIo();
      } catch {
        if (stopped) return;
        await pause(Math.min(FIRST_BACKOFF_MS * 2 ** failures++, MAX_BACKOFF_MS));
      }
    }
  };
  const done = run();

  return {
    unsubscribe: async () => {
      stopped = true;
      interrupt();
      await done;
    },
  };
}

/** The followers of one store instance: woken after each committed append, stopped when the store closes. */
export class LogFollowers {
  private wake = deferred();
  private readonly active = new Set<Subscription>();

  constructor(private readonly readAll: ReadAll) {}

  private notifying = false;

  /**
   * Call after an append has committed. The followers are woken in the next turn of the event loop, so the
   * appenders' answers, queued as promise reactions by the same commit, go out first.
   */
  notify(): void {
    if (this.notifying) return;
    this.notifying = true;
    setImmediate(() => {
      this.notifying = false;
      const current = this.wake;
      this.wake = deferred();
      current.resolve();
    });
  }

  follow(after: number, handler: SubscriptionHandler): Subscription {
    const inner = followLog(this.readAll, () => this.wake.promise, after, handler);
    const subscription: Subscription = {
      unsubscribe: async () => {
        this.active.delete(subscription);
        await inner.unsubscribe();
      },
    };
    this.active.add(subscription);
    return subscription;
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.active].map((subscription) => subscription.unsubscribe()));
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
