import fc from 'fast-check';
import { EVENT_STORE, EventStore } from '../src/event-store/event-store.port';
import { removeDir, RunningApp, startApp } from './support/app';
import { body, query, segment } from './support/hostile-input';
import { action, expectStatus, record, uuid } from './support/ledger';
import { describeSqlite } from './support/sqlite-only';

/**
 * Thousands of random and mutated requests to every endpoint. Whatever comes in: never a 5xx, never a
 * stack trace or a source path, a JSON error for every 4xx, no change to the log from a rejected request,
 * and the service still answers afterwards. Seeded, so a failure replays (FUZZ_SEED to vary it).
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20260307);
const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);

const LEAK = /\n\s+at |node_modules|"stack"|\/work\/|\/src\/[\w/-]+\.[jt]s/;

type Request = { method: string; path: string; body?: string; contentType?: string };

describeSqlite('hostile input', () => {
  let h: RunningApp;
  let store: EventStore;
  let known: string;
  const statuses = new Map<number, number>();

  beforeAll(async () => {
    h = await startApp();
    store = h.app.get<EventStore>(EVENT_STORE);
    known = (await record(h, action({ type: 'SanctionsImposed', actor: 'JP', target: 'RU' }))).eventId;
  });
  afterAll(async () => {
    const total = [...statuses.values()].reduce((a, b) => a + b, 0);
    console.log(
      `hostile input (FUZZ_SEED=${SEED}): ${total} requests, by status ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
    await h.close();
    removeDir(h.dataDir);
  });

  /** Sends one request and checks everything that must hold, whatever the request. */
  async function survives(req: Request): Promise<void> {
    const before = await store.headPosition();
    const res = await fetch(h.url + req.path, {
      method: req.method,
      headers: { 'content-type': req.contentType ?? 'application/json' },
      body: req.body,
      signal: AbortSignal.timeout(10_000),
    });
    // The live feed never ends by itself: its headers are the answer.
    const text = res.headers.get('content-type')?.startsWith('text/event-stream')
      ? (await res.body?.cancel(), '')
      : await res.text();
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    const where = `${req.method} ${req.path.slice(0, 300)} ${req.body?.slice(0, 300) ?? ''} → ${res.status} ${text.slice(0, 500)}`;
    expect({ where, serverError: res.status >= 500 }).toEqual({ where, serverError: false });
    expect({ where, leak: LEAK.test(text) }).toEqual({ where, leak: false });
    if (res.status >= 400) {
      expect({ where, body: JSON.parse(text) as unknown }).toEqual({
        where,
        body: expect.objectContaining({
          statusCode: res.status,
          error: expect.any(String),
          message: expect.any(String),
        }),
      });
      expect({ where, head: await store.headPosition() }).toEqual({ where, head: before });
    }
  }

  /** A failure reports the check that failed (its request cut short), not a counterexample of megabytes. */
  const run = (property: fc.IAsyncProperty<[Request]>, numRuns: number) =>
    fc.assert(property, {
      seed: SEED,
      numRuns,
      endOnFailure: true,
      reporter: (r) => {
        if (r.failed) throw new Error(`seed ${r.seed}, run ${r.numRuns}: ${String(r.errorInstance)}`);
      },
    });

  it('random and mutated bodies to every write', async () => {
    const eventId = fc.oneof(fc.constant(known), fc.constant(uuid()), segment);
    const request = fc.oneof(
      body.map((b) => ({ method: 'POST', path: '/v1/events', body: b })),
      body.map((b) => ({ method: 'POST', path: '/v1/events/batch', body: b })),
      fc.tuple(eventId, body, fc.constantFrom('retraction', 'correction')).map(([id, b, what]) => ({
        method: 'POST',
        path: `/v1/events/${id}/${what}`,
        body: b,
      })),
      fc
        .tuple(
          fc.constantFrom('/v1/events', '/v1/events/batch'),
          body,
          fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=utf-16'),
        )
        .map(([path, b, contentType]) => ({ method: 'POST', path, body: b, contentType })),
    );
    await run(fc.asyncProperty(request, survives), RUNS);
  }, 600_000);

  it('random paths and query strings to every read, and to the admin endpoints', async () => {
    const request = fc.oneof(
      fc
        .tuple(segment, segment, fc.constantFrom('', '/timeline', '/changes', '/index'), query)
        .map(([a, b, tail, q]) => ({
          method: 'GET',
          path: `/v1/relations/${a}/${b}${tail}${q}`,
        })),
      fc.tuple(segment, query).map(([c, q]) => ({ method: 'GET', path: `/v1/countries/${c}/relations${q}` })),
      fc
        .tuple(fc.oneof(fc.constant(known), segment), query)
        .map(([id, q]) => ({ method: 'GET', path: `/v1/events/${id}${q}` })),
      fc
        .tuple(
          fc.constantFrom(
            '/v1/events',
            '/v1/events/live',
            '/v1/event-types',
            '/v1/parties',
            '/v1/projections',
            '/v1/admin/integrity',
            '/health',
          ),
          query,
        )
        .map(([path, q]) => ({ method: 'GET', path: `${path}${q}` })),
      fc
        .tuple(
          fc.constantFrom('/v1/projections/rebuild', '/v1/events', '/v1/relations/JP/RU'),
          fc.constantFrom('PUT', 'DELETE', 'PATCH', 'POST'),
        )
        .map(([path, method]) => ({ method, path, body: method === 'DELETE' ? undefined : '{}' })),
      fc
        .array(segment, { minLength: 1, maxLength: 6 })
        .map((parts) => ({ method: 'GET', path: `/${parts.join('/')}` })),
    );
    await run(fc.asyncProperty(request, survives), RUNS);
  }, 600_000);

  it('afterwards the service still answers, its log intact and its read models caught up', async () => {
    expectStatus(await h.call('GET', '/health'), 200);
    expectStatus(await h.call('GET', '/v1/relations/JP/RU'), 200);
    expect(expectStatus(await h.call('GET', '/v1/admin/integrity'), 200).body).toMatchObject({ ok: true });
    expect(await record(h, action({ type: 'ProtestLodged', actor: 'JP', target: 'RU' }))).toMatchObject({
      pair: ['JP', 'RU'],
    });
  });

  it('text is stored as given: markup in a summary comes back as the same characters, in JSON', async () => {
    const summary = '<img src=x onerror="alert(1)"><script>alert(2)</script> & "quotes" \u202e';
    const { eventId } = await record(h, action({ type: 'ProtestLodged', summary }));
    const res = expectStatus(await h.call('GET', `/v1/events/${eventId}`), 200);
    expect(res.body.summary).toBe(summary);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
