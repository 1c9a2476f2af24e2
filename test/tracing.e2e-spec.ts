import { createServer, Server } from 'node:http';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { client, removeDir } from './support/app';
import { expectStatus, uuid } from './support/ledger';
import { ServiceProcess, startService } from './support/process';

interface Span {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  links?: { traceId: string; spanId: string }[];
}

/** An OTLP/HTTP collector on loopback: keeps the spans the service exports (JSON, gzipped, as the -http exporter sends). */
async function collector() {
  const spans: Span[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (d: Buffer) => chunks.push(d));
    req.on('end', () => {
      try {
        const raw = Buffer.concat(chunks);
        const body = req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
        const sent = JSON.parse(body.toString()) as { resourceSpans: { scopeSpans: { spans: Span[] }[] }[] };
        for (const r of sent.resourceSpans) for (const s of r.scopeSpans) spans.push(...s.spans);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      } catch {
        // An export the exporter gave up on half-way (its timeout, on a loaded machine): it sends it again.
        res.writeHead(400).end();
      }
    });
  }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return { spans, url: `http://127.0.0.1:${port}`, close: () => server.close() };
}

// Tracing is the process's, whatever the store: once, on the default one.
const describeOnce = process.env.E2E_EVENT_STORE === 'eventstoredb' ? describe.skip : describe;

describeOnce('traces: OpenTelemetry, when OTEL_EXPORTER_OTLP_ENDPOINT is set', () => {
  let service: ServiceProcess;
  let otlp: Awaited<ReturnType<typeof collector>>;
  const dataDir = mkdtempSync(join(tmpdir(), 'chancery-otel-'));

  beforeAll(async () => {
    otlp = await collector();
    service = await startService(dataDir, { OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url, OTEL_BSP_SCHEDULE_DELAY: '100' });
  }, 30_000);

  afterAll(async () => {
    service?.child.kill('SIGTERM');
    await service?.exited;
    otlp?.close();
    removeDir(dataDir);
  });

  it('spans a write from the request through the decision and the append to its projection', async () => {
    const body = { type: 'ProtestLodged', actor: 'JP', target: 'RU', occurredAt: '2022-01-01', eventId: uuid() };
    expectStatus(await client(service.url)('POST', '/v1/events', body), 201);
    const find = (name: string) => otlp.spans.find((s) => s.name === name);
    for (let i = 0; i < 100 && !find('chancery.project'); i++) await new Promise((r) => setTimeout(r, 100));

    const decide = find('chancery.decide')!;
    const append = find('chancery.append')!;
    const project = find('chancery.project')!;
    expect([decide, append, project].every(Boolean)).toBe(true);
    // Both steps of the write belong to the request's trace (its HTTP server span), under its handler.
    expect(find('POST /v1/events')?.traceId).toBe(decide.traceId);
    expect(otlp.spans.find((s) => s.spanId === decide.parentSpanId)?.traceId).toBe(decide.traceId);
    expect(append.traceId).toBe(decide.traceId);
    // The projection runs after the answer, for a page of writes: it links back to the append.
    expect(project.links).toEqual([expect.objectContaining({ traceId: append.traceId, spanId: append.spanId })]);
  });
});
