import { action, bearer, expectError, expectStatus, useApp, uuid } from './support/ledger';

const READER = 'reader-token-0123456789abcdef';
const randomBearer = () => bearer(`guess-${uuid()}`);

describe('RATE_LIMIT: per principal, or per address without a valid token', () => {
  const app = useApp({ RATE_LIMIT: '5', API_TOKENS: `reader:${READER}` });
  const read = (headers: Record<string, string> = {}) => app.h.call('GET', '/v1/event-types', undefined, headers);

  it('answers 429 with Retry-After past the limit, per address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await read()).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    const limited = await read();
    expectError(limited, 429, '5 requests a minute');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // The health check is for probes: never counted, never refused.
    expectStatus(await app.h.call('GET', '/health'), 200);
  });

  it('counts a valid token on its own', async () => {
    expectStatus(await read(bearer(READER)), 200);
  });

  it('an invalid token opens no fresh bucket: 40 random ones from an address at its limit get no 200 (once all 200)', async () => {
    const statuses = [];
    for (let i = 0; i < 40; i++) statuses.push((await read(randomBearer())).status);
    expect(statuses.filter((s) => s === 200)).toEqual([]);
    // Failed authentications are throttled too: 10 a minute, then the address waits, whatever token it shows.
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(new Set(statuses.slice(10))).toEqual(new Set([429]));
    expectError(await read(bearer(READER)), 429, 'failed authentications');
  });
});

describe('failed authentications are throttled without RATE_LIMIT too', () => {
  const app = useApp({ API_TOKENS: `reader:${READER}`, READ_ACCESS: 'token' });

  it('10 a minute from an address; then 429 with Retry-After, also for a valid token', async () => {
    for (let i = 0; i < 10; i++)
      expectError(await app.h.call('GET', '/v1/event-types', undefined, randomBearer()), 401);
    const blocked = await app.h.call('GET', '/v1/event-types', undefined, bearer(READER));
    expectError(blocked, 429, 'failed authentications');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(60);
  });
});

describe('TRUST_PROXY: which proxy headers to believe', () => {
  describe('unset', () => {
    const app = useApp({ RATE_LIMIT: '2' });
    const read = (ip: string) =>
      app.h.call('GET', '/v1/event-types', undefined, { 'x-forwarded-for': ip, 'x-forwarded-proto': 'https' });

    it('X-Forwarded-For is not believed: a forged address opens no fresh bucket; no HSTS for a forged https', async () => {
      expectStatus(await read('203.0.113.1'), 200);
      expect((await read('203.0.113.2')).headers.get('strict-transport-security')).toBeNull();
      expectError(await read('203.0.113.3'), 429);
    });
  });

  describe('set to the proxy in front (loopback here)', () => {
    const app = useApp({ RATE_LIMIT: '2', TRUST_PROXY: 'loopback' });
    const call = (ip: string, method = 'GET', path = '/v1/event-types', body?: unknown) =>
      app.h.call(method, path, body, { 'x-forwarded-for': ip, 'x-forwarded-proto': 'https' });

    it('counts each client the proxy names on its own, and sends HSTS to a client that came over https', async () => {
      expectStatus(await call('203.0.113.1'), 200);
      expectStatus(await call('203.0.113.1'), 200);
      expectError(await call('203.0.113.1'), 429);
      const other = expectStatus(await call('203.0.113.2'), 200);
      expect(other.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    });

    it('without API_TOKENS, a client the proxy names is not loopback: its write is refused', async () => {
      expectError(await call('203.0.113.9', 'POST', '/v1/events', action()), 403, 'loopback');
    });
  });
});
