/**
 * What long reads cost the service's other requests: a log of 30,000 events, 60 live feeds catching up from the
 * start and 3 full NDJSON exports at once, while GET /health and a state query are asked in turn, one after the
 * other; their latency percentiles, and how long the long reads took. (The figure in docs/RELIABILITY.md §8.)
 *
 *   npm run build && npm run bench:long-reads -- [events, 30000] [live feeds, 60] [exports, 3] [--build DIR]
 *
 * `--build DIR` runs the service of another build (DIR/dist, with node_modules beside it): an earlier commit's,
 * for a before and after. Not a test: nothing here fails on a figure (test/long-reads.e2e-spec.ts bounds it).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fillLog, underLongReads } from '../test/support/long-reads';
import { appDir, snapshotBuild } from './lib/product';
import { startService } from './lib/service';
import { machineLoad, quantile } from './lib/stats';

async function main() {
  const args = process.argv.slice(2);
  const at = args.indexOf('--build');
  const build = at >= 0 ? args.splice(at, 2)[1] : undefined;
  const [events, catchUps, exports] = [Number(args[0] ?? 30_000), Number(args[1] ?? 60), Number(args[2] ?? 3)];
  const work = mkdtempSync(join(tmpdir(), 'chancery-long-reads-'));
  try {
    if (!build) await snapshotBuild(work);
    const service = await startService(join(work, 'data'), 600_000, build ?? appDir());
    try {
      await fillLog(service.url, events);
      while ((await fetch(`${service.url}/health`)).status !== 200) await new Promise((r) => setTimeout(r, 100));
      console.log(`${events} events; ${catchUps} live feeds from the start and ${exports} exports; ${machineLoad()}`);
      const r = await underLongReads(service.url, { events, catchUps, exports, pair: 'RU/UA' });
      const row = (name: string, xs: number[]) =>
        `| ${name} | ${xs.length} | ${[0.5, 0.9, 0.99].map((q) => quantile(xs, q).toFixed(0)).join(' | ')} | ${Math.max(...xs).toFixed(0)} |`;
      console.log(
        [
          `long reads done in ${r.seconds.toFixed(1)} s (each delivered ${r.delivered.catchUps[0]} events)`,
          '',
          '| request | answered | p50 ms | p90 ms | p99 ms | max ms |',
          '|---|---|---|---|---|---|',
          row('GET /health', r.health),
          row('GET /v1/relations/RU/UA', r.state),
        ].join('\n'),
      );
    } finally {
      await service.stop();
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
