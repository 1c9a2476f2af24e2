import fc from 'fast-check';
import { EVENT_STORE, EventStore } from '../src/event-store/event-store.port';
import { removeDir, RunningApp, startApp } from './support/app';
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

const TYPES = ['SanctionsImposed', 'SanctionsLifted', 'TalksOpened', 'DiplomatsExpelled', 'ProtestLodged'];
const VALID_CODES = ['RU', 'JP', 'EU', 'US', 'CN', 'NATO'];
const CODES = [...VALID_CODES, 'XX', 'ru', '', 'RUS', '12', '%00', '..', '%2F', '<b>'];
const code = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...VALID_CODES) }, fc.constantFrom(...CODES));

/** Strings that have broken parsers before: encodings, sizes, control characters, prototype keys. */
const nasty = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '%',
    '%zz',
    '%E0%A4%A',
    '../../etc/passwd',
    '__proto__',
    'constructor',
    '<script>alert(1)</script>',
    "'; DROP TABLE events; --",
    '1e309',
    '-0',
    '9'.repeat(400),
    '2022-02-30',
    '2022-03-21T25:00:00Z',
    '0000-01-01',
    '+275760-09-13',
    'x'.repeat(5000),
  ),
);

const jsonish = fc.oneof(fc.jsonValue({ maxDepth: 3 }), nasty, fc.integer(), fc.double());

/** A valid action with up to three things changed: most make it invalid, some leave it valid. */
const mutatedAction = fc
  .tuple(
    fc.constantFrom(...TYPES),
    code,
    code,
    fc.array(
      fc.oneof(
        fc.record({
          op: fc.constant('delete'),
          key: fc.constantFrom('type', 'actor', 'target', 'occurredAt', 'details'),
        }),
        fc.record({
          op: fc.constant('set'),
          key: fc.constantFrom(
            'type',
            'actor',
            'target',
            'occurredAt',
            'details',
            'summary',
            'sources',
            'eventId',
            'expectedRevision',
          ),
          value: jsonish,
        }),
        fc.record({ op: fc.constant('set'), key: nasty, value: jsonish }),
        fc.record({
          op: fc.constant('detail'),
          key: fc.constantFrom('measures', 'track', 'count', 'sanctionsId', 'kinds'),
          value: jsonish,
        }),
      ),
      { maxLength: 3 },
    ),
  )
  .map(([type, actor, target, mutations]) => {
    const body: Record<string, unknown> = action({ type, actor, target });
    for (const m of mutations) {
      if (m.op === 'delete') delete body[m.key];
      else if (m.op === 'set') body[m.key] = m.value;
      else body.details = { ...(body.details as object), [m.key]: m.value };
    }
    return JSON.stringify(body);
  });

const deepJson = fc.integer({ min: 100, max: 20_000 }).map((n) => `{"details":${'['.repeat(n)}${']'.repeat(n)}}`);

const body = fc.oneof(
  { weight: 6, arbitrary: mutatedAction },
  { weight: 2, arbitrary: mutatedAction.map((a) => `{"events":[${a},${a}]}`) },
  { weight: 2, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: fc.string() },
  { weight: 1, arbitrary: deepJson },
  { weight: 1, arbitrary: fc.constant('{"__proto__":{"polluted":1},"type":"ProtestLodged"}') },
  { weight: 1, arbitrary: fc.constant('{"reason":"x","constructor":{"prototype":{"polluted":1}}}') },
);

const segment = fc.oneof(
  fc.constantFrom(...CODES),
  nasty.map((s) => encodeURIComponent(s)),
  nasty,
);
const query = fc
  .array(
    fc.tuple(
      fc.constantFrom('asOf', 'knownAt', 'after', 'limit', 'from', 'to', 'include', 'pair', 'country', 'dryRun', 'x'),
      fc.oneof(nasty, fc.constantFrom('0', '-1', '1001', '2022-03-21', 'lifted', 'true', 'JP,RU')),
    ),
    { maxLength: 5 },
  )
  .map((pairs) => (pairs.length ? `?${pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}` : ''));

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
