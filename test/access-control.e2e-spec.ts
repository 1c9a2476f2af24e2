import { ConfigError, loadConfig } from '../src/config/config';
import { action, bearer, expectError, expectStatus, useApp } from './support/ledger';

const READER = 'reader-token-0123456789abcdef';
const WRITER = 'writer-token-0123456789abcdef';
const ADMIN = 'admin-token-fedcba9876543210';
const TOKENS = `reader:${READER},writer:${WRITER},admin:${ADMIN}`;

const READS = [
  '/v1/relations/JP/RU',
  '/v1/relations/JP/RU/timeline',
  '/v1/countries/RU/relations',
  '/v1/events?after=0',
  '/v1/event-types',
  '/v1/projections',
];

describe('READ_ACCESS=token: every read needs a token of any role', () => {
  const app = useApp({ API_TOKENS: TOKENS, READ_ACCESS: 'token' });

  it('reads without a token, or with a wrong one → 401', async () => {
    for (const path of READS) {
      expectError(await app.h.call('GET', path), 401, 'Bearer');
      expectError(await app.h.call('GET', path, undefined, bearer('not-a-known-token-at-all-xyz')), 401);
    }
  });

  it('reads with a reader, writer or admin token → 200', async () => {
    for (const token of [READER, WRITER, ADMIN]) {
      for (const path of READS) expectStatus(await app.h.call('GET', path, undefined, bearer(token)), 200, path);
    }
  });

  it('the health check stays open, for probes that carry no token, and tells them nothing of the log', async () => {
    expectStatus(await app.h.call('POST', '/v1/events', action(), bearer(WRITER)), 201);
    // Once it listed the projection's checkpoint: the number of events in the log.
    expect(expectStatus(await app.h.call('GET', '/health'), 200).body).toEqual({ status: 'ok' });
  });

  it('a reader may not write (403) and records nothing; a writer may', async () => {
    const logLength = async () =>
      (await app.h.call('GET', '/v1/events?after=0&limit=1000', undefined, bearer(READER))).body.events.length;
    const before = await logLength();
    expectError(await app.h.call('POST', '/v1/events', action(), bearer(READER)), 403, 'writer role', 'reader');
    expectError(await app.h.call('POST', '/v1/events/batch', { events: [action()] }, bearer(READER)), 403);
    expectError(await app.h.call('GET', '/v1/admin/integrity', undefined, bearer(READER)), 403, 'admin role');
    expect(await logLength()).toBe(before);
    expectStatus(await app.h.call('POST', '/v1/events', action(), bearer(WRITER)), 201);
  });
});

describe('by default reads are open; a reader token only reads', () => {
  const app = useApp({ API_TOKENS: TOKENS });

  it('reads need no token', async () => {
    for (const path of READS) expectStatus(await app.h.call('GET', path), 200, path);
  });

  it('writes with a reader token → 403', async () => {
    expectError(await app.h.call('POST', '/v1/events', action(), bearer(READER)), 403, 'writer role');
  });
});

describe('security headers and CORS', () => {
  const app = useApp();

  it('every answer carries helmet’s headers: JSON, errors and the docs', async () => {
    for (const path of ['/v1/event-types', '/v1/relations/JP/XX', '/no/such/route', '/docs']) {
      const res = await app.h.call('GET', path);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(res.headers.get('content-security-policy')).not.toContain('upgrade-insecure-requests');
      // Over plain HTTP, Strict-Transport-Security means nothing (RFC 6797 §8.1): it is not sent.
      expect(res.headers.get('strict-transport-security')).toBeNull();
    }
  });

  it('CORS is off by default: no Access-Control-Allow-Origin, not even for a preflight', async () => {
    const origin = { origin: 'https://news.example' };
    expect(
      (await app.h.call('GET', '/v1/event-types', undefined, origin)).headers.get('access-control-allow-origin'),
    ).toBeNull();
    const preflight = await app.h.call('OPTIONS', '/v1/events', undefined, {
      ...origin,
      'access-control-request-method': 'POST',
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('CORS_ORIGINS', () => {
  const app = useApp({ CORS_ORIGINS: 'https://news.example, https://research.example:8443' });

  it('answers the origins it names, preflights included, and no other', async () => {
    const preflight = await app.h.call('OPTIONS', '/v1/events', undefined, {
      origin: 'https://research.example:8443',
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization, content-type',
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://research.example:8443');
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    const get = await app.h.call('GET', '/v1/event-types', undefined, { origin: 'https://news.example' });
    expect(get.headers.get('access-control-allow-origin')).toBe('https://news.example');
    const other = await app.h.call('GET', '/v1/event-types', undefined, { origin: 'https://evil.example' });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('bounded input', () => {
  const app = useApp();

  it('a URL over 2048 characters → 414, before any parsing', async () => {
    const res = await app.h.call('GET', `/v1/relations/JP/RU?asOf=${'9'.repeat(2100)}`);
    expectError(res, 414, '2048');
  });

  it('a path parameter over 64 characters matches no route → 404', async () => {
    expectError(await app.h.call('GET', `/v1/relations/${'X'.repeat(65)}/RU`), 404);
    expectError(await app.h.call('GET', `/v1/events/${'a'.repeat(65)}`), 404);
  });

  it('a JSON body nested 5,000 levels deep → 400, not a stack overflow', async () => {
    const body = `{"events":[{"details":${'['.repeat(5000)}${']'.repeat(5000)}}]}`;
    expectError(await app.h.call('POST', '/v1/events/batch', body), 400, 'nests deeper than 32 levels');
    expectStatus(await app.h.call('GET', '/health'), 200);
  });

  it('a repeated query parameter is a 400 naming it, not a crash', async () => {
    expectError(await app.h.call('GET', '/v1/relations/JP/RU?asOf=2022-01-01&asOf=2022-02-01'), 400, 'asOf');
  });
});

describe('configuration of access', () => {
  const error = (env: Record<string, string>) => {
    try {
      loadConfig({ DATA_DIR: '/tmp/chancery-config-test', ...env });
    } catch (e) {
      return e as Error;
    }
    throw new Error(`loadConfig(${JSON.stringify(env)}) did not throw`);
  };

  it('the defaults: reads open, CORS off', () => {
    const config = loadConfig({ DATA_DIR: '/tmp/chancery-config-test' });
    expect(config.readsNeedToken).toBe(false);
    expect(config.corsOrigins).toEqual([]);
  });

  it('PUBLIC_HOSTNAMES, TRUST_PROXY and REQUEST_TIMEOUT', () => {
    const config = loadConfig({
      DATA_DIR: '/tmp/x',
      PUBLIC_HOSTNAMES: 'Ledger.example.org, api.example.org',
      TRUST_PROXY: '10.0.0.0/8, loopback, ::1',
      REQUEST_TIMEOUT: '30',
    });
    expect(config.publicHostnames).toEqual(['ledger.example.org', 'api.example.org']);
    expect(config.trustProxy).toEqual(['10.0.0.0/8', 'loopback', '::1']);
    expect(config.requestTimeoutMs).toBe(30_000);
    expect(loadConfig({ DATA_DIR: '/tmp/x', TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ DATA_DIR: '/tmp/x' })).toMatchObject({ trustProxy: false, requestTimeoutMs: 60_000 });
  });

  it('reader is a role of API_TOKENS', () => {
    const config = loadConfig({ DATA_DIR: '/tmp/x', API_TOKENS: TOKENS, READ_ACCESS: 'token' });
    expect([...config.tokens.values()].map((p) => p.role).sort()).toEqual(['admin', 'reader', 'writer']);
    expect(config.readsNeedToken).toBe(true);
  });

  it.each<[Record<string, string>, string]>([
    [{ READ_ACCESS: 'closed' }, 'READ_ACCESS must be open or token'],
    [{ READ_ACCESS: 'token' }, 'READ_ACCESS=token needs API_TOKENS'],
    [{ CORS_ORIGINS: 'news.example' }, 'CORS_ORIGINS'],
    [{ CORS_ORIGINS: 'https://news.example/path' }, 'CORS_ORIGINS'],
    [{ PUBLIC_HOSTNAMES: 'https://ledger.example.org' }, 'PUBLIC_HOSTNAMES'],
    [{ PUBLIC_HOSTNAMES: 'ledger.example.org:443' }, 'PUBLIC_HOSTNAMES'],
    [{ TRUST_PROXY: 'true' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '10.0.0.0/8, proxy.example' }, 'TRUST_PROXY'],
    [{ REQUEST_TIMEOUT: '0' }, 'REQUEST_TIMEOUT'],
  ])('%j: a one-line ConfigError', (env, message) => {
    const e = error(env);
    expect(e).toBeInstanceOf(ConfigError);
    expect(e.message).toContain(message);
    expect(e.message).not.toContain('\n');
  });
});
