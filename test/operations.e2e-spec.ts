import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeDir } from './support/app';
import { freePort } from './support/free-port';
import { bearer, expectStatus, uuid } from './support/ledger';
import { client } from './support/app';
import { ServiceProcess, startService } from './support/process';

const WRITER = 'writer-token-0123456789';
const ADMIN = 'admin-token-0123456789';
const SECRET = 'A-SUMMARY-NOBODY-SHOULD-SEE-IN-LOGS';

const withoutUrl = ({ CHANCERY_URL: _, ...env }: NodeJS.ProcessEnv) => env;

// Logs and metrics are the process's, whatever the store: once, on the default one.
const describeOnce = process.env.E2E_EVENT_STORE === 'eventstoredb' ? describe.skip : describe;

describeOnce('operations: the built service, as an operator runs it', () => {
  let service: ServiceProcess;
  let metricsPort: number;
  const dataDir = mkdtempSync(join(tmpdir(), 'chancery-ops-'));
  const call = (...args: Parameters<ReturnType<typeof client>>) => client(service.url)(...args);
  const lines = () =>
    service
      .output()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, any>);
  const completed = (id: string) => lines().find((l) => l.msg === 'request completed' && l.req?.id === id);

  beforeAll(async () => {
    metricsPort = await freePort();
    service = await startService(dataDir, {
      LOG_LEVEL: 'log',
      LOG_FORMAT: 'json',
      API_TOKENS: `writer:${WRITER},admin:${ADMIN}`,
      METRICS_PORT: String(metricsPort),
    });
  }, 30_000);

  afterAll(async () => {
    service?.child.kill('SIGTERM');
    await service?.exited;
    removeDir(dataDir);
  });

  describe('logs', () => {
    it('writes one JSON line per request: its id (the client’s, returned), route, principal, status and duration', async () => {
      const action = { type: 'ProtestLodged', actor: 'JP', target: 'RU', occurredAt: '2022-01-01', summary: SECRET };
      const res = await call(
        'POST',
        '/v1/events',
        { ...action, eventId: uuid() },
        {
          ...bearer(WRITER),
          'x-request-id': 'newsroom-42',
        },
      );
      expectStatus(res, 201);
      expect(res.headers.get('x-request-id')).toBe('newsroom-42');
      await new Promise((r) => setTimeout(r, 200));
      expect(completed('newsroom-42')).toMatchObject({
        level: 30,
        req: { id: 'newsroom-42', method: 'POST', url: '/v1/events' },
        route: '/v1/events',
        principal: expect.stringMatching(/^writer:[0-9a-f]{8}$/),
        res: { status: 201 },
        durationMs: expect.any(Number),
      });
    });

    it('gives a request without a usable X-Request-Id one of its own', async () => {
      const res = await call('GET', '/v1/relations/JP/RU', undefined, { 'x-request-id': 'has spaces; and more' });
      const id = res.headers.get('x-request-id')!;
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      await new Promise((r) => setTimeout(r, 200));
      expect(completed(id)).toMatchObject({ route: '/v1/relations/:a/:b', res: { status: 200 } });
    });

    it('never writes a token, a header or a body', () => {
      const text = service.output();
      for (const secret of [WRITER, ADMIN, SECRET, 'authorization', 'Bearer']) expect(text).not.toContain(secret);
    });
  });

  describe('metrics', () => {
    it('GET /metrics is for admins: a writer is refused, an admin gets the Prometheus text', async () => {
      expectStatus(await call('GET', '/metrics', undefined, bearer(WRITER)), 403);
      const res = expectStatus(await call('GET', '/metrics', undefined, bearer(ADMIN)), 200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(res.text).toMatch(
        /chancery_http_request_duration_seconds_count\{method="POST",route="\/v1\/events",status="201"\} 1/,
      );
      expect(res.text).toMatch(/chancery_event_store_append_duration_seconds_count 1/);
      expect(res.text).toMatch(/chancery_sqlite_group_commit_appends_count 1/);
      expect(res.text).toMatch(/chancery_projection_lag_events\{projection="relations"\} 0/);
      expect(res.text).toMatch(/chancery_process_resident_memory_bytes \d+/);
    });

    it('counts failed store calls by kind, and open live feeds', async () => {
      const stale = { type: 'ProtestLodged', actor: 'JP', target: 'RU', occurredAt: '2022-01-02', expectedRevision: 7 };
      expectStatus(await call('POST', '/v1/events', stale, bearer(WRITER)), 409);
      const feed = new AbortController();
      const live = await fetch(`${service.url}/v1/events/live?after=0`, { signal: feed.signal });
      const scrape = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
      feed.abort();
      void live.body?.cancel().catch(() => undefined);
      expect(scrape).toMatch(
        /chancery_event_store_errors_total\{operation="append",kind="wrong-expected-revision"\} 1/,
      );
      expect(scrape).toMatch(/chancery_live_feed_connections 1/);
    });

    it('has every metric the Grafana dashboard in docs/ charts', async () => {
      const dashboard = readFileSync(join(__dirname, '..', 'docs', 'grafana-dashboard.json'), 'utf8');
      const charted = new Set(
        [...dashboard.matchAll(/chancery_[a-z_]+/g)].map(([m]) => m.replace(/_(bucket|count|sum)$/, '')),
      );
      const scrape = expectStatus(await call('GET', '/metrics', undefined, bearer(ADMIN)), 200).text;
      expect(charted.size).toBeGreaterThan(5);
      for (const name of charted) expect([name, scrape.includes(`# TYPE ${name} `)]).toEqual([name, true]);
    });

    it('serves the same scrape without a token on METRICS_PORT, and nothing else there', async () => {
      const res = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
      expect(res.status).toBe(200);
      expect(await res.text()).toMatch(/chancery_http_request_duration_seconds_bucket/);
      expect((await fetch(`http://127.0.0.1:${metricsPort}/v1/events`)).status).toBe(404);
    });
  });
  describe('starting and seeding', () => {
    it('says where the web page and the OpenAPI document are', () => {
      expect(lines().map((l) => l.msg)).toContainEqual(
        `the web page: ${service.url}/ · the API's OpenAPI: ${service.url}/docs`,
      );
    });

    it('npm run seed posts every example to the PORT and HOST the service was started with', async () => {
      const { port, hostname } = new URL(service.url);
      const seed = spawnSync(process.execPath, [join(__dirname, '..', 'scripts', 'load-examples.mjs')], {
        env: { ...withoutUrl(process.env), PORT: port, HOST: hostname, CHANCERY_TOKEN: WRITER },
        encoding: 'utf8',
      });
      expect([seed.status, seed.stderr]).toEqual([0, '']);
      const dir = join(__dirname, '..', 'examples');
      const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
      const { events } = expectStatus(await call('GET', '/v1/events?limit=1000'), 200).body;
      for (const f of files) {
        const ids = (JSON.parse(readFileSync(join(dir, f), 'utf8')) as { events: { eventId: string }[] }).events;
        expect(ids.length).toBeGreaterThan(0);
        const logged = new Set(events.map((e: { eventId: string }) => e.eventId));
        expect([f, ids.every((e) => logged.has(e.eventId))]).toEqual([f, true]);
      }
    });
  });
});
