/**
 * The load generator, run as its own process (`node --import tsx bench/lib/cannon.ts <specs>`) so that
 * autocannon never shares an event loop with the harness or the service. Runs the specs one after the
 * other (one process start for all) and prints their results as one JSON line.
 */
import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';

export interface CannonSpec {
  url: string;
  path: string;
  connections: number;
  seconds: number;
  /** A JSON file holding an array of request bodies (strings), sent in turn. */
  bodiesFile: string;
}

export interface CannonResult {
  /** 2xx answers a second. */
  rate: number;
  ok: number;
  non2xx: number;
  errors: number;
  /** Latency of the 2xx answers, ms (autocannon's resolution: 1 ms). */
  p50: number;
  p99: number;
}

async function run(spec: CannonSpec): Promise<CannonResult> {
  const bodies = JSON.parse(readFileSync(spec.bodiesFile, 'utf8')) as string[];
  let next = 0;
  const result = await autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.seconds,
    // The service closes a connection after 1,000 requests (app.ts) and answers 503 to what else autocannon sent
    // on it: reconnect before that, as a client that honours `Connection: close` would.
    reconnectRate: 900,
    requests: [
      {
        method: 'POST',
        path: spec.path,
        headers: { 'content-type': 'application/json' },
        setupRequest: (req) => ({ ...req, body: bodies[next++ % bodies.length] }),
      },
    ],
  });
  const ok = result['2xx'];
  return {
    rate: ok / (result.duration || spec.seconds),
    ok,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    p50: result.latency.p50,
    p99: result.latency.p99,
  };
}

async function main() {
  const results: CannonResult[] = [];
  for (const spec of JSON.parse(process.argv[2]) as CannonSpec[]) results.push(await run(spec));
  console.log(JSON.stringify(results));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
