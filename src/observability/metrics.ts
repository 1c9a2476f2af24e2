import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

const SECONDS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const COUNTS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000, 10000];

/**
 * The service's Prometheus metrics (prom-client), in a registry of its own so that several apps in one
 * process (the tests) do not collide. Values that already live elsewhere (projection lag, live-feed
 * connections) are read when scraped, through `gauge`, not copied on every change.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  readonly httpRequests = new Histogram({
    name: 'chancery_http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: SECONDS,
    registers: [this.registry],
  });

  readonly appends = new Histogram({
    name: 'chancery_event_store_append_duration_seconds',
    help: 'Appends to the event store, from the call to the durable answer',
    buckets: SECONDS,
    registers: [this.registry],
  });

  readonly appendedEvents = new Histogram({
    name: 'chancery_event_store_append_events',
    help: 'Events written by one append (a batch is one append)',
    buckets: COUNTS,
    registers: [this.registry],
  });

  readonly storeErrors = new Counter({
    name: 'chancery_event_store_errors_total',
    help: 'Event store calls that failed, by operation and kind',
    labelNames: ['operation', 'kind'] as const,
    registers: [this.registry],
  });

  readonly commitSize = new Histogram({
    name: 'chancery_sqlite_group_commit_appends',
    help: 'Appends that shared one SQLite transaction and fsync (group commit)',
    buckets: COUNTS,
    registers: [this.registry],
  });

  readonly commitTime = new Histogram({
    name: 'chancery_sqlite_commit_duration_seconds',
    help: "One group commit's writes and its fsync (synchronous=FULL)",
    buckets: SECONDS,
    registers: [this.registry],
  });

  readonly watchDeliveries = new Counter({
    name: 'chancery_watch_delivery_attempts_total',
    help: 'Attempts to deliver to watches, by outcome (delivered, failed and retried later, dead after a day)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'chancery_' });
  }

  /** A gauge whose values are read when scraped: `read` sets them (one call per scrape). */
  gauge<L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    read: (g: Gauge<L>) => Promise<void> | void,
  ) {
    return new Gauge<L>({
      name,
      help,
      labelNames,
      registers: [this.registry],
      collect() {
        return read(this);
      },
    });
  }
}
