import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { CONFIG, Config } from '../config/config';
import { Metrics } from '../observability/metrics';
import { Targets } from './target';
import { retryAt, signature } from './watch';
import { Delivery, WatchStore } from './watch-store';

/** How long a receiver has to answer a delivery. */
const TIMEOUT_MS = 10_000;
/** Deliveries in flight at once, each to its own watch: a watch's go one at a time, in order. */
const PARALLEL = 16;

/**
 * Sends the queued deliveries: each watch's one at a time, in order, retried with exponential backoff for a
 * day and then dead-lettered. A delivery is marked delivered only once its receiver answered 2xx: a crash
 * in between sends it again after the restart (at least once). Receivers tell repeats by X-Chancery-Delivery.
 */
@Injectable()
export class Courier implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger('Watches');
  private readonly targets: Targets;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly watches: WatchStore,
    @Inject(CONFIG) private readonly config: Config,
    private readonly metrics: Metrics,
  ) {
    this.targets = new Targets(config.watchAllowedHosts);
  }

  onApplicationBootstrap() {
    this.wake();
  }

  async beforeApplicationShutdown() {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** There may be something to send now. */
  wake(): void {
    if (this.stopped || this.running) return;
    clearTimeout(this.timer);
    this.running = this.run()
      .catch((e: unknown) => this.log.error(`deliveries stopped: ${String(e)}`))
      .finally(() => {
        this.running = undefined;
        this.schedule();
      });
  }

  private async run() {
    for (let due = this.watches.due(Date.now(), PARALLEL); due.length && !this.stopped;) {
      await Promise.all(due.map((d) => this.send(d)));
      due = this.watches.due(Date.now(), PARALLEL);
    }
  }

  private schedule() {
    const at = this.watches.nextDue();
    if (at === undefined || this.stopped) return;
    this.timer = setTimeout(() => this.wake(), Math.max(0, at - Date.now()));
  }

  private async send(d: Delivery) {
    const watch = this.watches.watch(d.watchId);
    if (!watch) return;
    const headers = {
      'x-chancery-delivery': d.id,
      'x-chancery-watch': watch.id,
      'x-chancery-signature': signature(watch.secret, d.body),
      'user-agent': 'Chancery-Watch/1',
    };
    let error: string;
    try {
      const status = await this.targets.post(watch.url, d.body, headers, TIMEOUT_MS);
      if (status >= 200 && status < 300) {
        this.metrics.watchDeliveries.inc({ outcome: 'delivered' });
        return this.watches.delivered(d.id, Date.now());
      }
      error = `the receiver answered ${status}`;
    } catch (e) {
      error = (e as Error).message;
    }
    const now = Date.now();
    const next = retryAt(d.attempts + 1, d.firstAttemptAt ?? now, now, this.config.watchRetryMs);
    this.watches.failed(d.id, now, error, next);
    this.metrics.watchDeliveries.inc({ outcome: next === undefined ? 'dead' : 'failed' });
    if (next === undefined) this.log.warn(`delivery ${d.id} of watch ${watch.id} given up after a day: ${error}`);
  }
}
