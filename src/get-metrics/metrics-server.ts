import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { createServer, Server } from 'node:http';
import { once } from 'node:events';
import { CONFIG, Config } from '../config/config';
import { Metrics } from '../observability/metrics';
import { Projector } from '../projections/projector';

/**
 * With METRICS_PORT, the scrape is also served on a port of its own, without a token: for a Prometheus
 * inside the network, with the port kept off the public interface. Also registers the gauges read from
 * the projector when scraped.
 */
@Injectable()
export class MetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private server?: Server;

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    private readonly metrics: Metrics,
    projector: Projector,
  ) {
    const projections = () => projector.status();
    metrics.gauge(
      'chancery_projection_lag_events',
      'Events in the log not yet in the read models',
      ['projection'],
      async (g) => {
        for (const p of await projections()) g.set({ projection: p.name }, p.lag);
      },
    );
    metrics.gauge(
      'chancery_projection_checkpoint',
      'The last log position in the read models',
      ['projection'],
      async (g) => {
        for (const p of await projections()) g.set({ projection: p.name }, p.checkpoint);
      },
    );
    metrics.gauge(
      'chancery_rebuild_progress_events',
      "The running or last rebuild's events replayed, and its total",
      ['projection', 'of'],
      async (g) => {
        for (const p of await projections()) {
          if (!p.rebuild) continue;
          g.set({ projection: p.name, of: 'processed' }, p.rebuild.processed);
          g.set({ projection: p.name, of: 'total' }, p.rebuild.total);
        }
      },
    );
  }

  async onApplicationBootstrap() {
    const port = this.config.metricsPort;
    if (port === undefined) return;
    this.server = createServer((req, res) => {
      if (req.method !== 'GET' || req.url !== '/metrics') return void res.writeHead(404).end();
      this.metrics.registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': this.metrics.registry.contentType }).end(text),
        (e: Error) => res.writeHead(500).end(e.message),
      );
    });
    this.server.listen(port, this.config.host);
    await once(this.server, 'listening');
    new Logger('Metrics').log(`metrics on http://${this.config.host}:${port}/metrics`);
  }

  async onApplicationShutdown() {
    if (!this.server) return;
    this.server.close();
    await once(this.server, 'close');
  }
}
