import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Context } from '../config';
import type { CannonResult, CannonSpec } from '../lib/cannon';
import { runChild } from '../lib/child';
import { actionBodies } from '../lib/data';
import { startBareFastify } from '../lib/bare-fastify';
import { ratioAtLeast } from '../lib/report';
import { startService } from '../lib/service';

const CANNON = join(__dirname, '..', 'lib', 'cannon.ts');
const WRITE = '/v1/events';
const DRY_RUN = '/v1/events?dryRun=true';

/**
 * (2) POST /v1/events at 1, 16 and 64 concurrent clients (autocannon, in its own process), each
 * beside the same service answering the same bodies as a dry run (validated, not written), and
 * at 64 clients beside the raw durable single-append limit measured in (1). The dry run itself beside
 * a bare Fastify route answering the same bodies (lib/bare-fastify.ts): what the service's pipeline costs
 * over the framework's floor, a ratio that holds on a shared machine where absolute rates do not.
 */
export async function http(ctx: Context): Promise<void> {
  const { report, size } = ctx;
  const bodiesFile = join(ctx.work, 'http-bodies.json');
  writeFileSync(bodiesFile, JSON.stringify(actionBodies(20_000).map((b) => JSON.stringify(b))));
  const service = await startService(join(ctx.work, 'http'));
  const bare = await startBareFastify();
  const spec = (path: string, connections: number, seconds = size.httpSeconds, url = service.url): CannonSpec => ({
    url,
    path,
    connections,
    seconds,
    bodiesFile,
  });
  // Writes and dry runs alternate which goes first, so neither always runs on the other's leftovers; the bare
  // route runs between them.
  const order = size.httpClients.map((c, i) => {
    const [first, second] = i % 2 ? [spec(DRY_RUN, c), spec(WRITE, c)] : [spec(WRITE, c), spec(DRY_RUN, c)];
    return [first, spec(DRY_RUN, c, size.httpSeconds, bare.url), second];
  });
  const warmUp = size.name === 'full' ? [spec(WRITE, 16, 2), spec(DRY_RUN, 16, 2, bare.url)] : [];
  let results: CannonResult[];
  try {
    results = (
      JSON.parse(await runChild([CANNON, JSON.stringify([...warmUp, ...order.flat()])])) as CannonResult[]
    ).slice(warmUp.length);
  } finally {
    await Promise.all([service.stop(), bare.stop()]);
  }

  size.httpClients.forEach((c, i) => {
    const clients = `${c} client${c === 1 ? '' : 's'}`;
    const [first, floor, second] = results.slice(3 * i, 3 * i + 3);
    const [w, dry] = i % 2 ? [second, first] : [first, second];
    if (w.non2xx + w.errors + dry.non2xx + dry.errors) {
      report.note(
        `at ${clients}: ${w.non2xx} non-2xx and ${w.errors} errors writing, ${dry.non2xx + dry.errors} in the dry run`,
      );
    }
    report.add(
      '2',
      `HTTP appends, ${clients}`,
      w.rate,
      'req/s',
      { name: 'dry-run POST', value: dry.rate },
      ratioAtLeast(0.7),
    );
    report.add('2', `  dry-run POST, ${clients}`, dry.rate, 'req/s', { name: 'bare Fastify route', value: floor.rate });
    if (c === 64 && ctx.measured.rawSingleAppend) {
      const raw = { name: 'raw durable single appends (1)', value: ctx.measured.rawSingleAppend };
      report.add('2', 'HTTP appends, 64 clients', w.rate, 'req/s', raw, ratioAtLeast(1));
    }
    // autocannon counts whole milliseconds: a dry-run p50 of 0 means under 1 ms.
    report.add('2', `  p50 latency, ${clients}`, w.p50, 'ms', { name: 'dry run p50', value: dry.p50 });
    report.add('2', `  p99 latency, ${clients}`, w.p99, 'ms', { name: 'dry run p99', value: dry.p99 });
  });
}
